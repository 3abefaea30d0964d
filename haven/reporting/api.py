"""The dashboard over the API (decision 0033): the page's figures, as published."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from haven.accounts import roles
from haven.core.api import HavenAPIView, error_responses, role_permission
from haven.reporting.dashboard import figures_published
from haven.reporting.serializers import DashboardQuerySerializer, DashboardSerializer


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
