"""The investigations API contract: open, orders, outcomes, victim updates and the Schedule 4
reference (who may is in the access matrix)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from haven.cases.models import CaseSection
from haven.cases.tests.world import open_case, share
from haven.investigations.models import Order
from haven.investigations.tests.scenario import investigation_scene, suspected_adult

pytestmark = pytest.mark.django_db


def test_the_police_open_an_investigation_naming_a_suspect(world, api):
    case = open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION])
    adult = suspected_adult(world, case)
    response = api(world.police.practitioner).post(
        f"/api/v1/cases/{case.pk}/investigations/",
        {
            "officer_in_charge": "DC Priya Shah",
            "crime_references": ["CC/2026/01234"],
            "offences": ["msa2015_s2"],
            "victim_statement": "not_given",
            "opened_on": timezone.localdate().isoformat(),
            "suspects": [adult.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["case_id"] == case.pk
    assert body["suspects"][0]["name"] == "Dean Marsh"
    assert body["may_lead"] is True


def test_an_unlinked_suspect_is_refused_under_suspects(world, api):
    case = open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION])
    response = api(world.police.practitioner).post(
        f"/api/v1/cases/{case.pk}/investigations/",
        {
            "officer_in_charge": "DC Priya Shah",
            "offences": ["msa2015_s2"],
            "victim_statement": "given",
            "opened_on": timezone.localdate().isoformat(),
            "suspects": [case.person.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "suspects" in response.json()["errors"]


def test_a_cawn_for_a_child_is_recorded_and_an_impossible_outcome_refused(world, api):
    scene = investigation_scene(world)
    police = api(world.police.practitioner)
    url = f"/api/v1/investigations/{scene.investigation.pk}"
    response = police.post(
        f"{url}/orders/",
        {
            "order_type": "cawn",
            "suspect": scene.suspect.pk,
            "issued_on": timezone.localdate().isoformat(),
            "expires_on": (timezone.localdate() + timedelta(days=180)).isoformat(),
            "address_line_1": "12 Orford Lane",
            "postcode": "wa27aa",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["postcode"] == "WA2 7AA"
    response = police.post(
        f"{url}/outcomes/",
        {
            "suspect": scene.suspect.pk,
            "outcome": "convicted",
            "decided_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "charge" in response.json()["errors"]["outcome"][0]
    assert Order.objects.count() == 1


def test_the_lead_authority_records_a_victim_update(world, api):
    scene = investigation_scene(world)
    response = api(world.la("warrington").practitioner).post(
        f"/api/v1/investigations/{scene.investigation.pk}/victim-updates/",
        {
            "given_on": timezone.localdate().isoformat(),
            "given_to": "child",
            "summary": "Told her a warning notice was given.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_schedule_4_lists_offences_with_the_defence_and_its_source(world, api):
    response = api(world.school.practitioner).get("/api/v1/reference/schedule-4/?q=robbery")
    body = response.json()
    assert body["source"].startswith("https://www.legislation.gov.uk/ukpga/2015/30/schedule/4")
    assert body["offences"] == [
        {
            "code": "ta1968_s8",
            "label": "Robbery",
            "statute": "Theft Act 1968",
            "section": "8",
            "section_45_defence_available": False,
            "schedule_4_category": "Theft Act 1968",
        }
    ]
    supply = api(world.school.practitioner).get("/api/v1/reference/schedule-4/?q=supply drug")
    assert {o["section_45_defence_available"] for o in supply.json()["offences"]} == {True}
