"""The duplicate review API shows each pair as its review page does (issue 8, point 7): see
``test_review_pages`` for the ``pair`` and who sees what of it."""

import json

import pytest

from haven.audit.models import AuditEvent, Verb
from haven.core.tests.support import NOT_FOUND, missing_id
from haven.matching.models import DuplicateCandidate
from haven.matching.services import duplicates_find

pytestmark = pytest.mark.django_db

HIDDEN = "Held by Cheshire Constabulary: you cannot see this record's details"


@pytest.fixture
def candidate(pair) -> DuplicateCandidate:
    duplicates_find()
    return DuplicateCandidate.objects.get()


def test_the_queue_lists_the_pair_with_its_band(world, candidate, api):
    response = api(world.la("halton").manager).get("/api/v1/duplicates/")
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == candidate.pk
    assert row["likelihood"]["code"] == "very_likely"
    assert [record["name"] for record in row["records"]] == ["Muhammad Aly", "Mohamad Ali"]
    assert row["links"]["self"].endswith(f"/api/v1/duplicates/{candidate.pk}/")


def test_a_record_the_reviewer_may_not_see_gives_only_its_name_age_and_holder(
    world, pair, candidate, api
):
    aly, ali = pair
    response = api(world.la("halton").manager).get(f"/api/v1/duplicates/{candidate.pk}/")
    assert response.status_code == 200
    body = response.json()
    first, second = body["records"]
    assert first["visible"] is True and first["person_id"] == aly.pk
    assert first["details"]["phones"] == [{"number": "07700 900123"}]
    assert first["details"]["recorded_by"] == "Cheshire Constabulary"
    assert first["survives"] is True and body["survivor"]["record"] == "first"
    assert second == {
        "visible": False,
        "person_id": None,
        "name": "Mohamad Ali",
        "born": second["born"],
        "held_by": second["held_by"],
        "message": HIDDEN,
        "details": None,
        "open_cases": [],
        "concerns": [second["concerns"][0]],
        "survives": False,
    }
    assert second["born"].startswith("about ")
    raw = json.dumps(body)
    for secret in ("CC-2026-000111", "07700900123", f"/people/{ali.pk}/"):
        assert secret not in raw


def test_the_evidence_carries_codes_and_words_but_not_the_engines_explanations(
    world, candidate, api
):
    body = api(world.la("halton").manager).get(f"/api/v1/duplicates/{candidate.pk}/").json()
    assert {tuple(sorted(item)) for item in body["evidence"]} == {
        ("comparison", "level", "supports", "weight", "words")
    }
    by_comparison = {item["comparison"]: item for item in body["evidence"]}
    assert by_comparison["contact"]["words"] == "Same phone number"
    assert by_comparison["contact"]["supports"] is True
    assert body["likelihood"] == {
        "code": "very_likely",
        "words": "Very likely the same person",
        "scores": "90% or more",
    }


def test_a_reviewer_who_sees_both_records_gets_the_details_the_door_allows(world, candidate, api):
    body = api(world.police.manager).get(f"/api/v1/duplicates/{candidate.pk}/").json()
    first, second = body["records"]
    assert first["visible"] and second["visible"]
    assert second["details"]["identifiers"] == [
        {"kind": "police_reference", "value": "CC-2026-000111"}
    ]
    # Halton added Aly's phone in its case, whose people section the police may not see.
    assert first["details"]["phones"] == []
    [case] = first["open_cases"]
    assert case["case_id"] is None and case["reference"] is None


def test_viewing_the_pair_is_recorded_for_both_people(world, pair, candidate, api):
    manager = world.la("halton").manager
    api(manager).get(f"/api/v1/duplicates/{candidate.pk}/")
    people = AuditEvent.objects.filter(
        actor=manager, verb=Verb.VIEWED, target_id=str(candidate.pk)
    ).values_list("person_id", flat=True)
    assert set(people) == {person.pk for person in pair}


def test_refusals_look_like_the_pages(world, candidate, api):
    url = f"/api/v1/duplicates/{candidate.pk}/"
    other = api(world.la("warrington").manager)
    assert other.get(url).json() == NOT_FOUND
    assert other.get(f"/api/v1/duplicates/{missing_id(DuplicateCandidate)}/").json() == NOT_FOUND
    assert other.get("/api/v1/duplicates/").json() == []
    practitioner = api(world.la("halton").practitioner)
    assert practitioner.get(url).status_code == 403
    assert practitioner.get("/api/v1/duplicates/").status_code == 403
