"""Pages for concerns, the front door, cases and break-glass access. The URL names are a
contract other code reverses."""

from django.urls import path

from haven.cases import views

app_name = "cases"
urlpatterns = [
    path("concerns/new/", views.concern_start, name="concern_start"),
    path("concerns/new/person/", views.concern_create_new_person, name="concern_create_new_person"),
    path("concerns/new/<int:person_id>/", views.concern_create, name="concern_create"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:concern_id>/decision/", views.concern_decide, name="concern_decide"),
    path("front-door/", views.front_door, name="front_door"),
    path("front-door/<slug:area>/", views.front_door_area, name="front_door_area"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/chronology/", views.chronology, name="chronology"),
    path("cases/<int:case_id>/notes/new/", views.note_add, name="note_add"),
    path("cases/<int:case_id>/share/", views.share, name="share"),
    path(
        "cases/<int:case_id>/shares/<int:share_id>/revoke/",
        views.share_revoke,
        name="share_revoke",
    ),
    path("cases/<int:case_id>/close/", views.case_close, name="case_close"),
    path("cases/<int:case_id>/summary/", views.case_summary, name="case_summary"),
    path("cases/<int:case_id>/summary.pdf", views.case_summary_pdf, name="case_summary_pdf"),
    path("cases/<int:case_id>/allocate/", views.case_allocate, name="case_allocate"),
    path("cases/<int:case_id>/transfer/", views.case_transfer, name="case_transfer"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer_detail"),
    path(
        "transfers/<int:transfer_id>/withdraw/",
        views.transfer_withdraw,
        name="transfer_withdraw",
    ),
    path("cases/<int:case_id>/break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/", views.break_glass_start, name="break_glass_start"),
    path("break-glass/reviews/", views.break_glass_reviews, name="break_glass_reviews"),
    path("break-glass/approvals/", views.break_glass_approvals, name="break_glass_approvals"),
    path(
        "break-glass/approvals/<int:access_id>/",
        views.break_glass_approval,
        name="break_glass_approval",
    ),
    path(
        "break-glass/reviews/<int:access_id>/",
        views.break_glass_review,
        name="break_glass_review",
    ),
]
