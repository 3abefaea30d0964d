"""Recording entities and links, the handling-code rule through the selectors, and the
analyst's reversible merge."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.factories import CaseFactory, CaseShareFactory
from haven.intelligence import selectors, services
from haven.intelligence.models import Entity, Link

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(world):
    return UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )


@pytest.fixture
def halton_case(world):
    return CaseFactory(lead_agency=world.la("halton").agency, lead_team=world.la("halton").team)


def _link(actor, **overrides):
    fields = {
        "link_type": "found_at",
        "occurred_on": timezone.localdate(),
        "source": "missing_episode",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
    }
    fields.update(overrides)
    return services.link_record(actor=actor, **fields)


def test_recording_an_entity_normalises_it_and_audits(world):
    actor = world.la("halton").practitioner
    entity, new = services.entity_record(
        actor=actor, entity_type="vehicle", values={"registration": "ab12 cde"}
    )
    assert new and entity.registration == "AB12CDE"
    event = AuditEvent.objects.get(verb=Verb.ENTITY_RECORDED)
    assert event.changes == {"entity_type": "vehicle", "registration": "AB12CDE"}


def test_recording_the_same_key_again_returns_the_same_entity(world):
    actor = world.la("halton").practitioner
    first, _ = services.entity_record(
        actor=actor, entity_type="phone", values={"number": "07700 900123"}
    )
    again, new = services.entity_record(
        actor=world.police.practitioner, entity_type="phone", values={"number": "+44 7700 900123"}
    )
    assert (again.pk, new) == (first.pk, False)
    assert Entity.objects.count() == 1


def test_an_invalid_value_saves_nothing(world):
    with pytest.raises(ValidationError) as refused:
        services.entity_record(
            actor=world.la("halton").practitioner,
            entity_type="address",
            values={"postcode": "nope"},
        )
    assert "postcode" in refused.value.message_dict
    assert not Entity.objects.exists()


def test_roles_that_do_not_work_cases_or_analyse_record_nothing(world):
    for user in (world.strategic_lead, world.auditor, world.admin):
        with pytest.raises(PermissionDenied):
            services.entity_record(
                actor=user, entity_type="phone", values={"number": "07700 900123"}
            )


def test_a_practitioner_links_from_a_case_they_see_only(world, halton_case):
    entity, _ = services.entity_record(
        actor=world.la("halton").practitioner, entity_type="address", values={"postcode": "WA7 1AA"}
    )
    link, new = _link(world.la("halton").practitioner, from_case=halton_case, to_entity=entity)
    assert new and link.grading == "1AP"
    with pytest.raises(Http404):
        _link(world.la("warrington").practitioner, from_case=halton_case, to_entity=entity)


def test_only_an_analyst_links_two_entities(world, analyst):
    one, _ = services.entity_record(
        actor=analyst, entity_type="person_of_concern", values={"name": "Dean K"}
    )
    two, _ = services.entity_record(
        actor=analyst, entity_type="vehicle", values={"registration": "AB12CDE"}
    )
    link, _ = _link(
        analyst, from_entity=one, to_entity=two, link_type="owns", source="police_record"
    )
    assert link.from_entity == one
    with pytest.raises(PermissionDenied):
        _link(world.police.practitioner, from_entity=one, to_entity=two, link_type="owns")


def test_handling_code_c_without_conditions_is_refused(world, analyst):
    one, _ = services.entity_record(actor=analyst, entity_type="group", values={"name": "The Firm"})
    two, _ = services.entity_record(
        actor=analyst, entity_type="phone", values={"number": "07700900123"}
    )
    with pytest.raises(ValidationError) as refused:
        _link(analyst, from_entity=one, to_entity=two, link_type="uses", handling_code="C")
    assert "handling_conditions" in refused.value.message_dict
    assert not Link.objects.exists()


def test_a_future_date_and_a_bad_grading_are_refused(world, analyst):
    one, _ = services.entity_record(actor=analyst, entity_type="group", values={"name": "The Firm"})
    two, _ = services.entity_record(
        actor=analyst, entity_type="phone", values={"number": "07700900123"}
    )
    with pytest.raises(ValidationError) as refused:
        _link(
            analyst,
            from_entity=one,
            to_entity=two,
            link_type="uses",
            occurred_on=timezone.localdate() + timedelta(days=1),
            source_evaluation="4",
            intelligence_assessment="F",
        )
    assert set(refused.value.message_dict) == {
        "occurred_on",
        "source_evaluation",
        "intelligence_assessment",
    }


def test_a_c_link_exists_only_for_its_agency_and_those_named(world, analyst, halton_case):
    entity, _ = services.entity_record(
        actor=analyst, entity_type="address", values={"postcode": "WA7 1AA"}
    )
    other, _ = services.entity_record(
        actor=analyst, entity_type="person_of_concern", values={"name": "Dean K"}
    )
    halton = world.la("halton").agency
    link, _ = _link(
        analyst,
        from_entity=other,
        to_entity=entity,
        link_type="lives_at",
        handling_code="C",
        handling_conditions="Police and Halton only: covert source",
        shared_with_agency_ids=[halton.pk],
    )
    warrington_analyst = UserFactory(agency=world.la("warrington").agency, role=Role.ANALYST)
    assert link in selectors.links_visible_to(analyst)
    assert link in selectors.links_visible_to(world.la("halton").practitioner)
    assert link not in selectors.links_visible_to(warrington_analyst)
    assert link not in selectors.links_visible_to(world.la("warrington").practitioner)


def test_a_case_worker_sees_an_entity_only_through_a_case_they_see(world, halton_case):
    entity, _ = services.entity_record(
        actor=world.la("halton").practitioner, entity_type="address", values={"postcode": "WA7 1AA"}
    )
    assert not selectors.entity_ids_visible_to(world.la("halton").practitioner, {entity.pk})
    _link(world.la("halton").practitioner, from_case=halton_case, to_entity=entity)
    assert selectors.entity_ids_visible_to(world.la("halton").practitioner, {entity.pk}) == {
        entity.pk
    }
    assert not selectors.entity_ids_visible_to(world.la("warrington").practitioner, {entity.pk})
    # A share of the intelligence section lets the other authority see it too.
    CaseShareFactory(
        case=halton_case, agency=world.la("warrington").agency, sections=["intelligence"]
    )
    assert selectors.entity_ids_visible_to(world.la("warrington").practitioner, {entity.pk}) == {
        entity.pk
    }


def test_an_automatic_link_recorded_twice_is_one_link(world, halton_case):
    entity, _ = services.entity_record(
        actor=world.la("halton").practitioner, entity_type="address", values={"postcode": "WA7 1AA"}
    )
    first, _ = _link(
        world.la("halton").practitioner,
        from_case=halton_case,
        to_entity=entity,
        source_reference="missing_episode:7",
    )
    again, new = _link(
        world.la("halton").practitioner,
        from_case=halton_case,
        to_entity=entity,
        source_reference="missing_episode:7",
    )
    assert (again.pk, new) == (first.pk, False)


def test_merge_moves_links_and_unmerge_puts_them_back(world, analyst, halton_case):
    kept, _ = services.entity_record(
        actor=analyst, entity_type="address", values={"line": "14 Bridge St", "postcode": "WA1 1AA"}
    )
    duplicate, _ = services.entity_record(
        actor=analyst,
        entity_type="address",
        values={"line": "Flat 14, Bridge Street", "postcode": "WA1 1AA"},
    )
    link, _ = _link(world.la("halton").practitioner, from_case=halton_case, to_entity=duplicate)
    merge = services.entity_merge(actor=analyst, kept=kept, duplicate=duplicate, reason="Same flat")
    link.refresh_from_db()
    assert link.to_entity == kept
    # The duplicate's key now finds the entity kept.
    again, new = services.entity_record(
        actor=analyst,
        entity_type="address",
        values={"line": "flat 14 bridge street", "postcode": "wa11aa"},
    )
    assert (again.pk, new) == (kept.pk, False)
    services.entity_unmerge(actor=analyst, merge=merge)
    link.refresh_from_db()
    duplicate.refresh_from_db()
    assert link.to_entity == duplicate and duplicate.merged_into is None
    assert (
        AuditEvent.objects.filter(verb__in=[Verb.ENTITIES_MERGED, Verb.ENTITIES_UNMERGED]).count()
        == 2
    )
    with pytest.raises(ValidationError):
        services.entity_unmerge(actor=analyst, merge=merge)


def test_only_an_analyst_merges(world, analyst):
    one, _ = services.entity_record(actor=analyst, entity_type="group", values={"name": "A"})
    two, _ = services.entity_record(actor=analyst, entity_type="group", values={"name": "B"})
    with pytest.raises(PermissionDenied):
        services.entity_merge(actor=world.police.manager, kept=one, duplicate=two, reason="x")
    with pytest.raises(ValidationError):
        services.entity_merge(actor=analyst, kept=one, duplicate=one, reason="x")
