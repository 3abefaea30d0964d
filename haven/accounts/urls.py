from django.urls import path

from haven.accounts import views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("admin/agencies/", views.agency_list, name="agency_list"),
    path(
        "admin/agencies/<int:agency_id>/senior-officers/",
        views.agency_senior_officers,
        name="agency_senior_officers",
    ),
    path("admin/users/", views.user_list, name="user_list"),
    path("admin/users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("admin/users/<int:user_id>/<slug:action>/", views.user_action, name="user_action"),
    # "Forgotten your password?": no sign-in needed; the link comes by email.
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
