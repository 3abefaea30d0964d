"""Possible matches while a person is recorded: ``POST /api/v1/people/possible-matches/``
(POST, not GET: names and dates of birth must not end up in URLs and access logs); and the
duplicate review queue with each pair side by side, as the review pages show them."""

from django_countries import countries
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from haven.accounts import roles
from haven.core.api import BoundedListField, HavenAPIView, error_responses, role_permission
from haven.core.limits import too_many
from haven.matching import selectors
from haven.matching.live import Query
from haven.matching.selectors import possible_matches_for_user
from haven.matching.serializers import CandidateComparisonSerializer, QueueRowSerializer
from haven.people.models import DobPrecision, Gender
from haven.people.selectors import SearchRateLimited
from haven.people.serializers import KnownToSerializer

# Codes only: DRF copies a field's choices for every request, and the countries' names cost
# about 1.5 ms a lookup to copy.
COUNTRY_CODES = tuple(code for code, _ in countries)


class PossibleMatchQuerySerializer(serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1900,
        max_value=2100,
        help_text="When only the year of birth is known.",
    )
    dob_precision = serializers.ChoiceField(
        choices=DobPrecision.choices, required=False, default=DobPrecision.EXACT
    )
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, default=Gender.UNKNOWN)
    nationalities = BoundedListField(
        max_length=10,
        message=too_many(10, "nationalities"),
        child=serializers.ChoiceField(choices=COUNTRY_CODES),
        required=False,
        default=list,
    )
    aliases = BoundedListField(
        max_length=20,
        message=too_many(20, "aliases"),
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
    )
    phones = BoundedListField(
        max_length=10,
        message=too_many(10, "phone numbers"),
        child=serializers.CharField(max_length=30),
        required=False,
        default=list,
    )
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    identifiers = BoundedListField(
        max_length=20,
        message=too_many(20, "identifiers"),
        child=serializers.CharField(max_length=60),
        required=False,
        default=list,
        help_text='"kind:value" (e.g. "nhs_number:9434765919") or a bare value.',
    )
    limit = serializers.IntegerField(required=False, default=5, min_value=1, max_value=20)


class PossibleMatchSerializer(serializers.Serializer):
    visible = serializers.BooleanField()
    probability = serializers.FloatField(required=False)
    person_id = serializers.IntegerField(required=False)
    name = serializers.CharField(required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    why = serializers.ListField(child=serializers.CharField(), required=False)
    known_to = KnownToSerializer()
    message = serializers.CharField()


class PossibleMatchResponseSerializer(serializers.Serializer):
    results = PossibleMatchSerializer(many=True)


def _as_json(match) -> dict:
    known_to = {
        "agency": match.known_to.agency,
        "team": match.known_to.team,
        "email": match.known_to.email,
        "phone": match.known_to.phone,
        "break_glass_reference": match.known_to.break_glass_reference,
    }
    if match.person is None:
        return {"visible": False, "known_to": known_to, "message": match.message}
    person = match.person
    return {
        "visible": True,
        "probability": round(match.probability, 4),
        "person_id": person.pk,
        "name": person.full_name,
        "date_of_birth": person.date_of_birth,
        "why": list(match.why),
        "known_to": known_to,
        "message": match.known_to.message,
    }


class PossibleMatchesView(HavenAPIView):
    permission_classes = [role_permission(roles.RAISE_CONCERN)]

    @extend_schema(
        tags=["people"],
        summary="People who may be the person being recorded",
        description=(
            "For records the caller may see: the person, the probability and why. For any "
            "other record only 'Possibly known to <agency>, contact <team>'."
        ),
        request=PossibleMatchQuerySerializer,
        responses={200: PossibleMatchResponseSerializer, **error_responses(400, 429)},
    )
    def post(self, request):
        body = PossibleMatchQuerySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        limit = data.pop("limit")
        for name in ("nationalities", "aliases", "phones", "identifiers"):
            data[name] = tuple(data[name])
        try:
            matches = possible_matches_for_user(user=request.user, query=Query(**data), limit=limit)
        except SearchRateLimited as limited:
            raise Throttled(wait=limited.retry_after, detail=limited.message) from None
        return Response({"results": [_as_json(m) for m in matches]})


CANDIDATE_ID = OpenApiParameter(
    "candidate_id", int, OpenApiParameter.PATH, description="Possible duplicate (pair) id."
)


class DuplicateQueueView(HavenAPIView):
    permission_classes = [role_permission(roles.REVIEW_MATCHES)]

    @extend_schema(
        operation_id="duplicates_list",
        tags=["people"],
        summary="Possible duplicate records waiting for your review",
        description=(
            "As the review queue page lists them: pairs the hourly job proposed that your "
            "agency may review (it owns one record and knows of both), the most likely first, "
            "at most 50; a plain list, not paginated. Managers only (others get 403). The "
            "read is audited."
        ),
        responses={200: QueueRowSerializer(many=True), **error_responses()},
    )
    def get(self, request):
        rows = selectors.review_queue_rows(
            user=request.user, candidates=selectors.review_queue_for_user(user=request.user)[:50]
        )
        return Response(QueueRowSerializer(rows, many=True, context={"request": request}).data)


class DuplicateDetailView(HavenAPIView):
    permission_classes = [role_permission(roles.REVIEW_MATCHES)]

    @extend_schema(
        operation_id="duplicates_retrieve",
        tags=["people"],
        summary="A possible duplicate, both records side by side",
        description=(
            "As the pair's review page shows it: each record as far as you may see it (a "
            "record whose details you may not see gives its name, its age and who holds it), "
            "the evidence per comparison in codes and in words, the probability as a band, "
            "which record a merge keeps and why, and the agencies that must agree. A pair you "
            "may not review is 404; roles that never review, 403. The view of both people is "
            "audited."
        ),
        parameters=[CANDIDATE_ID],
        responses={200: CandidateComparisonSerializer, **error_responses(404)},
    )
    def get(self, request, candidate_id: int):
        comparison = selectors.candidate_comparison_for_reviewer(
            user=request.user, candidate_id=candidate_id
        )
        return Response(CandidateComparisonSerializer(comparison).data)
