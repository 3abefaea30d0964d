"""Issue 15, point 1. The Halton strategic lead opens the dashboard (Halton's by default), picks
this quarter, switches to Pan Cheshire, reads the concerns chart's table (small counts as c) and
downloads it as XLSX. Axe-checked, and on a 375 px phone screen without sideways scrolling."""

import io

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from haven.cases.tests.world import build_world, make_child, raise_concern
from haven.reporting.dashboard import quarter_label, quarter_of
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    make_user,
    screenshot,
    sign_in_as,
)


def test_the_halton_lead_reads_pan_cheshire_and_downloads_a_chart(page, settings):
    settings.HAVEN_DASHBOARD_CACHE_SECONDS = 0
    world = build_world()
    lead = make_user(
        email="strategic-lead@halton.test",
        role="strategic_lead",
        agency=world.la("halton").agency,
    )
    for _ in range(7):
        raise_concern(
            world.police.practitioner, make_child(world.police.practitioner), home_area="halton"
        )
    for _ in range(3):
        health = world.health.practitioner
        raise_concern(health, make_child(health), home_area="warrington")
    enable_login(lead)
    sign_in_as(page, lead)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Halton")
    page.get_by_text("Choose an area and period").click()
    this_quarter = quarter_label(quarter_of(timezone.localdate()))
    page.get_by_label("Quarter", exact=True).select_option(label=this_quarter)
    page.get_by_role("button", name="Show the dashboard").click()
    raised = page.get_by_role("table", name="Concerns raised by agency type", exact=False)
    expect(raised.get_by_role("row", name="Police")).to_contain_text("7")
    screenshot(page, "dashboard-01-halton")

    page.get_by_role("navigation", name="Areas").get_by_role("link", name="Pan Cheshire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Pan Cheshire")
    raised = page.get_by_role("table", name="Concerns raised by agency type", exact=False)
    # Health's 3 is c, and Police's 7 with it (else the total of 10 would give the 3 away).
    expect(raised.get_by_role("row", name="Health")).to_contain_text("c")
    expect(raised.get_by_role("row", name="Police")).to_contain_text("c")
    expect(raised.get_by_role("row", name="Total")).to_contain_text("10")
    expect(page.get_by_text("Definition: Concerns about a child or adult recorded")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dashboard-02-pan-cheshire")

    with page.expect_download() as download:
        page.locator("a[href*='/concerns_raised.xlsx']").click()
    path = download.value.path()
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[[r[0] for r in rows].index("Total")][:2] == ["Total", 10]
    assert rows[[r[0] for r in rows].index("Health")][:2] == ["Health", "c"]

    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    screenshot(page, "dashboard-03-phone")
