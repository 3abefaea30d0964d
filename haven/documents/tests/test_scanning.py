"""The virus scanning hook: the configured scanner sees each upload before anything is stored;
a file it finds infected, or cannot check, is refused and nothing is kept."""

import pytest
from django.core.exceptions import ValidationError

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.documents import scanning
from haven.documents.models import Document, DocumentKind, ScanStatus
from haven.documents.services import document_upload
from haven.documents.tests.files import PDF, stored_files, upload

pytestmark = pytest.mark.django_db

# What each scanner below was given, and whether anything was stored by then.
seen: list[tuple[bytes, bool]] = []


def _seen(file) -> None:
    seen.append((file.read(), Document.objects.exists()))


def clean_scanner(file):
    _seen(file)
    return scanning.CLEAN


def infected_scanner(file):
    _seen(file)
    return scanning.infected("Win.Test.EICAR_HDB-1")


def unreachable_scanner(file):
    raise scanning.ScanFailed("clamd is not answering")


def confused_scanner(file):
    return "OK"


@pytest.fixture(autouse=True)
def _forget():
    seen.clear()


def add(world):
    return document_upload(
        actor=world.la("warrington").practitioner,
        case=open_case(world),
        file=upload("age-assessment.pdf", PDF),
        kind=DocumentKind.AGE_ASSESSMENT,
        title="Age assessment report",
    )


def test_by_default_nothing_scans_and_each_document_says_so(world, settings):
    assert settings.HAVEN_DOCUMENT_SCANNER == "haven.documents.scanning.not_scanned"
    assert add(world).scan_status == ScanStatus.NOT_SCANNED


def test_the_configured_scanner_reads_the_file_before_it_is_stored(world, settings):
    settings.HAVEN_DOCUMENT_SCANNER = f"{__name__}.clean_scanner"
    document = add(world)
    assert seen == [(PDF, False)]
    assert document.scan_status == ScanStatus.CLEAN
    event = AuditEvent.objects.get(verb=Verb.DOCUMENT_UPLOADED)
    assert event.changes["scan_status"]["after"] == ScanStatus.CLEAN


@pytest.mark.parametrize(
    ("scanner", "message"),
    [
        ("infected_scanner", "The selected file contains a virus"),
        ("unreachable_scanner", "The selected file could not be uploaded – try again"),
        ("confused_scanner", "The selected file could not be uploaded – try again"),
    ],
)
def test_a_file_the_scanner_does_not_pass_is_refused_and_nothing_kept(
    world, settings, documents_root, scanner, message
):
    settings.HAVEN_DOCUMENT_SCANNER = f"{__name__}.{scanner}"
    with pytest.raises(ValidationError) as refused:
        add(world)
    assert refused.value.message_dict == {"file": [message]}
    assert not Document.objects.exists()
    assert stored_files(documents_root) == []
    assert not AuditEvent.objects.filter(verb=Verb.DOCUMENT_UPLOADED).exists()
