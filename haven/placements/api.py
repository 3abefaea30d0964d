"""Placements over the API, with the same rules as the pages: record one on a case, list a
case's, read one.
Views are thin: the selectors ask the access door and audit the read; a case or placement the
caller may not see is 404 whether or not it exists."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from haven.core.api import HavenAPIView, error_responses
from haven.placements.selectors import (
    case_get_for_placement,
    placement_get_for_user,
    placements_for_case_for_user,
)
from haven.placements.serializers import PlacementInputSerializer, PlacementSerializer
from haven.workflows.placements import placement_record_with_tasks

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
PLACEMENT_ID = OpenApiParameter(
    "placement_id", int, OpenApiParameter.PATH, description="Placement id."
)
ADDRESS_RULE = (
    "The address is confidential: a caller not named on it gets `address_line` and `postcode` "
    "null, `address_confidential` true and `held_by` (the team holding it). Each view of the "
    "address by a named user is audited."
)


class CasePlacementsView(HavenAPIView):
    service_field_names = {"named_users": "named_user_ids"}

    @extend_schema(
        operation_id="cases_placements_list",
        tags=["placements"],
        summary="A case's placements",
        description=(
            "Current and past placements, newest first, with their safety plans, as the case "
            "page's placement panel shows them; a plain list, not paginated. For whoever sees "
            "the case's placement section (the lead authority, break-glass, a share of that "
            f"section); 404 for anyone else. The read is audited. {ADDRESS_RULE}"
        ),
        parameters=[CASE_ID],
        responses={200: PlacementSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        shown = placements_for_case_for_user(user=request.user, case_id=case_id)
        return Response(PlacementSerializer(shown, many=True).data)

    @extend_schema(
        operation_id="cases_placements_create",
        tags=["placements"],
        summary="Record a placement on a case",
        description=(
            'As the "Record a placement" page. Only the lead authority\'s practitioners and '
            "managers (403 for others who see the case's placement section; 404 for anyone "
            "else). `named_user_ids`: users of the caller's agency who may see the address. "
            "A `safe_house` placement adds `safe_house_escalation` to the case's tasks and asks "
            "the lead authority's senior officers to acknowledge it; `out_of_area` (with "
            "`receiving_area`, default outside Cheshire) adds `notify_cross_border`. The "
            f"placement current until now ends on this one's start date. {ADDRESS_RULE}"
        ),
        parameters=[CASE_ID],
        request=PlacementInputSerializer,
        responses={201: PlacementSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_placement(user=request.user, case_id=case_id, record_view=False)
        serializer = PlacementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        placement = placement_record_with_tasks(
            actor=request.user, case=view.case, **serializer.arguments()
        )
        shown = placement_get_for_user(
            user=request.user, placement_id=placement.pk, record_view=False
        )
        return Response(PlacementSerializer(shown).data, status=status.HTTP_201_CREATED)


class PlacementDetailView(HavenAPIView):
    @extend_schema(
        operation_id="placements_retrieve",
        tags=["placements"],
        summary="A placement",
        description=(
            "For whoever sees the case's placement section (the lead authority, break-glass, a "
            f"share of that section); 404 for anyone else. With its safety plan. {ADDRESS_RULE}"
        ),
        parameters=[PLACEMENT_ID],
        responses={200: PlacementSerializer, **error_responses(404)},
    )
    def get(self, request, placement_id: int):
        shown = placement_get_for_user(user=request.user, placement_id=placement_id)
        return Response(PlacementSerializer(shown).data)
