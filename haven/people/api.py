"""People API: the known-to search, a person's record and changes to its core details.

Every view is thin: validate the request, call one selector or service, serialize. Access rules
live in ``haven.cases.access``; a person the caller may not see is "not found".

"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from haven.core.api import HavenAPIView, error_responses
from haven.matching.selectors import person_search
from haven.people.selectors import (
    SearchRateLimited,
    addresses_for_user,
    person_get_for_user,
    relationships_for_user,
)
from haven.people.serializers import (
    PersonCoreSerializer,
    PersonSearchQuerySerializer,
    PersonSearchResponseSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
)
from haven.people.services import person_update

PERSON_ID = OpenApiParameter("person_id", int, OpenApiParameter.PATH, description="Person id.")

# ---------------------------------------------------------------------------------------------
# Views


class PersonSearchView(HavenAPIView):
    @extend_schema(
        operation_id="people_search",
        tags=["people"],
        summary="Search for a person across agencies",
        description=(
            "Matches every term against names, aliases, date of birth (DD/MM/YYYY or "
            "YYYY-MM-DD), year of birth and identifiers. People the caller may see come back in "
            'full; everyone else only as "known to <agency>, contact <team>", with no id, '
            "name or other detail. Needs a role that searches for people. The search is audited."
        ),
        parameters=[PersonSearchQuerySerializer],
        responses={200: PersonSearchResponseSerializer, **error_responses(400, 429)},
    )
    def get(self, request):
        query = PersonSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            results = person_search(user=request.user, query=query.validated_data["q"])
        except SearchRateLimited as limited:
            raise Throttled(wait=limited.retry_after, detail=limited.message) from None
        return Response(PersonSearchResponseSerializer({"results": results}).data)


class PersonDetailView(HavenAPIView):
    @extend_schema(
        operation_id="people_retrieve",
        tags=["people"],
        summary="A person's record",
        description=(
            "Names, identifiers, phones, addresses and relationships. A confidential address "
            "(placement, safe house) is shown only to users named on it; others see which team "
            "holds it. The other person in a relationship is named only if you may open their "
            "record. The view is audited."
        ),
        parameters=[PERSON_ID],
        responses={200: PersonSerializer, **error_responses(404)},
    )
    def get(self, request, person_id: int):
        person = person_get_for_user(user=request.user, person_id=person_id)
        context = {
            "addresses": addresses_for_user(user=request.user, person=person),
            "relationships": relationships_for_user(user=request.user, person=person),
        }
        return Response(PersonSerializer(person, context=context).data)

    @extend_schema(
        operation_id="people_partial_update",
        tags=["people"],
        summary="Change a person's core details",
        description=(
            "Send only the fields to change, with the `version` you read. If someone saved the "
            "record since, nothing is saved and the answer is 409 with what they changed."
        ),
        parameters=[PERSON_ID],
        request=PersonUpdateSerializer,
        responses={200: PersonCoreSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, person_id: int):
        person = person_get_for_user(user=request.user, person_id=person_id, record_view=False)
        serializer = PersonUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        person = person_update(
            actor=request.user, person=person, expected_version=version, **changes
        )
        return Response(PersonCoreSerializer(person).data)
