"""Pages for a case's documents: add one, download one, withdraw one. The case page shows them
(``templatetags.document_panels``). Each view asks a selector, which asks the access door: a case
or document the user may not see is "not found"."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.limits import takes_uploads
from haven.documents import services
from haven.documents.forms import DocumentForm, WithdrawForm
from haven.documents.selectors import (
    DocumentDownload,
    document_download_for_user,
    document_get_for_withdrawal,
)


def _documents_on_case_page(case_id: int) -> str:
    return reverse("cases:case_detail", args=[case_id]) + "#documents"


@takes_uploads("HAVEN_DOCUMENT_MAX_BYTES")
@require_http_methods(["GET", "POST"])
def document_add(request, case_id: int):
    view = case_get_for_user(
        user=request.user,
        case_id=case_id,
        record_view=request.method == "GET",
        section=CaseSection.DOCUMENTS,
    )
    posted = request.method == "POST"
    form = DocumentForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        max_size=settings.HAVEN_DOCUMENT_MAX_BYTES,
    )
    if posted and form.is_valid():
        try:
            document = services.document_upload(
                actor=request.user, case=view.case, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Document added: {document.title}.")
            return redirect(_documents_on_case_page(view.case.pk))
    return render(request, "documents/document_form.html", {"form": form, "view": view})


def download_response(download: DocumentDownload) -> FileResponse:
    """The file as an attachment (never shown in the browser), of the type found in its content,
    never sniffed and never cached. The page and the API answer with this."""
    document = download.document
    response = FileResponse(
        download.file,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def document_download(request, case_id: int, document_id: int):
    return download_response(
        document_download_for_user(user=request.user, case_id=case_id, document_id=document_id)
    )


@require_http_methods(["GET", "POST"])
def document_withdraw(request, case_id: int, document_id: int):
    document = document_get_for_withdrawal(
        user=request.user,
        case_id=case_id,
        document_id=document_id,
        record_view=request.method == "GET",
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_withdraw(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Document withdrawn: {document.title}.")
            return redirect(_documents_on_case_page(case_id))
    return render(request, "documents/document_withdraw.html", {"form": form, "document": document})
