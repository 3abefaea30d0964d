"""Intelligence over the API. Thin: the selectors and the network module ask the access door
(decision 0026), the handling code included."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from haven.core.api import HavenAPIView, error_responses
from haven.intelligence.exports import network_export_for_user
from haven.intelligence.network import NetworkFilters, network_view_for_user
from haven.intelligence.serializers import (
    NetworkExportQuerySerializer,
    NetworkQuerySerializer,
    NetworkSerializer,
)

# --- Network view and exports (decision 0029) ----------------------------------------------

NETWORK_WHO = (
    "Analysts, and those who work cases from a case whose intelligence section they see. A "
    "link handled `C` that your agency may not see is absent, and so is any node reachable "
    "only through it; nodes you may not see are `restricted`, with no detail, and the network "
    "does not go on through them. Another role gets 403; a root you may not see 404."
)


def _query(serializer_class, request) -> tuple[dict, NetworkFilters]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    filters = NetworkFilters(
        link_types=frozenset(data["link_type"]),
        since=data.get("since"),
        until=data.get("until"),
        min_grading=data["min_grading"],
    )
    return data, filters


class NetworkView(HavenAPIView):
    service_field_names = {"link_types": "link_type"}

    @extend_schema(
        operation_id="network_retrieve",
        tags=["intelligence"],
        summary="The network around a case or an entity, up to 2 steps",
        description=f"{NETWORK_WHO} The read is audited.",
        parameters=[NetworkQuerySerializer],
        responses={200: NetworkSerializer, **error_responses(400, 404)},
    )
    def get(self, request):
        data, filters = _query(NetworkQuerySerializer, request)
        network = network_view_for_user(
            request.user, data["root"], hops=data["hops"], filters=filters
        )
        return Response(NetworkSerializer(network).data)


class NetworkExportView(HavenAPIView):
    service_field_names = {"link_types": "link_type"}

    def perform_content_negotiation(self, request, force=False):
        # ``format`` names the export here, not one of DRF's renderers: errors stay JSON.
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        operation_id="intelligence_export_retrieve",
        tags=["intelligence"],
        summary="Export a network as GraphML or FollowTheMoney entities",
        description=(
            f"{NETWORK_WHO} `graphml`: the graph, restricted nodes as placeholders. `ftm`: "
            "FollowTheMoney entities, one JSON object a line, restricted nodes and their links "
            "left out; a child's case only as its reference. Audited as `network_exported`."
        ),
        parameters=[NetworkExportQuerySerializer],
        responses={200: OpenApiResponse(OpenApiTypes.BINARY), **error_responses(400, 404)},
    )
    def get(self, request):
        data, filters = _query(NetworkExportQuerySerializer, request)
        export = network_export_for_user(
            request.user, data["root"], format=data["format"], hops=data["hops"], filters=filters
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
