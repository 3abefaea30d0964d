from django.urls import path

from haven.meetings import views

app_name = "meetings"
urlpatterns = [
    path("cases/<int:case_id>/meetings/new/", views.schedule, name="schedule"),
    path("meetings/<int:meeting_id>/", views.detail, name="detail"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
