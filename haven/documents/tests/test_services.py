"""Adding a document to a case and withdrawing one: who may, what is checked, what is stored,
audited and added to the chronology, and that a refusal leaves nothing behind."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.access import break_glass_reference
from haven.cases.models import ChronologyEntry, ChronologyKind
from haven.cases.selectors import case_for_break_glass
from haven.cases.services import break_glass_open
from haven.cases.tests.world import open_case, share
from haven.documents.models import Document, DocumentKind, ScanStatus
from haven.documents.selectors import document_download_for_user, documents_for_case
from haven.documents.services import document_upload, document_withdraw
from haven.documents.tests.files import PDF, PNG, stored_files, upload

pytestmark = pytest.mark.django_db

REASON = "Uploaded to the wrong child's case by mistake."


def add(actor, case, name="age-assessment.pdf", content=PDF, **fields):
    values = {"kind": DocumentKind.AGE_ASSESSMENT, "title": "Age assessment report", **fields}
    return document_upload(actor=actor, case=case, file=upload(name, content), **values)


def test_an_upload_is_stored_audited_and_added_to_the_chronology(world, documents_root):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    day = timezone.localdate() - timedelta(days=3)
    document = add(
        practitioner,
        case,
        name="passport.png",
        content=PNG,
        kind=DocumentKind.IDENTITY,
        title="  Passport photo page  ",
        document_date=day,
    )
    document.refresh_from_db()
    assert document.title == "Passport photo page"
    assert document.original_name == "passport.png"
    assert document.content_type == "image/png"
    assert document.size == len(PNG)
    assert document.sha256 == hashlib.sha256(PNG).hexdigest()
    assert document.scan_status == ScanStatus.NOT_SCANNED
    assert (document.uploaded_by, document.uploaded_by_agency) == (
        practitioner,
        practitioner.agency,
    )
    assert [path.read_bytes() for path in stored_files(documents_root)] == [PNG]

    event = AuditEvent.objects.get(verb=Verb.DOCUMENT_UPLOADED)
    assert (event.target_type, event.target_id, event.person_id) == (
        "documents.document",
        str(document.pk),
        case.person_id,
    )
    assert event.changes["sha256"]["after"] == document.sha256
    assert event.changes["document_date"]["after"] == day.isoformat()
    entry = ChronologyEntry.objects.get(kind=ChronologyKind.DOCUMENT)
    assert (entry.case, entry.section, entry.agency) == (case, "documents", practitioner.agency)
    assert entry.summary == "Document added: Passport photo page (photograph or identity document)."


def test_the_type_comes_from_the_content_not_from_what_the_browser_claims(world):
    case = open_case(world)
    file = upload("scan.pdf", PDF, content_type="image/png")
    document = document_upload(
        actor=world.la("warrington").practitioner,
        case=case,
        file=file,
        kind=DocumentKind.NRM_EVIDENCE,
        title="Statement",
    )
    assert document.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"name": "letter.pdf", "content": PNG},
            {"file": ["The selected file must be a PDF, JPG, PNG or DOCX"]},
        ),
        ({"content": b""}, {"file": ["The selected file is empty"]}),
        ({"title": "   "}, {"title": ["Enter a title for the document"]}),
        (
            {"document_date": "tomorrow"},
            {"document_date": ["The date of the document must be today or in the past"]},
        ),
    ],
)
def test_a_refused_upload_says_why_and_leaves_nothing_behind(world, documents_root, fields, errors):
    case = open_case(world)
    if fields.get("document_date") == "tomorrow":
        fields["document_date"] = timezone.localdate() + timedelta(days=1)
    audited = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        add(world.la("warrington").practitioner, case, **fields)
    assert refused.value.message_dict == errors
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []
    assert AuditEvent.objects.count() == audited


def test_a_file_over_the_configured_limit_is_refused(world, settings):
    settings.HAVEN_DOCUMENT_MAX_BYTES = 100 * 1024
    case = open_case(world)
    with pytest.raises(ValidationError) as refused:
        add(world.la("warrington").practitioner, case, content=PDF + b" " * 100 * 1024)
    assert refused.value.message_dict == {"file": ["The selected file must be smaller than 100KB"]}


def test_whoever_sees_the_documents_section_may_add_one(world):
    case = open_case(world)
    add(world.la("warrington").manager, case)
    share(world, case, world.school, ["documents"])
    add(world.school.practitioner, case)
    halton = world.la("halton").practitioner
    found = case_for_break_glass(user=halton, reference=break_glass_reference(halton, case))
    break_glass_open(
        actor=halton, case=found, reason="Found at 2am in Runcorn; need her history now."
    )
    add(halton, case)
    assert Document.objects.filter(case=case).count() == 3


@pytest.mark.parametrize("who", ["shared_without_documents", "unrelated", "administrator"])
def test_others_may_not_add_a_document(world, documents_root, who):
    case = open_case(world)
    share(world, case, world.school, ["chronology", "notes"])
    actor = {
        "shared_without_documents": world.school.practitioner,
        "unrelated": world.la("halton").manager,
        "administrator": world.admin,
    }[who]
    with pytest.raises(PermissionDenied):
        add(actor, case)
    assert stored_files(documents_root) == []


def test_if_recording_fails_the_stored_file_is_removed(world, documents_root, monkeypatch):
    case = open_case(world)

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("haven.documents.services.chronology_add", fail)
    with pytest.raises(RuntimeError):
        add(world.la("warrington").practitioner, case)
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []


# Withdrawing ---------------------------------------------------------------------------------


def test_a_lead_manager_withdraws_a_document_which_stays_listed_but_is_not_served(
    world, documents_root
):
    case = open_case(world)
    manager = world.la("warrington").manager
    document = add(world.la("warrington").practitioner, case)
    document_withdraw(actor=manager, document=document, reason=f"  {REASON}  ")
    document.refresh_from_db()
    assert document.withdrawn
    assert (document.withdrawn_by, document.withdrawn_reason) == (manager, REASON)
    assert list(documents_for_case(user=manager, case=case)) == [document]
    assert len(stored_files(documents_root)) == 1, "the file is kept, only no longer served"
    with pytest.raises(Http404):
        document_download_for_user(user=manager, case_id=case.pk, document_id=document.pk)
    event = AuditEvent.objects.get(verb=Verb.DOCUMENT_WITHDRAWN)
    assert event.changes["withdrawn_reason"]["after"] == REASON
    assert event.changes["withdrawn_by"]["after"] == manager.pk
    assert ChronologyEntry.objects.filter(
        case=case, kind=ChronologyKind.DOCUMENT, summary__startswith="Document withdrawn"
    ).exists()


@pytest.mark.parametrize("who", ["lead_practitioner", "shared_manager", "break_glass"])
def test_only_a_manager_of_the_lead_authority_withdraws(world, who):
    case = open_case(world)
    share(world, case, world.school, ["documents"])
    document = add(world.la("warrington").practitioner, case)
    halton = world.la("halton").manager
    found = case_for_break_glass(user=halton, reference=break_glass_reference(halton, case))
    break_glass_open(
        actor=halton, case=found, reason="Found at 2am in Runcorn; need her history now."
    )
    actor = {
        "lead_practitioner": world.la("warrington").practitioner,
        "shared_manager": world.school.manager,
        "break_glass": halton,
    }[who]
    with pytest.raises(PermissionDenied):
        document_withdraw(actor=actor, document=document, reason=REASON)
    document.refresh_from_db()
    assert not document.withdrawn


def test_withdrawing_needs_a_reason_and_happens_once(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    document = add(manager, case)
    with pytest.raises(ValidationError) as refused:
        document_withdraw(actor=manager, document=document, reason="wrong")
    assert refused.value.message_dict == {"reason": ["The reason must be 10 characters or more"]}
    document_withdraw(actor=manager, document=document, reason=REASON)
    with pytest.raises(ValidationError) as again:
        document_withdraw(actor=manager, document=document, reason=REASON)
    assert again.value.message_dict == {"reason": ["This document has already been withdrawn"]}
    assert AuditEvent.objects.filter(verb=Verb.DOCUMENT_WITHDRAWN).count() == 1


# Downloading ---------------------------------------------------------------------------------


def test_a_download_serves_the_content_and_is_audited_with_its_hash(world):
    case = open_case(world)
    document = add(world.la("warrington").practitioner, case)
    share(world, case, world.school, ["documents"])
    school = world.school.practitioner
    download = document_download_for_user(user=school, case_id=case.pk, document_id=document.pk)
    with download.file:
        assert download.file.read() == PDF
    event = AuditEvent.objects.get(verb=Verb.DOCUMENT_DOWNLOADED)
    assert (event.actor, event.target_id, event.person_id) == (
        school,
        str(document.pk),
        case.person_id,
    )
    assert event.changes == {"sha256": hashlib.sha256(PDF).hexdigest()}


def test_a_document_is_not_found_by_whoever_may_not_see_the_documents_or_under_another_case(
    world,
):
    case = open_case(world)
    other = open_case(world, given_name="Lina")
    document = add(world.la("warrington").practitioner, case)
    share(world, case, world.school, ["chronology", "notes"])
    for user in (world.school.practitioner, world.la("halton").manager, world.admin):
        with pytest.raises(Http404):
            document_download_for_user(user=user, case_id=case.pk, document_id=document.pk)
        assert documents_for_case(user=user, case=case) is None
    with pytest.raises(Http404):
        document_download_for_user(
            user=world.la("warrington").manager, case_id=other.pk, document_id=document.pk
        )
    assert not AuditEvent.objects.filter(verb=Verb.DOCUMENT_DOWNLOADED).exists()
