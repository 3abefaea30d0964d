"""The entities and links API contract: normalised values, refusals with nothing saved, one
entity per key, graded links, and a C link absent for every agency it does not name (who may
reach each operation is in the access matrix)."""

import pytest
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.intelligence.models import Entity, Link
from haven.intelligence.tests.factories import EntityFactory, LinkFactory

pytestmark = pytest.mark.django_db

ENTITIES = "/api/v1/intelligence/entities/"
LINKS = "/api/v1/intelligence/links/"


@pytest.fixture
def analyst(world):
    return UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )


def _link_body(case_or_entity: str, entity_id: int, **overrides) -> dict:
    body = {
        "from": case_or_entity,
        "to": f"entity:{entity_id}",
        "link_type": "found_at",
        "occurred_on": timezone.localdate().isoformat(),
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("sent", "field", "kept"),
    [
        ({"entity_type": "address", "line": "Flat 2, 14 Bridge St", "postcode": "wa11aa"},
         "postcode", "WA1 1AA"),
        ({"entity_type": "vehicle", "registration": "ab12 cde"}, "registration", "AB12CDE"),
        ({"entity_type": "phone", "number": "07700 900123"}, "number", "+447700900123"),
        ({"entity_type": "business", "name": "Nail Bar", "platform": "nail bar"}, "name",
         "Nail Bar"),
    ],
)  # fmt: skip
def test_an_entity_is_recorded_normalised_and_the_same_key_returns_it(
    world, api, sent, field, kept
):
    client = api(world.la("warrington").practitioner)
    first = client.post(ENTITIES, sent, format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body[field] == kept
    assert body["entity_type"] == sent["entity_type"]
    assert body["label"]
    again = client.post(ENTITIES, sent, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Entity.objects.count() == 1


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"entity_type": "address", "line": "14 Bridge St", "postcode": "WA1 ZZZZ"}, "postcode"),
        ({"entity_type": "vehicle", "registration": "not a plate!"}, "registration"),
        ({"entity_type": "phone", "number": "12"}, "number"),
        ({"entity_type": "group", "name": ""}, "name"),
    ],
)
def test_an_invalid_entity_is_refused_and_nothing_saved(world, api, sent, field):
    response = api(world.la("warrington").practitioner).post(ENTITIES, sent, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Entity.objects.exists()


def test_a_practitioner_links_their_case_and_reads_it_back(world, api):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    client = api(practitioner)
    entity = client.post(ENTITIES, {"entity_type": "phone", "number": "07700 900123"}).json()
    response = client.post(
        LINKS, _link_body(f"case:{case.pk}", entity["id"], link_type="contacted_by"), format="json"
    )
    assert response.status_code == 201, response.json()
    link = response.json()
    assert link["from"] == {
        "id": f"case:{case.pk}",
        "type": "case",
        "label": f"{case.person.full_name} ({case.reference})",
        "restricted": False,
    }
    assert link["to"]["label"] == "+447700900123"
    assert link["grading"] == "1AP"
    assert link["source"] == "intelligence_report"
    listed = client.get(f"/api/v1/cases/{case.pk}/intelligence/links/").json()
    assert [item["id"] for item in listed] == [link["id"]]
    detail = client.get(f"{ENTITIES}{entity['id']}/").json()
    assert [item["id"] for item in detail["links"]] == [link["id"]]
    assert AuditEvent.objects.filter(
        actor=practitioner, verb=Verb.VIEWED, target_id=str(entity["id"])
    ).exists()


def test_a_c_link_needs_its_conditions(world, api):
    case = open_case(world)
    entity = EntityFactory()
    response = api(world.la("warrington").practitioner).post(
        LINKS, _link_body(f"case:{case.pk}", entity.pk, handling_code="C"), format="json"
    )
    assert response.status_code == 400
    assert "handling_conditions" in response.json()["errors"]
    assert not Link.objects.exists()


def test_links_are_refused_from_a_case_not_seen_and_between_entities_to_case_workers(world, api):
    case = open_case(world)
    entity, other = EntityFactory(), EntityFactory()
    halton = api(world.la("halton").practitioner)
    assert halton.post(LINKS, _link_body(f"case:{case.pk}", entity.pk)).status_code == 404
    warrington = api(world.la("warrington").practitioner)
    response = warrington.post(LINKS, _link_body(f"entity:{other.pk}", entity.pk), format="json")
    assert response.status_code == 403
    assert warrington.post(LINKS, _link_body("person:1", entity.pk)).status_code == 400
    assert not Link.objects.exists()


def test_an_analyst_links_two_entities(world, api, analyst):
    entity, other = EntityFactory(), EntityFactory()
    response = api(analyst).post(
        LINKS, _link_body(f"entity:{other.pk}", entity.pk, link_type="owns"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["from"]["label"] == other.label


def test_a_c_link_is_absent_for_an_agency_it_does_not_name(world, api, analyst):
    """Warrington's practitioner records a C link naming the police: Halton's analyst (another
    agency) gets nothing of it; the police analyst sees it; counts follow."""
    case = open_case(world)
    warrington = world.la("warrington").practitioner
    entity = EntityFactory()
    client = api(warrington)
    response = client.post(
        LINKS,
        _link_body(
            f"case:{case.pk}",
            entity.pk,
            handling_code="C",
            handling_conditions="Police only: an informant's account.",
            shared_with_agency_ids=[world.police.agency.pk],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    LinkFactory(from_case=case, to_entity=entity, recorded_by=warrington)  # a P link too
    halton_analyst = UserFactory(
        agency=world.la("halton").agency, team=world.la("halton").team, role=Role.ANALYST
    )
    seen = api(halton_analyst).get(f"{ENTITIES}{entity.pk}/").json()
    assert [link["handling_code"] for link in seen["links"]] == ["P"]
    assert "informant" not in str(seen)
    named = api(analyst).get(f"{ENTITIES}{entity.pk}/").json()
    assert sorted(link["handling_code"] for link in named["links"]) == ["C", "P"]
    # The analyst sees the entity but not the child's case: its end is restricted.
    assert all(link["from"] == {"id": f"case:{case.pk}", "type": "case", "label": "",
                                "restricted": True} for link in named["links"])  # fmt: skip


def test_search_finds_by_normalised_key_and_a_case_worker_only_what_they_see(world, api, analyst):
    case = open_case(world)
    seen = EntityFactory(postcode="WA1 1AA")
    unseen = EntityFactory(postcode="WA1 1AA")
    LinkFactory(from_case=case, to_entity=seen, recorded_by=world.la("warrington").practitioner)
    found = api(analyst).get(ENTITIES, {"q": "wa11aa", "entity_type": "address"}).json()
    assert {item["id"] for item in found} == {seen.pk, unseen.pk}
    mine = api(world.la("warrington").practitioner).get(ENTITIES, {"q": "wa1 1aa"}).json()
    assert [item["id"] for item in mine] == [seen.pk]
    assert api(world.la("warrington").practitioner).get(f"{ENTITIES}{unseen.pk}/").status_code == (
        404
    )
    assert AuditEvent.objects.filter(actor=analyst, verb=Verb.SEARCHED).exists()
