"""Issue 15, points 1, 3 and 6. The Halton strategic lead opens the dashboard (Halton's by
default), picks this quarter, reads the training course's results before and after, switches to
Pan Cheshire, reads the concerns chart's table (small counts as c), downloads it as XLSX, writes
the Strategic Group's commentary for the quarter and downloads the quarterly report as a PDF.
Axe-checked, and on a 375 px phone screen without sideways scrolling. (The auditor grading a
sampled case is test_case_audit_journey.py; the questionnaires, the training journey.)"""

import io

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from haven.cases.tests.world import build_world, make_child, raise_concern
from haven.reporting.dashboard import quarter_code, quarter_label, quarter_of
from haven.reporting.tests.pdf import pdf_title
from haven.strategy.tests.records import a_course, a_session, an_attendee_answering
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
    # A course held in Halton today: seven police officers, each more confident afterwards.
    session = a_session(lead, a_course(lead), days_ago=0)
    for n in range(7):
        an_attendee_answering(lead, session, world.police.agency, f"Officer {n}", (2, 3), (4, 4))
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
    improved = page.get_by_role(
        "table", name="Attendees whose self-assessment improved", exact=False
    )
    expect(improved.get_by_role("row").nth(1)).to_contain_text("7")
    expect(improved.get_by_role("row").nth(1)).to_contain_text("100.0")
    screenshot(page, "dashboard-01-halton")
    page.get_by_role("link", name="training page").click()
    results = page.get_by_role("table", name="Mean score before and after, all agencies")
    expect(results).to_contain_text("2.0")
    expect(results).to_contain_text("4.0")
    page.go_back()

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

    # The Strategic Group's report for the quarter: commentary first, then the PDF.
    page.get_by_role("link", name="Write the commentary", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Commentary for the Pan Cheshire Strategic Group"
    )
    page.get_by_label("Commentary").fill("Concerns rose in Halton after the awareness sessions.")
    assert_accessible(page)
    screenshot(page, "dashboard-03-commentary")
    page.get_by_role("button", name="Save commentary").click()
    saved = "Commentary saved for the Pan Cheshire Strategic Group."
    expect(page.get_by_text(saved)).to_be_visible()
    expect(page.get_by_text("Commentary last saved by", exact=False)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the quarterly report (PDF)").click()
    quarter = quarter_of(timezone.localdate())
    assert download.value.suggested_filename == (
        f"board-report-pan_cheshire-{quarter_code(quarter)}.pdf"
    )
    assert pdf_title(download.value.path().read_bytes()) == (
        f"Quarterly report to the Pan Cheshire Strategic Group: {quarter_label(quarter)}"
    )
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    screenshot(page, "dashboard-04-phone")
