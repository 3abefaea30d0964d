from django.urls import path

from haven.intelligence import views

app_name = "intelligence"
urlpatterns = [
    # ------------------------------------------------------ operational group meetings (0030)
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
]
