"""Adding a document to a case and withdrawing one.

An upload is checked (size, type from the content, extension), scanned for viruses, stored
under a random name, recorded, audited and added to the chronology; nothing is stored unless
all of it succeeds. Withdrawing keeps the row and the file but stops them being served."""

import hashlib
import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.cases.access import may_change_record
from haven.cases.models import Case, CaseSection, ChronologyKind
from haven.cases.services import MIN_REASON_LENGTH, chronology_add
from haven.core.uploads import HEAD_BYTES, FileRefused, file_name_cleaned, new_stored_name
from haven.documents import scanning
from haven.documents.content import allowed_type_of
from haven.documents.models import Document, ScanStatus
from haven.documents.selectors import may_withdraw
from haven.documents.storage import document_storage

logger = logging.getLogger(__name__)

VIRUS_FOUND = "The selected file contains a virus"
NOT_CHECKED = "The selected file could not be uploaded – try again"


def _head_and_sha256(file) -> tuple[bytes, str]:
    """The file's first bytes (for its type) and the SHA-256 of all of it."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return head, digest.hexdigest()


def _scan(*, actor: User, case: Case, file) -> scanning.ScanResult:
    try:
        result = scanning.scan(file)
    except scanning.ScanFailed:
        logger.exception(
            "Virus scan failed: upload to case %s by user %s refused", case.pk, actor.pk
        )
        raise ValidationError({"file": NOT_CHECKED}) from None
    if result.infected:
        logger.warning(
            "Virus found in an upload to case %s by user %s: %s", case.pk, actor.pk, result.found
        )
        raise ValidationError({"file": VIRUS_FOUND})
    return result


def document_upload(
    *,
    actor: User,
    case: Case,
    file,
    kind: str,
    title: str,
    description: str = "",
    document_date: date | None = None,
) -> Document:
    """Add ``file`` (an uploaded file) to ``case``. Whoever sees the case's documents section
    (the lead authority, break-glass, a share of it) may add one."""
    if not may_change_record(actor, section=CaseSection.DOCUMENTS, case=case):
        raise PermissionDenied("You cannot add documents to this case.")
    name = file_name_cleaned(file.name)
    head, sha256 = _head_and_sha256(file)
    errors = {}
    try:
        allowed = allowed_type_of(
            name=name, size=file.size, head=head, max_size=settings.HAVEN_DOCUMENT_MAX_BYTES
        )
    except FileRefused as refused:
        errors["file"] = refused.message
    if not title.strip():
        errors["title"] = "Enter a title for the document"
    if document_date is not None and document_date > timezone.localdate():
        errors["document_date"] = "The date of the document must be today or in the past"
    if errors:
        raise ValidationError(errors)
    scan = _scan(actor=actor, case=case, file=file)
    document = Document(
        case=case,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        document_date=document_date,
        original_name=name,
        stored_name=new_stored_name(),
        size=file.size,
        content_type=allowed.content_type,
        sha256=sha256,
        scan_status=ScanStatus.CLEAN if scan.scanned else ScanStatus.NOT_SCANNED,
        uploaded_by=actor,
        uploaded_by_agency=actor.agency,
        uploaded_at=timezone.now(),
    )
    document.full_clean()
    storage = document_storage()
    document.stored_name = storage.save(document.stored_name, file)
    try:
        with transaction.atomic():
            _record_upload(actor=actor, document=document)
    except BaseException:
        # Nothing was recorded, so nothing is kept.
        storage.delete(document.stored_name)
        raise
    return document


def _record_upload(*, actor: User, document: Document) -> None:
    document.save()
    case = document.case
    audit_record(
        actor=actor,
        verb=Verb.DOCUMENT_UPLOADED,
        target=document,
        person_id=case.person_id,
        changes=diff(
            None,
            snapshot(
                document,
                (
                    "kind",
                    "title",
                    "document_date",
                    "original_name",
                    "content_type",
                    "size",
                    "sha256",
                    "scan_status",
                ),
            ),
        ),
    )
    chronology_add(
        case=case,
        occurred_at=document.uploaded_at,
        kind=ChronologyKind.DOCUMENT,
        summary=f"Document added: {document.title} ({document.get_kind_display().lower()}).",
        agency=actor.agency,
        section=CaseSection.DOCUMENTS,
        source=document,
    )


WITHDRAWN_FIELDS = ("withdrawn_at", "withdrawn_by", "withdrawn_reason")


@transaction.atomic
def document_withdraw(*, actor: User, document: Document, reason: str) -> Document:
    """Stop serving ``document``, for a reason. Only a manager of the lead authority may; the row
    and the file stay."""
    if not may_withdraw(user=actor, case=document.case):
        raise PermissionDenied("Only a manager in the lead authority can withdraw a document.")
    document = (
        Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    )
    if document.withdrawn:
        raise ValidationError({"reason": "This document has already been withdrawn"})
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValidationError(
            {"reason": f"The reason must be {MIN_REASON_LENGTH} characters or more"}
        )
    before = snapshot(document, WITHDRAWN_FIELDS)
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor
    document.withdrawn_reason = reason.strip()
    document.save(update_fields=list(WITHDRAWN_FIELDS))
    audit_record(
        actor=actor,
        verb=Verb.DOCUMENT_WITHDRAWN,
        target=document,
        person_id=document.case.person_id,
        changes=diff(before, snapshot(document, WITHDRAWN_FIELDS)),
    )
    chronology_add(
        case=document.case,
        occurred_at=document.withdrawn_at,
        kind=ChronologyKind.DOCUMENT,
        summary=f"Document withdrawn: {document.title}. Reason: {document.withdrawn_reason}",
        agency=actor.agency,
        section=CaseSection.DOCUMENTS,
        source=document,
    )
    return document
