"""Reading documents: whoever the access door lets see a case's documents section (the lead
authority, break-glass, a share of that section) sees its documents and downloads them; every
download is audited with the content served. A withdrawn document is listed but never served."""

from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import case_access, may_see_record, require_record
from haven.cases.models import CaseSection
from haven.documents.models import Document
from haven.documents.storage import document_storage


def may_withdraw(*, user, case) -> bool:
    """A manager of the lead authority withdraws a document."""
    access = case_access(user, case)
    return access is not None and access.leads and user.has_role_permission(roles.APPROVE)


def documents_for_case(*, user, case) -> QuerySet[Document] | None:
    """The case's documents, newest first, withdrawn ones included; None for a user who may not
    see the documents section (the case page's panel then shows nothing)."""
    if not may_see_record(user, section=CaseSection.DOCUMENTS, case=case):
        return None
    return Document.objects.filter(case=case).select_related(
        "uploaded_by", "uploaded_by_agency", "withdrawn_by"
    )


def case_documents_for_user(*, user, view) -> QuerySet[Document]:
    """A case's documents as the API lists them, for a ``CaseView`` from ``case_get_for_user``:
    "not found" without the documents section. Records the read (titles are about the child)."""
    documents = documents_for_case(user=user, case=view.case)
    if documents is None:
        raise Http404("No such section")
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("documents.document", f"case:{view.case.pk}"),
        person_id=view.case.person_id,
    )
    return documents


def _document_for_user(*, user, case_id: int, document_id: int) -> Document:
    """One document of case ``case_id``, if ``user`` may see the case's documents; otherwise
    "not found", as for a document that does not exist. The caller records what it does."""
    document = (
        Document.objects.select_related(
            "case__person", "uploaded_by", "uploaded_by_agency", "withdrawn_by"
        )
        .filter(pk=document_id, case_id=case_id)
        .first()
    )
    if document is None:
        raise Http404("No such document")
    require_record(user, section=CaseSection.DOCUMENTS, case=document.case)
    return document


def document_get_for_withdrawal(
    *, user, case_id: int, document_id: int, record_view: bool = True
) -> Document:
    """A document ``user`` may withdraw. Not visible: "not found"; visible but not theirs to
    withdraw (not a manager of the lead authority): 403, before anything is recorded."""
    document = _document_for_user(user=user, case_id=case_id, document_id=document_id)
    if not may_withdraw(user=user, case=document.case):
        raise PermissionDenied("Only a manager in the lead authority can withdraw a document.")
    if record_view:
        audit_record(
            actor=user, verb=Verb.VIEWED, target=document, person_id=document.case.person_id
        )
    return document


@dataclass(frozen=True)
class DocumentDownload:
    document: Document
    file: BinaryIO


def document_download_for_user(*, user, case_id: int, document_id: int) -> DocumentDownload:
    """The document's file, opened for ``user``, with the download audited (the SHA-256 of the
    content served). A withdrawn document is "not found": it is no longer served."""
    document = _document_for_user(user=user, case_id=case_id, document_id=document_id)
    if document.withdrawn:
        raise Http404("Withdrawn")
    file = document_storage().open(document.stored_name, "rb")
    audit_record(
        actor=user,
        verb=Verb.DOCUMENT_DOWNLOADED,
        target=document,
        person_id=document.case.person_id,
        changes={"sha256": document.sha256},
    )
    return DocumentDownload(document=document, file=file)
