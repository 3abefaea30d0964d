"""Issue 12, point 5: a placement in a safe house. Warrington's manager records a safe-house
placement naming a colleague on its confidential address; the named colleague sees the address;
another practitioner of the lead team sees only "Confidential address held by <team>"; the
Head of Service, told of the safe-house escalation, opens it from their notifications and
acknowledges it, and the case shows who has and has not acknowledged."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from haven.cases.tests.world import build_world, open_case
from haven.placements.models import Placement
from haven.placements.tests.support import senior_officers
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    make_user,
    screenshot,
    sign_in_as,
    sign_out,
)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
ADDRESS = "14 Larch Mews"


def test_a_safe_house_placement_its_confidential_address_and_the_escalation(page):
    world = build_world()
    warrington = world.la("warrington")
    case = open_case(world)
    officers = senior_officers(warrington)
    named = make_user(
        email="named.worker@warrington.test",
        full_name="Nadia Named",
        agency=warrington.agency,
        team=warrington.team,
    )
    enable_login(warrington.manager, warrington.practitioner, officers["head_of_service"])
    team = warrington.team.name

    # 1. The manager records a safe house from the case page, naming a colleague and themself.
    sign_in_as(page, warrington.manager)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#placement-section")).to_contain_text("No placements recorded.")
    page.get_by_role("button", name="Record a placement").click()
    expect(page.get_by_role("heading", name=re.compile("record a placement"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "placements-01-record-a-placement")
    page.get_by_label("Safe house").check()
    page.get_by_label("Provider").fill("North West Safe Homes")
    fill_date(page, "start_date", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Address", exact=True).fill(ADDRESS)
    page.get_by_label("Town or city").fill("Warrington")
    page.get_by_label("Postcode").fill("WA4 9ZZ")
    page.locator("input[name=out_of_area][value=False]").check()
    page.get_by_label("Nadia Named").check()
    page.get_by_label(warrington.manager.full_name).check()
    page.get_by_role("button", name="Record placement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Placement recorded: Safe house."
    )
    panel = page.locator("#placement-section")
    expect(panel).to_contain_text("Safe house")
    expect(panel).to_contain_text(ADDRESS)
    expect(panel).to_contain_text("No safety plan")
    expect(panel).to_contain_text("Not yet acknowledged")
    placement = Placement.objects.get(case=case)
    assert {u.email for u in placement.address.named_users.all()} == {
        named.email,
        warrington.manager.email,
    }
    assert_accessible(page)
    screenshot(page, "placements-02-recorded-on-the-case")
    sign_out(page)

    # 2. The named colleague sees the address, and is told not to share it.
    enable_login(named)
    sign_in_as(page, named)
    page.goto(f"/placements/{placement.pk}/")
    address = page.locator("#placement-address")
    expect(address).to_contain_text(ADDRESS)
    expect(address).to_contain_text("WA4 9ZZ")
    expect(address).to_contain_text("You are named on this address. Do not share it.")
    assert_accessible(page)
    screenshot(page, "placements-03-named-user-sees-the-address")
    sign_out(page)

    # 3. Another practitioner of the lead team sees only who holds it, on the case and the
    # placement, on a phone too.
    sign_in_as(page, warrington.practitioner)
    page.goto(f"/placements/{placement.pk}/")
    address = page.locator("#placement-address")
    expect(address).to_contain_text(f"Confidential address held by {team}")
    expect(page.locator("main")).not_to_contain_text(ADDRESS)
    expect(page.locator("main")).not_to_contain_text("WA4 9ZZ")
    assert_accessible(page)
    screenshot(page, "placements-04-not-named-sees-who-holds-it")
    page.set_viewport_size(PHONE)
    page.goto(f"/cases/{case.pk}/#placement")
    panel = page.locator("#placement-section")
    expect(panel).to_contain_text(f"Confidential address held by {team}")
    expect(panel).not_to_contain_text(ADDRESS)
    assert_no_sideways_scroll(page)
    screenshot(page, "placements-05-case-on-a-phone")
    page.set_viewport_size(DESKTOP)
    sign_out(page)

    # 4. The Head of Service opens the escalation from their notifications and acknowledges.
    sign_in_as(page, officers["head_of_service"])
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("Safe-house escalation: please acknowledge")
    page.get_by_role("button", name=re.compile("Safe-house escalation: please acknowledge")).click()
    expect(page.get_by_role("heading", name="Safe-house escalation")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "placements-06-escalation-to-acknowledge")
    page.get_by_role("button", name="Acknowledge as Head of Service").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You have acknowledged the safe-house escalation."
    )
    expect(page.get_by_role("button", name=re.compile("Acknowledge as"))).to_have_count(0)
    acknowledgements = page.locator("main .govuk-summary-list")
    expect(acknowledgements).to_contain_text("Head of Service")
    expect(acknowledgements).to_contain_text("Acknowledged")
    expect(acknowledgements).to_contain_text("Chief Executive")
    expect(acknowledgements).to_contain_text("Not yet acknowledged")
    assert_accessible(page)
    screenshot(page, "placements-07-acknowledged")
    sign_out(page)

    # 5. The case shows who has acknowledged and who has not yet.
    sign_in_as(page, warrington.manager)
    page.goto(f"/cases/{case.pk}/#placement")
    panel = page.locator("#placement-section")
    expect(panel.locator(".govuk-summary-list__row", has_text="Head of Service")).to_contain_text(
        "Acknowledged"
    )
    expect(panel).to_contain_text("Not yet acknowledged")
    assert_accessible(page)
    screenshot(page, "placements-08-case-shows-acknowledgements")
