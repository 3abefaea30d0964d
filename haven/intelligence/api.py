"""Intelligence over the API, with the same rules as the pages (decision 0026). Views are thin:
the selectors ask the access door and the handling-code door (404 for what the caller may not
see), the services check who may record what (403) and validate (400)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from haven.core.api import HavenAPIView, error_responses
from haven.intelligence import selectors, services
from haven.intelligence.exports import network_export_for_user
from haven.intelligence.network import NetworkFilters, network_view_for_user
from haven.intelligence.serializers import (
    EntityDetailSerializer,
    EntityInputSerializer,
    EntitySearchSerializer,
    EntitySerializer,
    HotspotSerializer,
    LinkInputSerializer,
    LinkSerializer,
    NetworkExportQuerySerializer,
    NetworkQuerySerializer,
    NetworkSerializer,
    hotspot_body,
)
from haven.workflows.intelligence import intelligence_link_record

# --- Entities and links (intel-api) ---------------------------------------------------------

TAGS = ["intelligence"]
WHO = (
    "Analysts, and practitioners and managers (for the cases whose intelligence section they "
    "see); anyone else gets 403. A link handled C exists only for the agency that recorded it "
    "and the agencies its conditions name: for every other caller it is absent, and never "
    "counted. A case at a link's end is shown only to those who see its intelligence section, "
    'an entity only to analysts and through a link from such a case: otherwise "restricted".'
)

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
ENTITY_ID = OpenApiParameter("entity_id", int, OpenApiParameter.PATH, description="Entity id.")


def _links_of(request, link) -> dict:
    [view] = selectors.link_views(request.user, [link])
    return LinkSerializer(view).data


class EntitiesView(HavenAPIView):
    @extend_schema(
        operation_id="intelligence_entities_list",
        tags=TAGS,
        summary="Search entities",
        description=f"{WHO} `q` keeps the entities whose details contain every word, or whose "
        "postcode, registration mark or phone number is `q` normalised; `entity_type` keeps one "
        "kind. An analyst searches every entity, a practitioner or manager those linked to "
        "their cases. At most 50, newest first. The search is audited.",
        parameters=[EntitySearchSerializer],
        responses={200: EntitySerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        query = EntitySearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.entity_search(
            user=request.user,
            query=query.validated_data["q"],
            entity_type=query.validated_data["entity_type"],
        )
        return Response(EntitySerializer(found, many=True).data)

    @extend_schema(
        operation_id="intelligence_entities_create",
        tags=TAGS,
        summary="Record a person, place, vehicle, phone, account, business or group",
        description=f"{WHO} An address needs `line` or `postcode`, a vehicle `registration`, a "
        "phone `number`, the others `name`. Values are normalised (postcode, registration "
        "mark, E.164 number); one that cannot be is refused (400, nothing saved). When an "
        "entity with the same normalised key exists, that entity is returned unchanged with "
        "200 (same `id`); a new one is 201.",
        request=EntityInputSerializer,
        responses={
            201: OpenApiResponse(EntitySerializer, description="Recorded now."),
            200: OpenApiResponse(EntitySerializer, description="Already known: that entity."),
            **error_responses(400),
        },
    )
    def post(self, request):
        serializer = EntityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entity_type = data.pop("entity_type")
        entity, new = services.entity_record(
            actor=request.user,
            entity_type=entity_type,
            description=data.pop("description"),
            latitude=data.pop("latitude"),
            longitude=data.pop("longitude"),
            values=data,
        )
        return Response(
            EntitySerializer(entity).data,
            status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
        )


class EntityView(HavenAPIView):
    @extend_schema(
        operation_id="intelligence_entities_retrieve",
        tags=TAGS,
        summary="An entity and its links",
        description=f"{WHO} An entity the caller may not see in detail is 404. The read is "
        "audited.",
        parameters=[ENTITY_ID],
        responses={200: EntityDetailSerializer, **error_responses(404)},
    )
    def get(self, request, entity_id: int):
        view = selectors.entity_view_for_user(user=request.user, entity_id=entity_id)
        data = EntitySerializer(view.entity).data
        data["links"] = LinkSerializer(view.links, many=True).data
        return Response(data)


class LinksView(HavenAPIView):
    service_field_names = {"from_case": "from", "from_entity": "from", "to_entity": "to"}

    @extend_schema(
        operation_id="intelligence_links_create",
        tags=TAGS,
        summary="Record a graded link from a case or an entity to an entity",
        description=f"{WHO} `from` is `case:<id>` (a case whose intelligence section the "
        "caller sees: 404 otherwise) or `entity:<id>` (analysts only: 403 for others); `to` is "
        "`entity:<id>` (404 when there is none). Graded 3x5x2: `handling_code` C needs "
        "`handling_conditions` (400) and may name `shared_with_agency_ids`; a P link names "
        "none. `source` is `intelligence_report` when not given. Nothing is saved on a refusal.",
        request=LinkInputSerializer,
        responses={201: LinkSerializer, **error_responses(400, 404)},
    )
    def post(self, request):
        serializer = LinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind, start_id = data.pop("from")
        _kind, to_id = data.pop("to")
        start = selectors.link_start(request.user, kind, start_id)
        link, _new = intelligence_link_record(
            actor=request.user,
            to_entity=selectors.entity_for_linking(request.user, to_id),
            **start,
            **data,
        )
        return Response(_links_of(request, link), status=status.HTTP_201_CREATED)


class CaseLinksView(HavenAPIView):
    @extend_schema(
        operation_id="cases_intelligence_links_list",
        tags=TAGS,
        summary="A case's intelligence links",
        description=f"{WHO} A case whose intelligence section the caller does not see is 404. "
        "The read is audited.",
        parameters=[CASE_ID],
        responses={200: LinkSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        views = selectors.case_links_for_user(user=request.user, case_id=case_id)
        return Response(LinkSerializer(views, many=True).data)


# --- Hotspots (decision 0028) --------------------------------------------------------------


class HotspotsView(HavenAPIView):
    @extend_schema(
        operation_id="intelligence_hotspots_list",
        tags=["intelligence"],
        summary="Active intelligence hotspots",
        description=(
            "Entities linked to several children, or to children of more than one authority "
            "(P links only). Analysts get every active hotspot; those who work cases get the "
            "hotspots involving a case whose intelligence section they see. `cases` lists only "
            "the cases the caller may see; `other_cases` counts the rest; a restricted entity "
            "has no detail. Anyone else gets 403. Audited."
        ),
        responses={200: HotspotSerializer(many=True), **error_responses(403)},
    )
    def get(self, request):
        views = selectors.hotspots_for_user(request.user)
        return Response([hotspot_body(view) for view in views])


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
