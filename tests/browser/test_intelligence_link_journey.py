"""Issue 14, recording intelligence from a case: Warrington's practitioner links the child to
the flat she was found at (a P link), then to a phone that contacted her, handled C with its
conditions revealed under the C option and the police named; the case page's panel lists both,
graded in words. A police analyst finds the flat in the workspace. The pages fit a 375 px
phone screen."""

from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.roles import Role
from haven.cases.tests.world import build_world, open_case
from haven.intelligence.models import Link
from tests.browser.support import (
    WIDTHS,
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    make_user,
    screenshot,
    sign_in_as,
    sign_out,
)

# GOV.UK Frontend's conditional reveal marks the "C" radio aria-expanded, which axe does not
# allow on a radio: that one input is left out of the check, the rest of the page is not.
REVEAL = {"exclude": [["#id_handling_code_1"]]}


def _grade(page, *, link_type: str, source: str, reliability: str, knowledge: str) -> None:
    page.get_by_label("How are they linked?").select_option(label=link_type)
    fill_date(page, "occurred_on", timezone.localdate())
    page.get_by_label(source, exact=True).check()
    page.get_by_label(reliability).check()
    page.get_by_label(knowledge).check()


def test_a_practitioner_records_intelligence_links_from_the_case(page):
    world = build_world()
    practitioner = world.la("warrington").practitioner
    analyst = make_user(
        email="analyst@police.test",
        role=Role.ANALYST,
        agency=world.police.agency,
        team=world.police.team,
    )
    case = open_case(world)
    enable_login(practitioner)
    banner = page.locator(".govuk-notification-banner")

    # 1. From the case page: the flat she was found at.
    sign_in_as(page, practitioner)
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#intelligence-section")
    expect(panel).to_contain_text("No intelligence links recorded.")
    panel.get_by_role("button", name="Record an intelligence link").click()
    page.get_by_label("Address").check()
    assert_accessible(page)
    screenshot(page, "intelligence-01-what-is-linked")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Record the link").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select how they are linked")
    expect(summary).to_contain_text("Select who it may be shared with")
    assert_accessible(page, context=REVEAL)
    screenshot(page, "intelligence-02-errors")
    page.get_by_label("Address", exact=True).fill("Flat 2, 14 Bridge Street")
    page.get_by_label("Postcode").fill("wa11aa")
    _grade(
        page,
        link_type="Found at",
        source="Missing episode",
        reliability="1: reliable",
        knowledge="A: known directly to the source",
    )
    page.get_by_label("P: lawful sharing permitted").check()
    page.get_by_role("button", name="Record the link").click()
    expect(banner).to_contain_text("Link to Flat 2, 14 Bridge Street, WA1 1AA recorded.")

    # 2. A phone that contacted her, handled C: the conditions appear under the C option.
    panel.get_by_role("button", name="Record an intelligence link").click()
    page.get_by_label("Phone number").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Phone number").fill("07700 900123")
    _grade(
        page,
        link_type="Contacted by",
        source="Return home interview",
        reliability="2: untested",
        knowledge="C: known indirectly",
    )
    conditions = page.get_by_label("Conditions it may be shared under")
    expect(conditions).to_be_hidden()
    page.get_by_label("C: sharing permitted only with conditions").check()
    expect(conditions).to_be_visible()
    conditions.fill("Police only: the child asked that her family is not told.")
    page.get_by_label(world.police.agency.name).check()
    assert_accessible(page, context=REVEAL)
    screenshot(page, "intelligence-03-handled-c")
    page.get_by_role("button", name="Record the link").click()
    expect(banner).to_contain_text("Link to +447700900123 recorded.")
    table = page.locator("#case-intelligence-links")
    expect(table).to_contain_text("Found at")
    expect(table).to_contain_text("the source has proved reliable")
    expect(table).to_contain_text("Contacted by")
    expect(table).to_contain_text("2CC")
    assert Link.objects.get(handling_code="C").shared_with_agencies.get() == world.police.agency
    page.set_viewport_size(WIDTHS["phone"])
    page.locator("#intelligence-section").scroll_into_view_if_needed()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "intelligence-04-case-panel-phone")
    sign_out(page)

    # 3. The police analyst, at a desk, finds the flat and sees the child's case as restricted.
    # (On the phone screen the service navigation is behind its Menu button once GOV.UK
    # Frontend has started, so "Intelligence" was only clickable if the click came first.)
    page.set_viewport_size(WIDTHS["desktop"])
    sign_in_as(page, analyst)
    page.get_by_role("link", name="Intelligence").first.click()
    page.get_by_label("Search for an address, vehicle, phone number or name").fill("WA1 1AA")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Flat 2, 14 Bridge Street, WA1 1AA").click()
    expect(page.locator("#entity-links")).to_contain_text("Restricted")
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "intelligence-05-analyst-entity")
