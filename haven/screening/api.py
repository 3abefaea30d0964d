"""``POST /api/v1/screening/assess``: screen what was recorded, store nothing.

Authentication and permissions are the project defaults. Nothing is saved or audited here because
nothing is read from or written to a record; screening a case goes through the case services.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.cases.selectors import case_get_for_user
from haven.core.api import BoundedListField, HavenAPIView, error_responses
from haven.core.areas import AREAS_INVOLVED, Area
from haven.core.limits import too_many
from haven.screening.engine import assess
from haven.screening.serializers import (
    ScreeningErrorSerializer,
    ScreeningInputSerializer,
    ScreeningResultSerializer,
)
from haven.workflows.new_information import case_information_record

EXAMPLE_REQUEST = {
    "age_years": 15,
    "date_of_birth": "2010-05-01",
    "age_uncertain": False,
    "appears_under_18": None,
    "nationality": "GB",
    "first_language_english": True,
    "immediate_danger": False,
    "codes": ["ind.found_at_adult_address", "purpose.sexual_exploitation"],
    "circumstances": {
        "returned_from_missing_at": None,
        "arrested_or_suspected_offence": False,
        "parents_or_carers_complicit": False,
        "reunification_planned": False,
        "accommodated": False,
        "abduction_risk": None,
        "criminal_network": False,
        "home_area": Area.WARRINGTON.value,
        "areas_involved": [Area.WARRINGTON.value],
        "consents_to_nrm": None,
        "ictg_available": None,
    },
    "assessed_at": "2026-11-24T10:00:00+00:00",
}


class ScreeningAssessView(APIView):
    # The contract is a JSON object; form encodings would turn booleans and lists into strings.
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="screening_assess",
        tags=["screening"],
        summary="Screen a person against the trafficking definition",
        description=(
            "Applies the UN definition (a child needs an act and a purpose; an adult an act, a "
            "means and a purpose), presumes a child where age is uncertain, and lists every "
            "action the Pan Cheshire strategy requires, with lead and due time, and a "
            "plain-English explanation. Stateless: nothing is stored."
        ),
        request=ScreeningInputSerializer,
        responses={
            200: ScreeningResultSerializer,
            400: OpenApiResponse(
                response=ScreeningErrorSerializer,
                description="The body is not a JSON object, or a field is invalid (unknown "
                "code or area, negative age, date of birth after the assessment, ...).",
            ),
        },
        examples=[
            OpenApiExample(
                "Child found at an adult's address",
                value=EXAMPLE_REQUEST,
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = ScreeningInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = assess(screening_input=serializer.screening_input)
        return Response(result.to_dict())


class CaseInformationSerializer(serializers.Serializer):
    returned_from_missing_at = serializers.DateTimeField(required=False, allow_null=True)
    arrested_or_suspected_offence = serializers.BooleanField(required=False, allow_null=True)
    parents_or_carers_complicit = serializers.BooleanField(required=False, allow_null=True)
    criminal_network = serializers.BooleanField(required=False, allow_null=True)
    accommodated = serializers.BooleanField(required=False, allow_null=True)
    reunification_planned = serializers.BooleanField(required=False, allow_null=True)
    abduction_risk = serializers.ChoiceField(
        choices=["low", "medium", "high"], required=False, allow_null=True
    )
    areas_involved = BoundedListField(
        max_length=len(AREAS_INVOLVED),
        message=too_many(len(AREAS_INVOLVED), "areas"),
        child=serializers.ChoiceField(choices=AREAS_INVOLVED),
        required=False,
        default=list,
    )


class CaseInformationView(HavenAPIView):
    """New facts about a child's situation, from a partner system (e.g. a police custody
    record of an arrest, a return from a missing episode). The case is re-screened."""

    @extend_schema(
        tags=["cases"],
        summary="Record new information on a case and re-screen it",
        request=CaseInformationSerializer,
        responses={201: ScreeningResultSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(
            user=request.user, case_id=case_id, record_view=False, whole_case=True
        )
        body = CaseInformationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        screening = case_information_record(
            actor=request.user,
            case=view.case,
            returned_from_missing_at=data.pop("returned_from_missing_at", None),
            abduction_risk=data.pop("abduction_risk", None),
            areas_involved=data.pop("areas_involved"),
            flags=data,
        )
        return Response(screening.result, status=201)
