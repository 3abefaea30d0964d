"""The intelligence pages: the case's panel and recording a link from it, the analyst's
workspace, entity page, linking two entities, merging and reversing a merge; a C link absent
from every page of an agency it does not name (who may reach each page is in the access
matrix)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case, share
from haven.core.navigation import SERVICE_NAVIGATION, shows
from haven.intelligence.models import Entity, EntityMerge, Link
from haven.intelligence.tests.factories import EntityFactory, LinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(world):
    return UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )


def _link_form(**overrides) -> dict:
    today = timezone.localdate()
    form = {
        "link_type": "found_at",
        "occurred_on_day": today.day,
        "occurred_on_month": today.month,
        "occurred_on_year": today.year,
        "source": "missing_episode",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
    }
    form.update(overrides)
    return form


def test_a_practitioner_records_a_link_from_the_case_and_sees_it_in_the_panel(
    world, verified_client
):
    case = open_case(world)
    client = verified_client(world.la("warrington").practitioner)
    start = reverse("intelligence:case_link_new", args=[case.pk])
    response = client.post(start, {"entity_type": "address"})
    details = reverse("intelligence:case_link_details", args=[case.pk, "address"])
    assert response.url == details
    response = client.post(details, _link_form(line="Flat 2, 14 Bridge Street", postcode="wa11aa"))
    assert response.status_code == 302
    [link] = Link.objects.all()
    assert (link.from_case, link.to_entity.postcode, link.grading) == (case, "WA1 1AA", "1AP")
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Intelligence links" in page
    assert "Flat 2, 14 Bridge Street, WA1 1AA" in page
    assert "the source has proved reliable; known directly to the source" in page


def test_the_link_form_shows_every_refusal_at_once_and_saves_nothing(world, verified_client):
    case = open_case(world)
    client = verified_client(world.la("warrington").practitioner)
    details = reverse("intelligence:case_link_details", args=[case.pk, "vehicle"])
    response = client.post(details, _link_form(registration="not a plate!", handling_code="C"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a registration mark, like AB12 CDE" in page
    assert "Enter the conditions this may be shared under" in page
    assert 'class="govuk-error-summary' in page
    assert not Entity.objects.exists() and not Link.objects.exists()


def test_the_panel_is_absent_without_the_intelligence_section(world, verified_client):
    case = open_case(world)
    LinkFactory(from_case=case, recorded_by=world.la("warrington").practitioner)
    share(world, case, world.school, ["chronology"])
    page = verified_client(world.school.practitioner).get(
        reverse("cases:case_detail", args=[case.pk])
    )
    assert page.status_code == 200
    assert "Intelligence links" not in page.content.decode()


def test_a_c_link_is_absent_from_the_pages_of_an_agency_it_does_not_name(
    world, verified_client, analyst
):
    """Warrington's C link naming no one: a police analyst's entity page shows only the P
    link and counts it alone; Warrington's own panel shows both."""
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    entity = EntityFactory()
    LinkFactory(from_case=case, to_entity=entity, recorded_by=practitioner)
    LinkFactory(
        from_case=case,
        to_entity=entity,
        recorded_by=practitioner,
        link_type="lives_at",
        handling_code="C",
        handling_conditions="Warrington only.",
    )
    page = verified_client(analyst).get(reverse("intelligence:entity_detail", args=[entity.pk]))
    content = page.content.decode()
    assert "Found at" in content
    assert "Lives at" not in content and "Warrington only" not in content
    assert '<dd class="govuk-summary-list__value" id="links-count">1</dd>' in content
    assert "Restricted" in content  # the analyst does not see the child's case
    own = verified_client(practitioner).get(reverse("cases:case_detail", args=[case.pk]))
    assert "Lives at" in own.content.decode()


def test_the_analyst_searches_records_an_entity_and_links_it(world, verified_client, analyst):
    client = verified_client(analyst)
    assert "Intelligence" in [
        label for label, _name, rule in SERVICE_NAVIGATION if shows(analyst, rule)
    ]
    response = client.post(
        reverse("intelligence:entity_new_details", args=["vehicle"]), {"registration": "ab12 cde"}
    )
    vehicle = Entity.objects.get(registration="AB12CDE")
    assert response.url == reverse("intelligence:entity_detail", args=[vehicle.pk])
    found = client.get(reverse("intelligence:entity_search"), {"q": "AB12 CDE"})
    assert "AB12CDE" in found.content.decode()
    assert AuditEvent.objects.filter(actor=analyst, verb=Verb.SEARCHED).exists()
    response = client.post(
        reverse("intelligence:entity_link_details", args=[vehicle.pk, "person_of_concern"]),
        _link_form(name="Dean Marsh", link_type="owns"),
    )
    assert response.status_code == 302
    link = Link.objects.get()
    assert (link.to_entity.name, link.from_entity) == ("Dean Marsh", vehicle)


def test_the_analyst_merges_a_duplicate_and_reverses_it(world, verified_client, analyst):
    case = open_case(world)
    kept = EntityFactory(line="14 Bridge Street")
    duplicate = EntityFactory(line="Flat at 14 Bridge St")
    link = LinkFactory(
        from_case=case, to_entity=duplicate, recorded_by=world.la("warrington").practitioner
    )
    client = verified_client(analyst)
    merge_page = reverse("intelligence:entity_merge", args=[kept.pk])
    assert "Flat at 14 Bridge St" in client.get(merge_page, {"q": "bridge"}).content.decode()
    refused = client.post(merge_page, {"duplicate": duplicate.pk, "reason": ""})
    assert "Enter why these are the same" in refused.content.decode()
    client.post(merge_page, {"duplicate": duplicate.pk, "reason": "Same flat, two spellings."})
    link.refresh_from_db()
    assert link.to_entity == kept
    merge = EntityMerge.objects.get()
    reverse_page = reverse("intelligence:merge_reverse", args=[merge.pk])
    assert client.get(reverse_page).status_code == 200
    assert client.post(reverse_page).status_code == 302
    link.refresh_from_db()
    assert link.to_entity == duplicate


def test_a_practitioner_sees_only_the_entities_of_their_cases(world, verified_client):
    case = open_case(world)
    mine = EntityFactory(line="Flat 1, 2 Mersey Street")
    EntityFactory(line="Flat 9, 2 Mersey Street")
    LinkFactory(from_case=case, to_entity=mine, recorded_by=world.la("warrington").practitioner)
    page = verified_client(world.la("warrington").practitioner).get(
        reverse("intelligence:entity_search"), {"q": "Mersey"}
    )
    content = page.content.decode()
    assert "Flat 1, 2 Mersey Street" in content and "Flat 9" not in content
    assert "1 result" in content
