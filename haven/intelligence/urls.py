"""Intelligence pages, under ``/intelligence/`` and the case's ``/cases/<id>/intelligence/``.
The URL names are a contract other code reverses."""

from django.urls import path

from haven.intelligence import views

app_name = "intelligence"
urlpatterns = [
    # --- Entities and links: the analyst workspace and recording from a case (intel-api) ---
    path("intelligence/", views.workspace, name="workspace"),
    path("intelligence/entities/", views.entity_search, name="entity_search"),
    path("intelligence/entities/new/", views.entity_new, name="entity_new"),
    path(
        "intelligence/entities/new/<slug:entity_type>/",
        views.entity_new_details,
        name="entity_new_details",
    ),
    path("intelligence/entities/<int:entity_id>/", views.entity_detail, name="entity_detail"),
    path(
        "intelligence/entities/<int:entity_id>/links/new/",
        views.entity_link_new,
        name="entity_link_new",
    ),
    path(
        "intelligence/entities/<int:entity_id>/links/new/<slug:entity_type>/",
        views.entity_link_details,
        name="entity_link_details",
    ),
    path("intelligence/entities/<int:entity_id>/merge/", views.entity_merge, name="entity_merge"),
    path("intelligence/merges/<int:merge_id>/reverse/", views.merge_reverse, name="merge_reverse"),
    path("cases/<int:case_id>/intelligence/links/new/", views.case_link_new, name="case_link_new"),
    path(
        "cases/<int:case_id>/intelligence/links/new/<slug:entity_type>/",
        views.case_link_details,
        name="case_link_details",
    ),
    # --- Hotspots (decision 0028) ---
    path("intelligence/hotspots/", views.hotspots, name="hotspots"),
    path("intelligence/hotspots/<int:hotspot_id>/", views.hotspot, name="hotspot"),
    # --- Operational group meetings (decision 0030) ---
    path("intelligence/groups/", views.group_list, name="groups"),
    path("intelligence/groups/schedule/", views.group_schedule, name="group_schedule"),
    path("intelligence/groups/<int:meeting_id>/", views.group_detail, name="group"),
    path(
        "intelligence/groups/<int:meeting_id>/attendees/add/",
        views.group_attendee_add,
        name="group_attendee_add",
    ),
    path(
        "intelligence/groups/<int:meeting_id>/attendees/<int:attendee_id>/",
        views.group_attendance,
        name="group_attendance",
    ),
    path(
        "intelligence/groups/<int:meeting_id>/subjects/add/",
        views.group_subject_add,
        name="group_subject_add",
    ),
    path(
        "intelligence/groups/<int:meeting_id>/subjects/<int:subject_id>/information/add/",
        views.group_information_add,
        name="group_information_add",
    ),
    path(
        "intelligence/groups/<int:meeting_id>/subjects/<int:subject_id>/actions/add/",
        views.group_action_add,
        name="group_action_add",
    ),
    path(
        "intelligence/groups/<int:meeting_id>/minutes.pdf",
        views.group_minutes_pdf,
        name="group_minutes_pdf",
    ),
    # --- Network view and exports (decision 0029) ---
    path("intelligence/network/", views.network, name="network"),
    path("intelligence/network/export/", views.network_export, name="network_export"),
]
