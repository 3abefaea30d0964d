"""The documents pages and API: adding a document (with GOV.UK errors), the case page's panel,
downloading (as an attachment, never sniffed or cached), withdrawing, and the larger request
bodies only the upload views accept."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case, share
from haven.core.tests.support import NOT_FOUND, assert_like_missing, missing_id, page_text, text
from haven.documents.models import Document, DocumentKind
from haven.documents.services import document_upload, document_withdraw
from haven.documents.tests.factories import DocumentFactory
from haven.documents.tests.files import PDF, PNG, stored_files, upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
WRONG_TYPE = "The selected file must be a PDF, JPG, PNG or DOCX"


@pytest.fixture
def case(world):
    return open_case(world)


def add(world, case, name="age-assessment.pdf", content=PDF, title="Age assessment report"):
    return document_upload(
        actor=world.la("warrington").practitioner,
        case=case,
        file=upload(name, content),
        kind=DocumentKind.AGE_ASSESSMENT,
        title=title,
    )


def form(name="age-assessment.pdf", content=PDF, **fields):
    return {
        "file": upload(name, content),
        "kind": DocumentKind.AGE_ASSESSMENT,
        "title": "Age assessment report",
        **fields,
    }


# The "Add a document" page -------------------------------------------------------------------


def test_adding_a_document_from_the_page(world, case, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    url = reverse("documents:add", args=[case.pk])
    page = page_text(client.get(url))
    assert 'enctype="multipart/form-data"' in page
    assert "A PDF, JPG, PNG or DOCX, smaller than 20MB" in page
    day = timezone.localdate() - timedelta(days=2)
    response = client.post(
        url,
        form(
            document_date_day=day.day,
            document_date_month=day.month,
            document_date_year=day.year,
            description="Completed by two social workers.",
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[case.pk]) + "#documents"
    document = Document.objects.get()
    assert (document.document_date, document.description) == (
        day,
        "Completed by two social workers.",
    )
    case_page = page_text(client.get(response.url))
    assert "Document added: Age assessment report." in case_page
    assert f"{day:%-d %b %Y}" in case_page
    assert f"Age assessment, PDF, {len(PDF)} bytes" in case_page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"file": ""}, "Select a file"),
        ({"file": upload("photo.pdf", PNG)}, WRONG_TYPE),
        ({"file": upload("empty.pdf", b"")}, "The selected file is empty"),
        ({"title": ""}, "Enter a title for the document"),
        ({"kind": ""}, "Select what kind of document it is"),
        (
            {"document_date_day": "31", "document_date_month": "2"},
            "Date of the document must include a year",
        ),
    ],
)
def test_the_page_explains_what_is_wrong_in_gov_uk_words(
    world, case, verified_client, fields, message
):
    client = verified_client(world.la("warrington").practitioner)
    response = client.post(reverse("documents:add", args=[case.pk]), {**form(), **fields})
    page = page_text(response)
    assert page.count(message) == 2, "in the error summary and beside the field"
    assert "govuk-form-group--error" in page
    assert not Document.objects.exists()


def test_the_file_input_is_marked_in_error(world, case, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    response = client.post(
        reverse("documents:add", args=[case.pk]), form(name="photo.pdf", content=PNG)
    )
    assert 'class="govuk-file-upload govuk-file-upload--error"' in text(response)


# The case page's panel ---------------------------------------------------------------------------


def test_the_case_page_lists_documents_to_those_who_see_the_section(world, case, verified_client):
    kept = add(world, case, title="Home Office letter")
    gone = add(world, case, title="Wrong child's assessment")
    manager = world.la("warrington").manager
    document_withdraw(actor=manager, document=gone, reason="Uploaded to the wrong case.")
    url = reverse("cases:case_detail", args=[case.pk])

    page = page_text(verified_client(manager).get(url))
    assert reverse("documents:download", args=[case.pk, kept.pk]) in page
    assert reverse("documents:download", args=[case.pk, gone.pk]) not in page
    assert "Withdrawn" in page and "Uploaded to the wrong case." in page
    assert reverse("documents:withdraw", args=[case.pk, kept.pk]) in page
    assert reverse("documents:add", args=[case.pk]) in page

    practitioner = page_text(verified_client(world.la("warrington").practitioner).get(url))
    assert reverse("documents:download", args=[case.pk, kept.pk]) in practitioner
    assert reverse("documents:withdraw", args=[case.pk, kept.pk]) not in practitioner

    share(world, case, world.school, ["chronology", "notes"])
    school = page_text(verified_client(world.school.practitioner).get(url))
    assert "Home Office letter" not in school and 'id="documents"' not in school


def test_the_case_page_reads_documents_in_a_fixed_number_of_queries(
    world, case, verified_client, django_assert_max_num_queries
):
    client = verified_client(world.la("warrington").manager)
    url = reverse("cases:case_detail", args=[case.pk])
    DocumentFactory(case=case)
    client.get(url)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    DocumentFactory.create_batch(5, case=case)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# Downloading -------------------------------------------------------------------------------------


def test_a_download_is_an_attachment_of_the_stored_type_never_sniffed_or_cached(
    world, case, verified_client
):
    document = add(world, case, name="Amira's age assessment.pdf")
    response = verified_client(world.la("warrington").practitioner).get(
        reverse("documents:download", args=[case.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('attachment; filename="Amira\'s age assessment.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert AuditEvent.objects.filter(verb=Verb.DOCUMENT_DOWNLOADED, target_id=document.pk).exists()


def test_a_name_in_another_alphabet_is_offered_back_encoded(world, case, verified_client):
    document = add(world, case, name="تقييم العمر.pdf")
    response = verified_client(world.la("warrington").practitioner).get(
        reverse("documents:download", args=[case.pk, document.pk])
    )
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


# Withdrawing -------------------------------------------------------------------------------------


def test_a_lead_manager_withdraws_from_the_page(world, case, verified_client):
    document = add(world, case)
    client = verified_client(world.la("warrington").manager)
    url = reverse("documents:withdraw", args=[case.pk, document.pk])
    assert "Age assessment report" in page_text(client.get(url))
    refused = page_text(client.post(url, {"reason": "Wrong"}))
    assert refused.count("The reason must be 10 characters or more") == 2
    response = client.post(url, {"reason": "It is about another child."})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.withdrawn_reason == "It is about another child."
    download = client.get(reverse("documents:download", args=[case.pk, document.pk]))
    assert download.status_code == 404


def test_others_who_see_the_document_may_not_withdraw_it(world, case, verified_client):
    document = add(world, case)
    client = verified_client(world.la("warrington").practitioner)
    url = reverse("documents:withdraw", args=[case.pk, document.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "It is about another child."}).status_code == 403
    document.refresh_from_db()
    assert not document.withdrawn


# The API -------------------------------------------------------------------------------------


def test_the_api_lists_uploads_and_downloads_documents(world, case, api):
    practitioner = world.la("warrington").practitioner
    client = api(practitioner)
    url = f"/api/v1/cases/{case.pk}/documents/"
    response = client.post(
        url,
        {"file": upload("passport.png", PNG), "kind": "identity", "title": "Passport"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    download = f"/api/v1/cases/{case.pk}/documents/{body['id']}/download/"
    assert response["Location"] == body["links"]["download"] == download
    assert body["content_type"] == "image/png"
    assert body["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert body["scan_status"] == "not_scanned"
    assert body["uploaded_by"] == {"id": practitioner.pk, "full_name": practitioner.full_name}

    [listed] = client.get(url).json()
    assert listed == body
    file = client.get(download, HTTP_ACCEPT="application/pdf")
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == PNG
    assert file["Content-Type"] == "image/png"
    assert file["Content-Disposition"] == 'attachment; filename="passport.png"'
    assert file["X-Content-Type-Options"] == "nosniff"


def test_the_api_refuses_a_file_as_the_page_does(world, case, api):
    response = api(world.la("warrington").practitioner).post(
        f"/api/v1/cases/{case.pk}/documents/",
        {"file": upload("letter.pdf", PNG), "kind": "letter", "title": "Letter"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"file": [WRONG_TYPE]}}


def test_the_api_gives_the_page_s_message_for_a_blank_title(world, case, api):
    response = api(world.la("warrington").practitioner).post(
        f"/api/v1/cases/{case.pk}/documents/",
        {"file": upload("letter.pdf", PDF), "kind": "letter", "title": "  "},
        format="multipart",
    )
    assert response.json() == {"errors": {"title": ["Enter a title for the document"]}}


def test_the_api_takes_uploads_only_as_multipart(world, case, api):
    response = api(world.la("warrington").practitioner).post(
        f"/api/v1/cases/{case.pk}/documents/", {"kind": "letter", "title": "Letter"}
    )
    assert response.status_code == 415


def test_a_document_not_visible_looks_like_one_that_does_not_exist(world, case, api):
    document = add(world, case)
    share(world, case, world.school, ["chronology"])
    client = api(world.school.practitioner)
    base = f"/api/v1/cases/{case.pk}/documents/"
    assert_like_missing(
        client.get(f"{base}{document.pk}/download/"),
        client.get(f"{base}{missing_id(Document)}/download/"),
    )
    missing = client.get(f"{base}{document.pk}/download/", HTTP_ACCEPT="application/pdf")
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)
    assert client.get(base).json() == NOT_FOUND


# Request bodies ------------------------------------------------------------------------------


def test_only_the_upload_views_accept_bodies_over_1_mib(
    world, case, verified_client, api, settings
):
    settings.HAVEN_DOCUMENT_MAX_BYTES = 2 * MB
    large = PDF + b" " * int(1.5 * MB)
    client = verified_client(world.la("warrington").practitioner)
    page = client.post(reverse("documents:add", args=[case.pk]), form(content=large))
    assert page.status_code == 302
    through_api = api(world.la("warrington").practitioner).post(
        f"/api/v1/cases/{case.pk}/documents/",
        {"file": upload("scan.pdf", large), "kind": "letter", "title": "Scan"},
        format="multipart",
    )
    assert through_api.status_code == 201
    note = client.post(
        reverse("cases:note_add", args=[case.pk]), {"text": "x", "f": upload("a.pdf", large)}
    )
    assert note.status_code == 413
    too_large = client.post(
        reverse("documents:add", args=[case.pk]), form(content=large + b" " * 2 * MB)
    )
    assert too_large.status_code == 413
    assert Document.objects.count() == 2


def test_a_file_just_over_the_limit_is_refused_on_the_form(
    world, case, verified_client, settings, documents_root
):
    settings.HAVEN_DOCUMENT_MAX_BYTES = MB
    client = verified_client(world.la("warrington").practitioner)
    response = client.post(reverse("documents:add", args=[case.pk]), form(content=PDF + b" " * MB))
    assert page_text(response).count("The selected file must be smaller than 1MB") == 2
    assert stored_files(documents_root) == []


def test_the_rest_of_an_upload_form_stays_within_1_mib(world, case, verified_client, api):
    """Only the file may be large: Django still counts every other field against 1 MiB."""
    long_text = {"description": "x" * (MB + 1)}
    page = verified_client(world.la("warrington").practitioner).post(
        reverse("documents:add", args=[case.pk]), form(**long_text)
    )
    assert page.status_code == 413
    through_api = api(world.la("warrington").practitioner).post(
        f"/api/v1/cases/{case.pk}/documents/",
        {"file": upload("scan.pdf", PDF), "kind": "letter", "title": "Scan", **long_text},
        format="multipart",
    )
    assert through_api.status_code == 413
    assert not Document.objects.exists()
