"""The hotspots API and pages: analysts see every hotspot and its history; a practitioner sees
the hotspots of their cases, their own children named and the rest only counted."""

import pytest

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.cases.tests.world import open_case
from haven.intelligence.hotspots import hotspot_check_entity
from haven.intelligence.tests.factories import EntityFactory, LinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotspot(world):
    flat = EntityFactory(line="Flat 3, 14 Bridge Street", postcode="WA7 1AB")
    for area, name in (("halton", "Amira"), ("warrington", "Bethany"), ("halton", "Chloe")):
        LinkFactory(from_case=open_case(world, area, given_name=name), to_entity=flat)
    return hotspot_check_entity(flat.pk).new[0]


@pytest.fixture
def analyst(world):
    return UserFactory(agency=world.police.agency, team=world.police.team, role=Role.ANALYST)


def test_the_api_names_only_the_callers_cases(world, hotspot, api):
    [item] = api(world.la("warrington").practitioner).get("/api/v1/intelligence/hotspots/").json()
    assert len(item["cases"]) == 1 and set(item["cases"]) < set(hotspot.case_ids)
    assert item["other_cases"] == 2
    assert item["children"] == 3 and item["areas"] == ["halton", "warrington"]
    assert item["entity"] == {
        "id": hotspot.entity_id,
        "entity_type": "address",
        "label": "Flat 3, 14 Bridge Street, WA7 1AB",
        "restricted": False,
    }


def test_a_practitioner_with_no_case_involved_sees_no_hotspot(world, hotspot, api):
    assert (
        api(world.la("cheshire_east").practitioner).get("/api/v1/intelligence/hotspots/").json()
        == []
    )


def test_the_practitioners_page_names_their_child_and_counts_the_others(
    world, hotspot, verified_client
):
    content = (
        verified_client(world.la("warrington").practitioner)
        .get(f"/intelligence/hotspots/{hotspot.pk}/")
        .content.decode()
    )
    assert "Bethany" in content and "Amira" not in content and "Chloe" not in content
    assert "2 other cases you cannot see" in content
    assert 'id="hotspot-history"' not in content


def test_the_analysts_page_shows_the_history(world, hotspot, analyst, verified_client):
    client = verified_client(analyst)
    assert "Flat 3, 14 Bridge Street" in client.get("/intelligence/hotspots/").content.decode()
    content = client.get(f"/intelligence/hotspots/{hotspot.pk}/").content.decode()
    assert 'id="hotspot-history"' in content and "3 other cases you cannot see" in content
