"""Issue 13, the police part of the journey: a police officer, whose force Warrington shared the
case's investigation with, opens an investigation on the case naming the adult suspected,
records a child abduction warning notice against him and his charge; Warrington's practitioner
(the case team) records an update given to the child, and the case page shows it. The pages fit
a 375 px phone screen."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from haven.cases.models import CaseSection
from haven.cases.tests.world import build_world, open_case, share
from haven.investigations.models import Investigation, Order, OrderType
from haven.investigations.tests.scenario import suspected_adult
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
    sign_out,
)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_police_record_a_notice_and_a_charge_and_the_case_team_an_update(page):
    world = build_world()
    warrington = world.la("warrington")
    police = world.police.practitioner
    case = open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION, CaseSection.CHRONOLOGY])
    suspected_adult(world, case)
    enable_login(police, warrington.practitioner)
    today = timezone.localdate()
    banner = page.locator(".govuk-notification-banner")

    # 1. The police officer opens an investigation from the case page.
    sign_in_as(page, police)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Police investigations")).to_be_visible()
    expect(page.get_by_text("No police investigation recorded.")).to_be_visible()
    page.get_by_role("button", name="Open an investigation").click()
    page.get_by_role("button", name="Open investigation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the officer in charge"
    )
    assert_accessible(page)
    screenshot(page, "investigations-01-open-errors")
    page.get_by_label("Officer in charge").fill("DC Priya Shah")
    page.get_by_label("Crime references (optional)").fill("CC/2026/01234")
    page.get_by_label("Human trafficking (Modern Slavery Act 2015, section 2)").check()
    page.get_by_label("Has not given a statement").check()
    fill_date(page, "opened_on", today)
    page.get_by_label("Dean Marsh").check()
    page.get_by_role("button", name="Open investigation").click()
    expect(banner).to_contain_text("Investigation opened.")
    expect(page.locator("#statement-note")).to_have_text(
        "The investigation continues whether or not the child gives a statement."
    )
    assert_accessible(page)
    screenshot(page, "investigations-02-opened")

    # 2. A child abduction warning notice against the suspect, at his address.
    page.get_by_role("button", name="Record an order or notice").click()
    page.get_by_label("Dean Marsh").check()
    page.get_by_label("Child abduction warning notice").check()
    fill_date(page, "issued_on", today)
    page.get_by_label("Address line 1", exact=True).fill("12 Orford Lane")
    page.get_by_label("Town or city").fill("Warrington")
    page.get_by_label("Postcode").fill("wa2 7aa")
    assert_accessible(page)
    screenshot(page, "investigations-03-warning-notice")
    page.get_by_role("button", name="Record order or notice").click()
    expect(banner).to_contain_text("Order or notice recorded.")
    orders = page.locator("#orders-section")
    expect(orders).to_contain_text("Child abduction warning notice")
    expect(orders).to_contain_text("12 Orford Lane, Warrington, WA2 7AA")
    order = Order.objects.get()
    assert (order.order_type, order.postcode) == (OrderType.CAWN, "WA2 7AA")

    # 3. The suspect is charged.
    page.get_by_role("button", name="Record an outcome").click()
    page.get_by_label("Dean Marsh").check()
    page.get_by_label("Charged").check()
    fill_date(page, "decided_on", today)
    page.get_by_label("Human trafficking (Modern Slavery Act 2015, section 2)").check()
    page.get_by_role("button", name="Record outcome").click()
    expect(banner).to_contain_text("Outcome recorded.")
    suspects = page.locator("#suspects-section")
    expect(suspects).to_contain_text("Dean Marsh")
    expect(suspects).to_contain_text(re.compile(r"Charged\s+on"))
    assert_accessible(page)
    screenshot(page, "investigations-04-notice-and-charge")
    sign_out(page)

    # 4. The case team records the update they gave the child.
    sign_in_as(page, warrington.practitioner)
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#investigations-section")
    expect(panel).to_contain_text("DC Priya Shah")
    expect(panel.get_by_role("button", name="Open an investigation")).to_have_count(0)
    panel.get_by_role("link", name=re.compile("See the investigation")).click()
    page.get_by_role("button", name="Record an update given to the child").click()
    page.get_by_label("The child").check()
    fill_date(page, "given_on", today)
    page.get_by_label("What were they told?").fill(
        "Told her the man has been charged and warned to keep away from her."
    )
    assert_accessible(page)
    screenshot(page, "investigations-05-victim-update")
    page.get_by_role("button", name="Record update").click()
    expect(banner).to_contain_text("Update recorded.")
    expect(page.locator("#updates-table")).to_contain_text("warned to keep away from her")
    expect(page.locator("#next-update-due")).to_be_visible()

    # 5. The case page shows it.
    page.goto(f"/cases/{case.pk}/")
    expect(panel).to_contain_text(f"{today:%-d %B %Y}, to the child")
    assert_accessible(page)
    screenshot(page, "investigations-06-case-page")

    # 6. On a phone, the investigation fits the screen.
    investigation = Investigation.objects.get()
    page.set_viewport_size(PHONE)
    page.goto(f"/investigations/{investigation.pk}/")
    assert_no_sideways_scroll(page)
    screenshot(page, "investigations-07-on-a-phone")
    page.set_viewport_size(DESKTOP)
