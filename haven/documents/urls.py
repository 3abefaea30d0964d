"""Pages for a case's documents. The URL names are a contract other code reverses."""

from django.urls import path

from haven.documents import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:case_id>/documents/new/", views.document_add, name="add"),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/download/",
        views.document_download,
        name="download",
    ),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/withdraw/",
        views.document_withdraw,
        name="withdraw",
    ),
]
