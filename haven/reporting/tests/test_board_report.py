"""The Boards' quarterly report (decision 0034): the commentary a strategic lead writes for a
Board and quarter, the report's figures as published (c for small counts), charts drawn as
SVG, the PDF from the page and the API, every download audited, everyone else refused.

The quarter is the one holding today by the test's clock: the records are made now."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.tests.world import make_child, raise_concern
from haven.reporting.board_report import board_name, board_report, board_report_html
from haven.reporting.charts import chart_svg
from haven.reporting.dashboard import (
    MEASURES,
    ChartTable,
    DashboardError,
    Period,
    last_complete_quarter,
    quarter_code,
    quarter_from_code,
    quarter_label,
    quarter_of,
)
from haven.reporting.tests.pdf import pdf_title
from haven.strategy.models import BoardCommentary
from haven.strategy.services import board_commentary_record

pytestmark = pytest.mark.django_db

COMMENTARY = "Referrals from schools rose after the autumn awareness campaign."


def this_quarter() -> Period:
    return quarter_of(timezone.localdate())


def _concerns(world, count, area="warrington"):
    police = world.police.practitioner
    for _ in range(count):
        raise_concern(police, make_child(police), home_area=area)


def _commentary(world, area="warrington", text=COMMENTARY, **kwargs):
    return board_commentary_record(
        actor=world.strategic_lead,
        area=area,
        quarter_start=this_quarter().start,
        text=text,
        **kwargs,
    )


# ------------------------------------------------------------------------------------ quarters


def test_a_quarter_is_named_by_its_year_and_number_and_back():
    quarter = quarter_of(date(2026, 5, 17))
    assert quarter_code(quarter) == "2026-Q2"
    assert quarter_from_code("2026-Q2") == quarter
    assert quarter_from_code("2025-Q4") == Period(date(2025, 10, 1), date(2025, 12, 31))
    for code in ("2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "", "1999-Q4"):
        with pytest.raises(DashboardError):
            quarter_from_code(code)


def test_each_board_is_named():
    assert board_name("halton") == "Halton Safeguarding Children Board"
    assert board_name("pan_cheshire") == "Pan Cheshire Strategic Group"
    with pytest.raises(DashboardError):
        board_name("manchester")


# ---------------------------------------------------------------------------------- commentary


def test_a_strategic_lead_writes_then_changes_the_commentary_each_audited(world):
    written = _commentary(world)
    assert (written.text, written.version) == (COMMENTARY, 1)
    changed = _commentary(world, text="Revised.", expected_version=1)
    assert changed.pk == written.pk and changed.version == 2
    assert BoardCommentary.objects.get().text == "Revised."
    events = AuditEvent.objects.filter(verb=Verb.BOARD_COMMENTARY_RECORDED).order_by("pk")
    assert [e.changes["text"]["after"] for e in events] == [COMMENTARY, "Revised."]
    assert events[0].changes["area"]["after"] == "warrington"
    assert events[1].changes["version"] == {"before": 1, "after": 2}


def test_a_change_from_an_old_version_is_refused(world):
    _commentary(world)
    _commentary(world, text="First change.", expected_version=1)
    with pytest.raises(StaleVersionError):
        _commentary(world, text="Second change, from the same page.", expected_version=1)
    # Writing afresh over a commentary someone has saved is refused too.
    with pytest.raises(ValidationError):
        _commentary(world, text="Written without seeing theirs.")
    assert BoardCommentary.objects.get().text == "First change."


@pytest.mark.parametrize(
    ("area", "shift_days", "text", "field"),
    [
        ("manchester", 0, COMMENTARY, "area"),
        ("warrington", 1, COMMENTARY, "quarter_start"),
        ("warrington", 0, "   ", "text"),
        ("warrington", 0, "x" * 15_001, "text"),
    ],
)
def test_a_commentary_that_cannot_be_saved_is_explained(world, area, shift_days, text, field):
    with pytest.raises(ValidationError) as refused:
        board_commentary_record(
            actor=world.strategic_lead,
            area=area,
            quarter_start=this_quarter().start + timedelta(days=shift_days),
            text=text,
        )
    assert field in refused.value.message_dict


def test_a_quarter_not_yet_begun_has_no_commentary(world):
    with pytest.raises(ValidationError) as refused:
        board_commentary_record(
            actor=world.strategic_lead,
            area="halton",
            quarter_start=this_quarter().end + timedelta(days=1),
            text=COMMENTARY,
        )
    assert refused.value.message_dict["quarter_start"] == [
        "Write the commentary once the quarter has begun"
    ]


def test_only_strategic_leads_write_commentary(world):
    for user in (world.la("warrington").manager, world.auditor, world.admin):
        with pytest.raises(PermissionDenied):
            board_commentary_record(
                actor=user, area="warrington", quarter_start=this_quarter().start, text="No."
            )


def test_the_commentary_page_saves_and_returns_to_the_quarters_dashboard(world, verified_client):
    client = verified_client(world.strategic_lead)
    quarter = this_quarter()
    address = f"/strategy/board-reports/halton/{quarter_code(quarter)}/commentary/"
    page = client.get(address)
    assert page.status_code == 200
    assert "Commentary for the Halton Safeguarding Children Board" in page.content.decode()
    saved = client.post(address, {"text": COMMENTARY})
    assert saved.status_code == 302
    assert saved["Location"] == (f"/dashboard/?area=halton&quarter={quarter.start}%2F{quarter.end}")
    dashboard = client.get(saved["Location"]).content.decode()
    assert "Download the quarterly report (PDF)" in dashboard
    assert "Change the commentary" in dashboard
    # Changing it sends the version it was based on.
    page = client.get(address).content.decode()
    assert 'name="version" value="1"' in page
    assert client.post(address, {"text": "Changed.", "version": "1"}).status_code == 302
    stale = client.post(address, {"text": "From an old page.", "version": "1"})
    assert stale.status_code == 200
    assert BoardCommentary.objects.get().text == "Changed."
    # The editor keeps their text, now on the version they were shown: sending again saves it.
    page = stale.content.decode()
    assert "From an old page." in page and 'name="version" value="2"' in page
    assert client.post(address, {"text": "From an old page.", "version": "2"}).status_code == 302
    assert BoardCommentary.objects.get().text == "From an old page."


def test_the_commentary_page_is_not_found_for_an_unknown_board(world, verified_client):
    client = verified_client(world.strategic_lead)
    response = client.get("/strategy/board-reports/manchester/2026-Q1/commentary/")
    assert response.status_code == 404


def test_a_dashboard_for_a_period_other_than_a_quarter_offers_no_report(world, verified_client):
    page = verified_client(world.strategic_lead).get(
        "/dashboard/?area=halton&date_from=2025-01-01&date_to=2025-01-31"
    )
    content = page.content.decode()
    assert "Download the quarterly report (PDF)" not in content
    assert "Choose a quarter to download the quarterly report" in content


# -------------------------------------------------------------------------------------- charts


def test_a_bar_chart_leaves_a_suppressed_cell_without_a_bar_and_says_c():
    table = ChartTable(
        code="concerns_raised",
        caption="Concerns raised by agency type, <Halton>",
        header=("Agency type", "This period", "Before", "Change"),
        rows=(("Police & others", 12, 10, 2), ("Health", "c", 0, "c"), ("Total", 15, 10, "")),
        series=(1, 2),
        kind="breakdown",
    )
    svg = chart_svg(table)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    # Police: two bars; Health: none for "c", none for 0; no row for the total.
    assert svg.count("<rect") == 2 + 2  # the legend's two swatches
    assert ">c</text>" in svg
    assert "Police &amp; others" in svg and "&lt;Halton&gt;" in svg
    assert ">Total<" not in svg


def test_a_trend_breaks_its_line_at_a_suppressed_quarter():
    table = ChartTable(
        code="missing_episodes",
        caption="Missing episodes by quarter, Halton",
        header=("Quarter", "Missing episodes"),
        rows=(("Q1", 10), ("Q2", 12), ("Q3", "c"), ("Q4", 14), ("Q5", 20)),
        series=(1,),
        kind="trend",
    )
    svg = chart_svg(table)
    assert svg.count("<circle") == 4
    assert svg.count("<polyline") == 2
    assert ">c</text>" in svg


# -------------------------------------------------------------------------------------- report


def test_the_report_has_every_figure_small_counts_as_c_and_the_commentary(world):
    _concerns(world, 3)
    _commentary(world)
    report = board_report(area="warrington", quarter=this_quarter())
    html = board_report_html(report, user=world.strategic_lead)
    assert "Quarterly report to the Warrington Safeguarding Children Board: " in html
    assert quarter_label(this_quarter()) in html
    for measure in MEASURES:
        assert f"<h3>{measure.title}</h3>" in html.replace("&#x27;", "'")
    assert COMMENTARY in html
    assert str(report.dashboard.figure("concerns_raised").value) == "c"
    assert '<th>Police</th><td class="number">c</td>' in html
    assert html.count("<svg") == len(MEASURES)


def test_a_report_with_no_commentary_says_so(world):
    report = board_report(area="pan_cheshire", quarter=this_quarter())
    html = board_report_html(report, user=world.strategic_lead)
    assert "Quarterly report to the Pan Cheshire Strategic Group" in html
    assert "No commentary has been written for this quarter." in html


def test_the_page_downloads_the_pdf_and_the_download_is_audited(world, verified_client):
    _concerns(world, 3)
    _commentary(world)
    code = quarter_code(this_quarter())
    response = verified_client(world.strategic_lead).get(
        f"/dashboard/report.pdf?area=warrington&quarter={code}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="board-report-warrington-{code}.pdf"' in response["Content-Disposition"]
    assert pdf_title(response.content) == (
        "Quarterly report to the Warrington Safeguarding Children Board: "
        f"{quarter_label(this_quarter())}"
    )
    event = AuditEvent.objects.get(verb=Verb.BOARD_REPORT_EXPORTED)
    assert event.actor_id == world.strategic_lead.pk
    assert event.changes == {
        "area": "warrington",
        "quarter": code,
        "format": "pdf",
        "sha256": hashlib.sha256(response.content).hexdigest(),
    }


def test_by_default_the_page_gives_the_leads_own_board_and_the_last_quarter(world, verified_client):
    response = verified_client(world.strategic_lead).get("/dashboard/report.pdf")
    code = quarter_code(last_complete_quarter(timezone.localdate()))
    assert f'filename="board-report-warrington-{code}.pdf"' in response["Content-Disposition"]


def test_the_api_gives_the_pdf_and_refuses_a_bad_area_or_quarter(world, api):
    code = quarter_code(this_quarter())
    client = api(world.strategic_lead)
    response = client.get(f"/api/v1/dashboard/report.pdf?area=pan_cheshire&quarter={code}")
    assert response.status_code == 200
    assert pdf_title(response.content).startswith(
        "Quarterly report to the Pan Cheshire Strategic Group"
    )
    assert AuditEvent.objects.filter(verb=Verb.BOARD_REPORT_EXPORTED).count() == 1
    for query in ("area=manchester&quarter=2026-Q1", "area=halton&quarter=2026-Q5", "area=halton"):
        refused = client.get(f"/api/v1/dashboard/report.pdf?{query}")
        assert refused.status_code == 400, query
        assert "errors" in refused.json()
    assert AuditEvent.objects.filter(verb=Verb.BOARD_REPORT_EXPORTED).count() == 1


def test_a_bad_quarter_on_the_page_is_a_bad_request(world, verified_client):
    response = verified_client(world.strategic_lead).get(
        "/dashboard/report.pdf?area=halton&quarter=2026-Q9"
    )
    assert response.status_code == 400


def test_no_one_else_may_download_the_report(world, verified_client, api):
    code = quarter_code(this_quarter())
    for user in (
        world.la("warrington").practitioner,
        world.la("warrington").manager,
        world.auditor,
        world.admin,
    ):
        page = verified_client(user).get(f"/dashboard/report.pdf?area=warrington&quarter={code}")
        assert page.status_code == 403
        by_api = api(user).get(f"/api/v1/dashboard/report.pdf?area=warrington&quarter={code}")
        assert by_api.status_code == 403
    assert not AuditEvent.objects.filter(verb=Verb.BOARD_REPORT_EXPORTED).exists()
