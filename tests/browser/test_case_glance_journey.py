"""Issue 8, points 9 and 10: a case at a glance, its printable summary, allocation and transfer.
Warrington's manager allocates a case; the practitioner is told and opens it; the case page
shows the summary at desktop width and at 375 px without scrolling sideways; the summary
prints; the manager asks Halton to take the case over (the child moved) and Halton's manager
accepts it, choosing a lead practitioner."""

import re

from playwright.sync_api import expect

from haven.cases.models import Case
from haven.cases.tests.world import build_world, open_case
from tests.browser.support import (
    assert_accessible,
    enable_login,
    screenshot,
    sign_in_as,
    sign_out,
)

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at {PHONE['width']}px"


def test_allocate_see_at_a_glance_print_and_transfer(page):
    world = build_world()
    warrington, halton = world.la("warrington"), world.la("halton")
    case = open_case(world, first_language="Arabic", interpreter_needed=True)
    enable_login(warrington.manager, warrington.practitioner, halton.manager)

    # 1. Warrington's manager allocates the case to the team's practitioner.
    sign_in_as(page, warrington.manager)
    page.goto(f"/cases/{case.pk}/")
    glance = page.locator("#at-a-glance")
    expect(glance.locator("#glance-lead-practitioner")).to_have_text(warrington.manager.full_name)
    glance.get_by_role("link", name="Change lead practitioner").click()
    page.get_by_label(warrington.practitioner.full_name).check()
    assert_accessible(page)
    screenshot(page, "glance-01-allocate")
    page.get_by_role("button", name="Allocate case").click()
    expect(page.get_by_text(f"{warrington.practitioner.full_name} now leads case")).to_be_visible()
    sign_out(page)

    # 2. The practitioner is told, naming the child, and opens the case.
    sign_in_as(page, warrington.practitioner)
    page.goto("/notifications/")
    row = page.locator("#notifications tr", has_text="A case has been allocated to you")
    expect(row).to_contain_text("Amira Haddad")
    assert_accessible(page)
    row.get_by_role("button", name=re.compile("Open")).click()
    expect(page).to_have_url(re.compile(f"/cases/{case.pk}/$"))

    # 3. The summary at the top of the case page, at desktop width and on a phone.
    glance = page.locator("#at-a-glance")
    expect(glance.locator("#glance-child")).to_contain_text("Amira Haddad, born")
    expect(glance.locator("#glance-language")).to_have_text("Arabic")
    expect(glance.locator("#glance-interpreter")).to_contain_text("Interpreter needed")
    expect(glance.locator("#glance-screening")).to_contain_text("Potential victim of trafficking")
    expect(glance.locator("#glance-risks")).to_contain_text("sexually exploited")
    expect(glance.locator("#glance-next-task")).to_be_visible()
    expect(glance.locator("#glance-lead-practitioner")).to_have_text(
        warrington.practitioner.full_name
    )
    assert_accessible(page)
    screenshot(page, "glance-02-case-page-desktop")
    page.set_viewport_size(PHONE)
    expect(glance).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "glance-03-case-page-375px")

    # 4. The printable summary, on a phone too.
    glance.get_by_role("link", name=re.compile("Print or download")).click()
    expect(page.get_by_role("heading", name="Case summary: Amira Haddad")).to_be_visible()
    expect(page.locator("#protective-marking")).to_have_text("OFFICIAL-SENSITIVE")
    expect(page.locator("#generated")).to_contain_text(warrington.practitioner.full_name)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "glance-04-summary-375px")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    expect(page.locator("header.govuk-header")).to_be_hidden()
    download_link = page.get_by_role("button", name="Download as PDF")
    expect(download_link).to_be_hidden()
    screenshot(page, "glance-05-summary-printed")
    page.emulate_media(media="screen")
    expect(download_link).to_be_visible()
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == f"{case.reference}-summary.pdf"
    sign_out(page)

    # 5. The child moved to Runcorn: Warrington's manager asks Halton to take the case over,
    # on a phone.
    sign_in_as(page, warrington.manager)
    page.set_viewport_size(PHONE)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("button", name="Transfer this case").click()
    page.get_by_label("Which team should take the case over?").select_option(
        label=f"{halton.team.name}, {halton.agency.name}"
    )
    page.get_by_label("Why should the case move?").fill(
        "Amira and her mother moved to Runcorn last week; she starts at a Halton school."
    )
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "glance-06-ask-to-transfer-375px")
    page.get_by_role("button", name="Ask to transfer").click()
    expect(page.locator("#pending-transfer")).to_contain_text(halton.team.name)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    sign_out(page)

    # 6. Halton's manager is told, reads the request on a phone, and accepts.
    sign_in_as(page, halton.manager)
    page.goto("/notifications/")
    row = page.locator("#notifications tr", has_text="A case transfer needs your decision")
    row.get_by_role("button", name=re.compile("Open")).click()
    expect(page.get_by_role("heading", name=re.compile("Transfer of Amira Haddad"))).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "glance-07-transfer-to-decide-375px")
    page.get_by_label("Who will lead the case? (optional)").select_option(
        label=halton.practitioner.full_name
    )
    page.get_by_role("button", name="Accept the case").click()
    expect(page).to_have_url(re.compile(f"/cases/{case.pk}/$"))
    glance = page.locator("#at-a-glance")
    expect(glance.locator("#glance-lead")).to_contain_text(halton.agency.name)
    expect(glance.locator("#glance-lead-practitioner")).to_contain_text(
        halton.practitioner.full_name
    )
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "glance-08-accepted-375px")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.lead_agency, stored.lead_practitioner) == (halton.agency, halton.practitioner)
