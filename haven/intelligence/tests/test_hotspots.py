"""Hotspot detection: the incremental check and the full pass agree, count P links from cases
only (distinct children, the lead authority's area), follow each authority's setting, and keep
the history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.factories import CaseFactory
from haven.intelligence import rules
from haven.intelligence.hotspots import hotspot_check_entity, hotspots_detect_all
from haven.intelligence.models import Hotspot, HotspotChange
from haven.intelligence.tests.factories import EntityFactory, LinkFactory

pytestmark = pytest.mark.django_db


def _case(world, area):
    return CaseFactory(lead_agency=world.la(area).agency, lead_team=world.la(area).team)


def _found(entity, case, *, days_ago=0, handling_code="P", **fields):
    extra = {"handling_conditions": "Police only"} if handling_code == "C" else {}
    return LinkFactory(
        from_case=case,
        to_entity=entity,
        occurred_on=timezone.localdate() - timedelta(days=days_ago),
        handling_code=handling_code,
        **extra,
        **fields,
    )


def _state():
    return {
        h.entity_id: (h.active, h.children, sorted(h.areas), sorted(h.case_ids))
        for h in Hotspot.objects.all()
    }


def test_three_children_of_one_authority_make_a_hotspot_and_two_do_not(world):
    flat = EntityFactory()
    for _ in range(2):
        _found(flat, _case(world, "halton"))
    assert not hotspot_check_entity(flat.pk)
    assert not Hotspot.objects.exists()
    third = _case(world, "halton")
    _found(flat, third)
    changes = hotspot_check_entity(flat.pk)
    hotspot = Hotspot.objects.get(entity=flat)
    assert changes.new == [hotspot]
    assert hotspot.children == 3 and hotspot.areas == ["halton"]
    assert third.pk in hotspot.case_ids and hotspot.reasons == [rules.SEVERAL_CHILDREN]
    assert HotspotChange.objects.get(hotspot=hotspot).children == 3
    event = AuditEvent.objects.get(verb=Verb.HOTSPOT_DETECTED)
    assert event.actor_id is None and event.changes["change"] == "new"


def test_children_are_counted_not_cases_or_links(world):
    flat = EntityFactory()
    case = _case(world, "halton")
    # One child's second case (an earlier, closed one) and a second link: still one child.
    earlier = CaseFactory(
        person=case.person, lead_agency=case.lead_agency, lead_team=case.lead_team, closed=True
    )
    _found(flat, case)
    _found(flat, case, days_ago=3)
    _found(flat, earlier, days_ago=10)
    _found(flat, _case(world, "halton"))
    assert not hotspot_check_entity(flat.pk)


def test_children_of_two_authorities_make_a_hotspot(world):
    flat = EntityFactory()
    _found(flat, _case(world, "halton"))
    _found(flat, _case(world, "warrington"), days_ago=20)
    hotspot_check_entity(flat.pk)
    hotspot = Hotspot.objects.get(entity=flat)
    assert hotspot.areas == ["halton", "warrington"]
    assert hotspot.reasons == [rules.SEVERAL_AUTHORITIES]


def test_a_c_link_never_moves_a_count_or_makes_a_hotspot(world):
    flat = EntityFactory()
    for _ in range(2):
        _found(flat, _case(world, "halton"))
    _found(flat, _case(world, "halton"), handling_code="C")
    _found(flat, _case(world, "warrington"), handling_code="C")
    assert not hotspot_check_entity(flat.pk)
    assert not hotspots_detect_all()
    _found(flat, _case(world, "halton"))
    hotspot_check_entity(flat.pk)
    hotspot = Hotspot.objects.get(entity=flat)
    assert hotspot.children == 3 and hotspot.areas == ["halton"]


def test_links_outside_the_window_do_not_count_and_the_hotspot_lapses(world, settings):
    flat = EntityFactory()
    for days_ago in (10, 20, 30):
        _found(flat, _case(world, "halton"), days_ago=days_ago)
    hotspot_check_entity(flat.pk)
    assert Hotspot.objects.get(entity=flat).active
    later = timezone.now() + timedelta(days=65)  # the oldest link is now 95 days old
    changes = hotspots_detect_all(now=later)
    hotspot = Hotspot.objects.get(entity=flat)
    assert changes.lapsed == [hotspot] and not hotspot.active
    assert [c.active for c in hotspot.changes.order_by("at")] == [True, False]
    # A further link brings it back: new again, the same row and its history.
    _found(flat, _case(world, "halton"))
    changes = hotspot_check_entity(flat.pk, now=later)
    assert changes.new == [hotspot]


def test_a_growing_hotspot_is_reported_as_grown(world):
    flat = EntityFactory()
    for _ in range(3):
        _found(flat, _case(world, "halton"))
    hotspot_check_entity(flat.pk)
    _found(flat, _case(world, "halton"))
    changes = hotspot_check_entity(flat.pk)
    assert [h.children for h in changes.grown] == [4]
    # Nothing new: nothing changes, no history row.
    assert not hotspot_check_entity(flat.pk)
    assert HotspotChange.objects.count() == 2


def test_each_authority_sets_its_own_threshold(world, monkeypatch):
    monkeypatch.setattr(
        rules,
        "hotspot_rules",
        lambda: rules.HotspotRules(
            default=rules.HotspotRule(children=3, days=90),
            areas={"halton": rules.HotspotRule(children=2, days=30)},
        ),
    )
    halton_flat, warrington_flat = EntityFactory(), EntityFactory()
    for _ in range(2):
        _found(halton_flat, _case(world, "halton"), days_ago=5)
        _found(warrington_flat, _case(world, "warrington"), days_ago=5)
    hotspots_detect_all()
    assert set(_state()) == {halton_flat.pk}
    # Halton's window is 30 days: two children 40 days ago are not enough there.
    old_flat = EntityFactory()
    for _ in range(2):
        _found(old_flat, _case(world, "halton"), days_ago=40)
    assert not hotspot_check_entity(old_flat.pk)


def test_incremental_and_full_detection_agree(world):
    """The same links, checked entity by entity or all at once, give the same hotspots."""
    areas = ["halton", "warrington", "cheshire_east"]
    entities = [EntityFactory() for _ in range(8)]
    cases = [_case(world, areas[i % 3]) for i in range(9)]
    plan = {
        0: [(0, 1), (3, 2), (6, 5)],  # three Halton children
        1: [(0, 1), (1, 2)],  # two authorities
        2: [(0, 1), (3, 100)],  # one outside the window
        3: [(0, 1), (0, 2)],  # one child twice
        4: [(1, 1), (4, 1), (7, 1), (2, 1)],  # four children, two authorities
        5: [(2, 1)],
        6: [(0, 1), (3, 1), (6, 1)],
        7: [],
    }
    for entity_index, items in plan.items():
        for case_index, days_ago in items:
            _found(entities[entity_index], cases[case_index], days_ago=days_ago)
    _found(entities[6], cases[1], handling_code="C")
    for entity in entities:
        hotspot_check_entity(entity.pk)
    incremental = _state()
    Hotspot.objects.all().delete()
    hotspots_detect_all()
    assert _state() == incremental
    assert set(incremental) == {entities[i].pk for i in (0, 1, 4, 6)}


def test_a_merged_duplicate_is_not_a_hotspot_of_its_own(world):
    kept, duplicate = EntityFactory(), EntityFactory()
    duplicate.merged_into = kept
    duplicate.save()
    for _ in range(3):
        _found(duplicate, _case(world, "halton"))
    assert not hotspots_detect_all()
