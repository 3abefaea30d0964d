"""Intelligence pages. Views are thin: the selectors ask the door and audit."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.intelligence import selectors

# --- Hotspots (decision 0028) --------------------------------------------------------------


@require_GET
def hotspots(request):
    return render(
        request,
        "intelligence/hotspots.html",
        {
            "views": selectors.hotspots_for_user(request.user),
            "analyst": selectors.is_analyst(request.user),
        },
    )


@require_GET
def hotspot(request, hotspot_id: int):
    return render(
        request,
        "intelligence/hotspot.html",
        {
            "view": selectors.hotspot_get_for_user(request.user, hotspot_id),
            "analyst": selectors.is_analyst(request.user),
        },
    )
