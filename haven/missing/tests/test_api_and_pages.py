"""The missing-episode API contract (issue 12) and the pages, end to end."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.cases.tests.world import make_child, open_case
from haven.missing.models import MissingEpisode
from haven.missing.tests.support import bring_back, report

pytestmark = pytest.mark.django_db


def _iso(moment):
    return timezone.localtime(moment).isoformat()


def _report_body(person, **fields):
    reported = timezone.now() - timedelta(hours=4)
    return {
        "person_id": person.pk,
        "reported_missing_at": _iso(reported),
        "missing_from": "residential_home",
        "looked_after": True,
        "reported_to_police_at": _iso(reported + timedelta(minutes=20)),
        "police_reference": "CH-0042",
        "police_risk_level": "high",
        "last_seen_at": _iso(reported - timedelta(hours=1)),
        "last_seen_place": "Bus station",
        "last_seen_with": "An older man",
        "clothing": "Red coat",
        **fields,
    }


def test_report_return_and_the_72_hour_task_over_the_api(world, api):
    case = open_case(world)
    client = api(world.la("warrington").practitioner)
    created = client.post("/api/v1/missing-episodes/", _report_body(case.person), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "missing"
    assert body["person_id"] == case.person.pk and body["case_id"] == case.pk
    returned_at = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    back = client.post(
        f"/api/v1/missing-episodes/{body['id']}/return/",
        {
            "returned_at": _iso(returned_at),
            "found_at_address": "3 Mill Lane",
            "found_at_postcode": "wa2 7jj",
            "found_with": "Dean Hollis",
            "how_returned": "Police",
            "injuries_or_concerns": "",
        },
        format="json",
    )
    assert back.status_code == 200, back.json()
    assert back.json()["status"] == "returned"
    assert back.json()["return_interview_clock"] == "due"
    tasks = client.get(f"/api/v1/cases/{case.pk}/tasks/").json()
    items = tasks["results"] if isinstance(tasks, dict) else tasks
    interview = next(t for t in items if t["code"] == "return_home_interview")
    assert interview["due_by"] == _iso(returned_at + timedelta(hours=72))
    listed = client.get(f"/api/v1/cases/{case.pk}/missing-episodes/").json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert "flags" in client.get(f"/api/v1/cases/{case.pk}/").json()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reported_missing_at": "2999-01-01T10:00:00+00:00"}, "reported_missing_at"),
        ({"missing_from": "mars"}, "missing_from"),
        ({"police_risk_level": "extreme"}, "police_risk_level"),
        ({"reported_missing_at": "yesterday"}, "reported_missing_at"),
    ],
)
def test_a_bad_report_is_400_and_nothing_is_saved(world, api, fields, field):
    case = open_case(world)
    client = api(world.la("warrington").practitioner)
    response = client.post(
        "/api/v1/missing-episodes/", _report_body(case.person, **fields), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not MissingEpisode.objects.exists()


def test_a_return_before_the_report_is_400(world, api):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = report(worker, case.person)
    response = api(worker).post(
        f"/api/v1/missing-episodes/{episode.pk}/return/",
        {"returned_at": _iso(episode.reported_missing_at - timedelta(hours=1))},
        format="json",
    )
    assert response.status_code == 400
    assert "returned_at" in response.json()["errors"]


def test_a_person_or_episode_the_caller_cannot_see_is_404(world, api):
    child = make_child(world.school.practitioner)
    health = api(world.health.practitioner)
    assert (
        health.post("/api/v1/missing-episodes/", _report_body(child), format="json").status_code
        == 404
    )
    episode = report(world.school.practitioner, child, missing_from="school")
    assert health.get(f"/api/v1/missing-episodes/{episode.pk}/").status_code == 404
    # The front door that receives the concern sees the episode.
    front_door = api(world.la("warrington").manager)
    assert front_door.get(f"/api/v1/missing-episodes/{episode.pk}/").status_code == 200


def test_the_interview_over_the_api_records_a_disclosure_as_a_concern(world, api):
    case = open_case(world)
    episode = bring_back(world.police.practitioner, report(world.police.practitioner, case.person))
    response = api(world.la("warrington").practitioner).post(
        f"/api/v1/missing-episodes/{episode.pk}/return-interview/",
        {
            "offered_at": _iso(episode.returned_at + timedelta(minutes=5)),
            "offered_by_me": True,
            "independent_of_placement": True,
            "response": "accepted",
            "held_at": _iso(episode.returned_at + timedelta(minutes=30)),
            "held_by": "Return interview worker",
            "disclosure": "Given vodka by older men at a flat.",
            "disclosure_indicator_codes": ["ind.sexual_activity_with_adults"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["disclosure_concern_id"] is not None


def test_the_case_page_shows_the_missing_history_beside_the_screening(world, verified_client):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    page = verified_client(worker).get(reverse("cases:case_detail", args=[case.pk]))
    text = page.content.decode()
    assert "Missing history" in text and "All three risks considered" in text
    assert reverse("missing:episode", args=[episode.pk]) in text
    assert "Interview due" in text


def test_the_case_page_reads_the_screening_once_for_all_its_panels(world, verified_client):
    """The glance, the screening panel, the missing panel and its "all three risks considered"
    show one summary, read once (it was read four times)."""
    case = open_case(world)
    worker = world.la("warrington").practitioner
    bring_back(worker, report(world.police.practitioner, case.person))
    client = verified_client(worker)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Screening history" in text and "All three risks considered" in text
    reads = [q["sql"] for q in page.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "screening_screening"' in sql for sql in reads) == 1
    assert sum('FROM "screening_screeningoverride"' in sql for sql in reads) == 1


def _interview_page_data(held, **fields):
    held = timezone.localtime(held)
    offered = held - timedelta(minutes=10)
    return {
        "version": "1",
        "offered_on_day": offered.day,
        "offered_on_month": offered.month,
        "offered_on_year": offered.year,
        "offered_time": f"{offered:%H:%M}",
        "offered_by_me": "yes",
        "independent_of_placement": "on",
        "response": "accepted",
        "held_on_day": held.day,
        "held_on_month": held.month,
        "held_on_year": held.year,
        "held_time": f"{held:%H:%M}",
        "held_by": "Return interview worker",
        **fields,
    }


def test_the_interview_page_records_the_places_and_phones_mentioned(world, verified_client):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person), hours_ago=2)
    client = verified_client(worker)
    url = reverse("missing:interview", args=[episode.pk])
    page = client.get(url).content.decode()
    assert "Addresses mentioned (optional)" in page and "Phone numbers mentioned" in page
    held = episode.returned_at + timedelta(minutes=30)
    data = _interview_page_data(
        held,
        version=str(episode.version),
        places_mentioned="Flat 3, 14 Bridge Street, WA7 1AB\r\n\r\n2 High St, NOT A CODE",
        phones_mentioned="07700 900982",
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Line 3 must end with a real postcode" in refused.content.decode()
    assert not episode.interviews.exists()
    data["places_mentioned"] = "Flat 3, 14 Bridge Street, WA7 1AB"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    interview = episode.interviews.get()
    assert interview.places_mentioned == [
        {"line": "Flat 3, 14 Bridge Street", "postcode": "WA7 1AB"}
    ]
    assert interview.phones_mentioned == ["+447700900982"]
    assert "Flat 3, 14 Bridge Street, WA7 1AB" in client.get(response["Location"]).content.decode()


def test_the_interview_api_takes_and_shows_the_places_and_phones_mentioned(world, api):
    case = open_case(world)
    episode = bring_back(world.police.practitioner, report(world.police.practitioner, case.person))
    client = api(world.la("warrington").practitioner)
    body = {
        "offered_at": _iso(episode.returned_at + timedelta(minutes=5)),
        "offered_by_me": True,
        "independent_of_placement": True,
        "response": "accepted",
        "held_at": _iso(episode.returned_at + timedelta(minutes=30)),
        "held_by": "Return interview worker",
        "places_mentioned": [{"line": "2 High St", "postcode": "ch14ab"}],
        "phones_mentioned": ["07700 900982"],
    }
    url = f"/api/v1/missing-episodes/{episode.pk}/return-interview/"
    too_many = client.post(url, {**body, "phones_mentioned": ["07700 900982"] * 21}, format="json")
    assert too_many.status_code == 400
    response = client.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["places_mentioned"] == [{"line": "2 High St", "postcode": "CH1 4AB"}]
    assert response.json()["phones_mentioned"] == ["+447700900982"]
