"""Intelligence over the API. Views are thin: the selectors ask the door and audit."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from haven.core.api import HavenAPIView, error_responses
from haven.intelligence import selectors
from haven.intelligence.serializers import HotspotSerializer, hotspot_body

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
