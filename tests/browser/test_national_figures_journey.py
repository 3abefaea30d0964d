"""Issue 15, point 7: the national NRM figures. The strategic lead opens them from the service
navigation (the strategy's 2015 and 2023 figures are there), is refused a year already recorded
in GOV.UK words, adds 2016, and reads the table on a 375 px phone screen without the page
scrolling sideways."""

from importlib import import_module

from django.apps import apps
from playwright.sync_api import expect

from haven.cases.tests.world import build_world
from haven.strategy.models import NationalReferralFigures
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    screenshot,
    sign_in_as,
)

# The rows its data migration loads: an earlier browser test's flush (they run in transactions
# that commit) removes them, so the journey puts them back the same way.
BASELINE = import_module("haven.strategy.migrations.0002_national_figures_2015_and_2023")


def test_a_strategic_lead_keeps_the_national_figures(page):
    BASELINE.add_baseline(apps, None)
    world = build_world()
    enable_login(world.strategic_lead)
    sign_in_as(page, world.strategic_lead)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="National figures").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("982")
    expect(table).to_contain_text("43.7% of 17004")
    assert_accessible(page)
    screenshot(page, "national-figures-01-list")

    page.get_by_role("link", name="Add a year's figures").click()
    page.get_by_label("Year").fill("2015")
    page.get_by_label("Child referrals", exact=True).fill("982")
    page.get_by_label("Source").fill("NRM statistics 2015")
    page.get_by_role("button", name="Add figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The figures for 2015 are already recorded"
    )
    assert_accessible(page)
    screenshot(page, "national-figures-02-year-already-recorded")

    page.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Add figures").click()
    expect(page.get_by_text("National figures for 2016 added.")).to_be_visible()
    assert NationalReferralFigures.objects.filter(year=2016, child_referrals=982).exists()

    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "national-figures-03-phone")
