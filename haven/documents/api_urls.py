"""Documents API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.documents import api

urlpatterns = [
    path(
        "cases/<int:case_id>/documents/",
        api.CaseDocumentsView.as_view(),
        name="api-case-documents",
    ),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/download/",
        api.DocumentDownloadView.as_view(),
        name="api-case-document-download",
    ),
]
