"""The dashboard over the API (decision 0033): the page's figures, as published; and the
Boards' quarterly report as the page's PDF (decision 0034)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from haven.accounts import roles
from haven.core.api import HavenAPIView, error_responses, role_permission
from haven.documents.api import FileOrJsonErrors
from haven.reporting.dashboard import figures_published
from haven.reporting.serializers import (
    BoardReportQuerySerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
)
from haven.reporting.views import board_report_response


class DashboardView(HavenAPIView):
    permission_classes = [role_permission(roles.VIEW_AGGREGATES)]

    @extend_schema(
        operation_id="dashboard_retrieve",
        tags=["Strategic view"],
        summary="The strategic dashboard's figures for an area and period",
        description=(
            "Every figure of the dashboard for `area` (an authority's code, or `pan_cheshire`) "
            "from `from` to `to` (inclusive), with the previous period of equal length and "
            "the last six quarters. Figure codes are stable (decision 0033). Counts from 1 to 5 "
            'are "c", with secondary suppression so none can be worked out from a total; a '
            "timeliness or share figure also has `out_of` and its `rate`. Strategic leads only; "
            "a bad area or date is 400."
        ),
        parameters=[
            OpenApiParameter(
                "area", str, required=True, description="An area code, or pan_cheshire."
            ),
            OpenApiParameter("from", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, required=True, description="YYYY-MM-DD"),
        ],
        responses={200: DashboardSerializer, **error_responses(400)},
    )
    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        chosen = query.validated_data
        dashboard = figures_published(
            area=chosen["area"], start=chosen["date_from"], end=chosen["date_to"]
        )
        return Response(DashboardSerializer(dashboard).data)


class BoardReportView(HavenAPIView):
    permission_classes = [role_permission(roles.VIEW_AGGREGATES)]
    content_negotiation_class = FileOrJsonErrors

    @extend_schema(
        operation_id="dashboard_board_report",
        tags=["Strategic view"],
        summary="A Board's quarterly report (PDF)",
        description=(
            "The quarterly report for `area`'s Safeguarding Children Board (an authority's "
            "code), or the Pan Cheshire Strategic Group (`pan_cheshire`), on `quarter` "
            "(`2026-Q1` is January to March): the dashboard's figures for the quarter as "
            'published (counts from 1 to 5 are "c"), their charts and tables, the training '
            "results and the commentary written for that Board and quarter. Every download is "
            "audited. Strategic leads only; a bad area or quarter is 400."
        ),
        parameters=[
            OpenApiParameter(
                "area", str, required=True, description="An area code, or pan_cheshire."
            ),
            OpenApiParameter("quarter", str, required=True, description="YYYY-Qn, like 2026-Q1"),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The report."
            )
        }
        | error_responses(400),
    )
    def get(self, request):
        query = BoardReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return board_report_response(request, **query.validated_data)
