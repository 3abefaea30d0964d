from django.urls import path

from haven.drafts import views

app_name = "drafts"
urlpatterns = [
    path("keep-alive/", views.session_keep_alive, name="keep_alive"),
    path("timed-out/", views.session_timed_out, name="timed_out"),
]
