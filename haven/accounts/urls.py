from django.urls import path

from haven.accounts import views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("admin/agencies/", views.agency_list, name="agency_list"),
    path("admin/users/", views.user_list, name="user_list"),
    path("admin/users/<int:user_id>/<slug:action>/", views.user_action, name="user_action"),
]
