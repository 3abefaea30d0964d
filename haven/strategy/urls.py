from django.urls import path, re_path

from haven.strategy import views

app_name = "strategy"

urlpatterns = [
    path("national-figures/", views.national_figures, name="national_figures"),
    path("national-figures/add/", views.national_figures_add, name="national_figures_add"),
    path("training/", views.training, name="training"),
    path("training/courses/add/", views.course_add, name="course_add"),
    path("training/courses/<int:course_id>/", views.course, name="course"),
    path("training/courses/<int:course_id>/sessions/add/", views.session_add, name="session_add"),
    path("training/sessions/<int:session_id>/", views.session, name="session"),
    path(
        "training/sessions/<int:session_id>/attendees/add/",
        views.attendee_add,
        name="attendee_add",
    ),
    re_path(
        r"^training/attendees/(?P<attendee_id>[0-9]+)/(?P<stage>before|after)/$",
        views.questionnaire,
        name="questionnaire",
    ),
    path("action-plans/", views.action_plans, name="action_plans"),
    path("action-plans/add/", views.action_plan_add, name="action_plan_add"),
    path("action-plans/<int:plan_id>/", views.action_plan, name="action_plan"),
    path(
        "action-plans/<int:plan_id>/actions/add/",
        views.plan_action_add_page,
        name="plan_action_add",
    ),
    path("action-plans/actions/<int:action_id>/", views.plan_action, name="plan_action"),
    path("anonymised-dataset/", views.anonymised_dataset_page, name="anonymised_dataset"),
    re_path(
        r"^board-reports/(?P<area>[a-z_]+)/(?P<quarter>[0-9]{4}-Q[1-4])/commentary/$",
        views.board_commentary_page,
        name="board_commentary",
    ),
]
