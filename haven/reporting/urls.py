from django.urls import re_path

from haven.reporting import views

app_name = "reporting"

urlpatterns = [
    re_path(r"^$", views.dashboard, name="dashboard"),
    re_path(r"^report\.pdf$", views.board_report_download, name="board_report"),
    re_path(
        r"^(?P<code>[a-z0-9_]+)\.(?P<file_format>csv|xlsx)$",
        views.download,
        name="dashboard_download",
    ),
]
