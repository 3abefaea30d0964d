"""Issue 8, point 11: documents on a case. Warrington's practitioner adds an age assessment to a
case (a file of the wrong type is refused first, in GOV.UK words), finds it in the case page's
documents, which fit a 375 px phone screen, and downloads it; a Warrington manager withdraws it,
after which it is listed as withdrawn and can no longer be downloaded."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from haven.cases.tests.world import build_world, open_case
from haven.documents.models import Document
from haven.documents.tests.files import PDF, PNG
from tests.browser.support import (
    assert_accessible,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
    sign_out,
)

PHONE = {"width": 375, "height": 812}


def test_add_download_and_withdraw_a_document(page):
    world = build_world()
    warrington = world.la("warrington")
    case = open_case(world)
    enable_login(warrington.practitioner, warrington.manager)

    # 1. The practitioner opens "Add a document" from the case page.
    sign_in_as(page, warrington.practitioner)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    expect(page.get_by_text("No documents yet.")).to_be_visible()
    page.get_by_role("button", name="Add a document").click()
    expect(page.get_by_role("heading", name=re.compile("add a document"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "documents-01-add-a-document")

    # 2. A picture named as a PDF is refused, in GOV.UK words, with nothing stored.
    page.get_by_label("Upload a file").set_input_files(
        {"name": "age-assessment.pdf", "mimeType": "application/pdf", "buffer": PNG}
    )
    page.get_by_label("Age assessment").check()
    page.get_by_label("Title").fill("Age assessment report")
    page.get_by_role("button", name="Add document").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The selected file must be a PDF, JPG, PNG or DOCX")
    assert not Document.objects.exists()
    assert_accessible(page)
    screenshot(page, "documents-02-wrong-type-refused")

    # 3. The real PDF, dated last week.
    page.get_by_label("Upload a file").set_input_files(
        {"name": "age-assessment.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    fill_date(page, "document_date", timezone.localdate() - timedelta(days=7))
    page.get_by_role("button", name="Add document").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Document added: Age assessment report.")
    table = page.locator("#documents-table")
    expect(table).to_contain_text("Age assessment, PDF")
    expect(table).to_contain_text(warrington.practitioner.full_name)
    assert_accessible(page)
    screenshot(page, "documents-03-listed-on-the-case")

    # 4. It downloads as the file that was uploaded.
    with page.expect_download() as downloading:
        table.get_by_role("link", name=re.compile("Age assessment report")).click()
    download = downloading.value
    assert download.suggested_filename == "age-assessment.pdf"
    assert Path(download.path()).read_bytes() == PDF

    # 5. On a phone the documents stay within the screen.
    page.set_viewport_size(PHONE)
    page.goto(f"/cases/{case.pk}/#documents")
    right = page.evaluate(
        "() => document.querySelector('#documents-section').getBoundingClientRect().right"
    )
    overflow = page.evaluate(
        "() => { const s = document.querySelector('#documents-section');"
        " return s.scrollWidth - s.clientWidth; }"
    )
    assert right <= PHONE["width"] and overflow <= 0, (right, overflow)
    screenshot(page, "documents-04-on-a-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)

    # 6. A manager of the lead authority withdraws it: listed, no longer downloadable.
    sign_in_as(page, warrington.manager)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name=re.compile("Withdraw")).click()
    page.get_by_role("button", name="Withdraw document").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the document is withdrawn"
    )
    assert_accessible(page)
    page.get_by_label("Why is the document withdrawn?").fill("It is about another child.")
    page.get_by_role("button", name="Withdraw document").click()
    expect(banner).to_contain_text("Document withdrawn: Age assessment report.")
    table = page.locator("#documents-table")
    expect(table).to_contain_text("Withdrawn")
    expect(table).to_contain_text("It is about another child.")
    expect(table.get_by_role("link", name=re.compile("Age assessment report"))).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "documents-05-withdrawn")
    document = Document.objects.get()
    response = page.goto(f"/cases/{case.pk}/documents/{document.pk}/download/")
    assert response.status == 404
