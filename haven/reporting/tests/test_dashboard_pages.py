"""The dashboard page, its downloads and the API (decision 0033): strategic leads only, their
own authority by default, every download audited, the API's contract and its 400s."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import make_child, raise_concern
from haven.reporting.dashboard import CATALOGUE, quarters_to

pytestmark = pytest.mark.django_db

PERIOD = "date_from=2025-01-01&date_to=2025-03-31"


def test_a_strategic_lead_sees_their_own_authoritys_dashboard_by_default(world, verified_client):
    response = verified_client(world.strategic_lead).get("/dashboard/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dashboard: Warrington" in content
    for measure in CATALOGUE.values():
        assert measure.definition in content.replace("&#x27;", "'")


def test_the_lead_may_switch_to_pan_cheshire_and_a_quarter(world, verified_client):
    client = verified_client(world.strategic_lead)
    response = client.get(f"/dashboard/?area=pan_cheshire&{PERIOD}")
    assert "Dashboard: Pan Cheshire" in response.content.decode()
    # The quarter before this one: the chooser offers the last eight, counted from the clock.
    quarter = quarters_to(timezone.localdate(), count=2)[0]
    response = client.get(
        f"/dashboard/?area=halton&quarter={quarter.start.isoformat()}/{quarter.end.isoformat()}"
    )
    assert f"{quarter.start:%-d %b %Y} to {quarter.end:%-d %b %Y}" in response.content.decode()


def test_a_period_ending_before_it_starts_is_explained_on_the_page(world, verified_client):
    response = verified_client(world.strategic_lead).get(
        "/dashboard/?date_from=2025-03-01&date_to=2025-02-01"
    )
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_anyone_else_is_refused(world, verified_client):
    for user in (world.la("warrington").manager, world.auditor, world.admin):
        assert verified_client(user).get("/dashboard/").status_code == 403


def _month_to_today():
    today = timezone.localdate()
    return today - timedelta(days=30), today


def _concerns(world, count):
    police = world.police.practitioner
    for _ in range(count):
        raise_concern(police, make_child(police))


def test_a_chart_downloads_as_csv_and_xlsx_and_each_download_is_audited(world, verified_client):
    _concerns(world, 7)
    client = verified_client(world.strategic_lead)
    start, today = _month_to_today()
    query = f"?area=warrington&date_from={start}&date_to={today}"
    response = client.get(f"/dashboard/concerns_raised.csv{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "Agency type"
    assert ["Police", "7", "0", "7"] in rows
    assert ["Total", "7", "0", ""] in rows

    response = client.get(f"/dashboard/concerns_raised.xlsx{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:2] == [
        "Agency type",
        f"{start:%-d %b %Y} to {today:%-d %b %Y}",
    ]

    events = AuditEvent.objects.filter(verb=Verb.DASHBOARD_EXPORTED).order_by("pk")
    assert [e.changes["format"] for e in events] == ["csv", "xlsx"]
    assert events[0].changes["figure"] == "concerns_raised"
    assert events[0].actor_id == world.strategic_lead.pk


def test_an_unknown_figure_is_not_found(world, verified_client):
    response = verified_client(world.strategic_lead).get(f"/dashboard/nothing.csv?{PERIOD}")
    assert response.status_code == 404


def test_the_api_gives_every_figure_with_c_for_small_counts(world, api):
    _concerns(world, 3)
    start, today = _month_to_today()
    response = api(world.strategic_lead).get(
        f"/api/v1/dashboard/?area=warrington&from={start}&to={today}"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["area"], body["from"], body["to"]) == ("warrington", str(start), str(today))
    assert set(body["figures"]) == set(CATALOGUE)
    raised = body["figures"]["concerns_raised"]
    assert (raised["value"], raised["previous"]) == ("c", 0)
    assert raised["definition"] == CATALOGUE["concerns_raised"].definition
    front_door = body["figures"]["front_door_within_1_working_day"]
    assert {"out_of", "rate"} <= set(front_door)


@pytest.mark.parametrize(
    "query",
    [
        "area=manchester&from=2025-01-01&to=2025-03-31",
        "area=halton&from=2025-13-01&to=2025-03-31",
        "area=halton&from=2025-03-01&to=2025-01-31",
        "area=halton&from=1066-10-14&to=2025-01-31",
        "area=halton&to=2025-01-31",
    ],
)
def test_the_api_answers_a_bad_area_or_date_with_400(world, api, query):
    response = api(world.strategic_lead).get(f"/api/v1/dashboard/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == ["errors"]


def test_the_api_refuses_anyone_but_a_strategic_lead(world, api):
    response = api(world.la("warrington").manager).get(
        "/api/v1/dashboard/?area=warrington&from=2025-01-01&to=2025-03-31"
    )
    assert response.status_code == 403
