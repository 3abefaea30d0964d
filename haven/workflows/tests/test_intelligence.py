"""What follows an intelligence link: hotspot alerts (own cases named, others counted, emails
naming no child), cross-border raised once, the harbouring-notice rule, and the links Haven
makes from a return from missing, a suspect and a notice (each once)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.cases.models import CaseSection, Concern
from haven.cases.tests.world import make_child, open_case, raise_concern, share
from haven.core.schedule import SCHEDULE
from haven.intelligence.models import Entity, Hotspot, Link
from haven.intelligence.tasks import detect_hotspots
from haven.intelligence.tests.factories import LinkFactory
from haven.investigations.models import Order, OrderType, VictimStatement
from haven.investigations.tests.factories import InvestigationFactory, SuspectFactory
from haven.investigations.tests.scenario import suspected_adult
from haven.missing.tests.support import bring_back, report
from haven.notifications.models import Notification
from haven.workflows import investigations as investigation_journey
from haven.workflows.front_door import concern_decide
from haven.workflows.intelligence import (
    HARBOURING_NOTICE_BREACHED,
    concern_links,
    intelligence_link_record,
    missing_return_links,
    notice_links,
    return_interview_links,
    suspect_links,
)
from haven.workflows.missing_episodes import return_interview_record

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
def flat(world):
    return Entity.objects.create(
        entity_type="address",
        key="WA7 1AB|flat 3 14 bridge street",
        line="Flat 3, 14 Bridge Street",
        postcode="WA7 1AB",
        recorded_by=world.police.practitioner,
        recorded_by_agency=world.police.agency,
    )


def _found_at(actor, case, entity, *, days_ago=0, handling_code="P", link_type="found_at"):
    link, _ = intelligence_link_record(
        actor=actor,
        from_case=case,
        to_entity=entity,
        link_type=link_type,
        occurred_on=timezone.localdate() - timedelta(days=days_ago),
        source="missing_episode",
        source_evaluation="1",
        intelligence_assessment="A",
        handling_code=handling_code,
        handling_conditions="Police only" if handling_code == "C" else "",
    )
    return link


def _alerts(user):
    return list(Notification.objects.filter(recipient=user, subject="Intelligence hotspot"))


def _three_children(world, flat, django_capture_on_commit_callbacks):
    halton, warrington = world.la("halton"), world.la("warrington")
    cases = [
        open_case(world, "halton", given_name="Amira"),
        open_case(world, "warrington", given_name="Bethany"),
        open_case(world, "halton", given_name="Chloe"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for days_ago, case in zip((28, 14, 0), cases, strict=True):
            lead = halton if case.lead_agency_id == halton.agency.pk else warrington
            _found_at(lead.practitioner, case, flat, days_ago=days_ago)
    return cases


def test_a_hotspot_alert_names_each_recipients_own_cases_and_counts_the_rest(
    world, flat, analyst, django_capture_on_commit_callbacks
):
    first, second, third = _three_children(world, flat, django_capture_on_commit_callbacks)
    hotspot = Hotspot.objects.get(entity=flat)
    assert hotspot.children == 3 and hotspot.areas == ["halton", "warrington"]

    # Warrington's practitioner: their own child named, Halton's two counted.
    [told] = _alerts(world.la("warrington").practitioner)[:1]
    assert f"{second.reference} ({second.person.full_name})" in told.body
    assert first.person.full_name not in told.body and third.person.full_name not in told.body
    assert "Flat 3, 14 Bridge Street" in told.body
    assert "2 other cases you cannot see are linked too" in told.body
    # The analyst sees the place but none of the cases (no share of their intelligence).
    analyst_alert = _alerts(analyst)[0]
    assert "Flat 3, 14 Bridge Street" in analyst_alert.body
    assert "3 other cases you cannot see" in analyst_alert.body
    assert not any(case.person.full_name in analyst_alert.body for case in (first, second, third))
    assert analyst_alert.link == f"/intelligence/hotspots/{hotspot.pk}/"
    # Emails name no child and no place.
    hotspot_mails = [m for m in mail.outbox if m.subject == "Haven: Intelligence hotspot"]
    assert hotspot_mails
    for message in hotspot_mails:
        assert "Bridge Street" not in message.body
        assert not any(c.person.full_name in message.body for c in (first, second, third))
    # Someone with no case involved and no intelligence role is not told.
    assert not _alerts(world.la("cheshire_east").practitioner)


def test_a_grown_hotspot_alerts_again_and_an_unchanged_one_does_not(
    world, flat, analyst, django_capture_on_commit_callbacks
):
    _three_children(world, flat, django_capture_on_commit_callbacks)
    before = len(_alerts(analyst))
    case = open_case(world, "halton")
    _found_at(world.la("halton").practitioner, case, flat)
    assert len(_alerts(analyst)) == before + 1
    assert any("linked to 4 children" in n.body for n in _alerts(analyst))
    # The same child found there again: nothing new to say.
    _found_at(world.la("halton").practitioner, case, flat, days_ago=1)
    assert len(_alerts(analyst)) == before + 1


def test_a_c_link_changes_no_count_and_sends_no_alert(world, flat, analyst):
    halton = world.la("halton")
    for _ in range(2):
        _found_at(halton.practitioner, open_case(world, "halton"), flat)
    _found_at(halton.practitioner, open_case(world, "halton"), flat, handling_code="C")
    warrington = world.la("warrington").practitioner
    _found_at(warrington, open_case(world, "warrington"), flat, handling_code="C")
    assert not Hotspot.objects.exists()
    assert not _alerts(analyst)
    assert not Task.objects.filter(code="notify_cross_border").exists()


def test_an_entity_linked_to_two_authorities_raises_cross_border_once_per_case(world, flat):
    halton_case, warrington_case = open_case(world, "halton"), open_case(world, "warrington")
    _found_at(world.la("halton").practitioner, halton_case, flat)
    assert not Task.objects.filter(code="notify_cross_border").exists()
    _found_at(world.la("warrington").practitioner, warrington_case, flat)
    tasks = Task.objects.filter(code="notify_cross_border")
    assert {task.case_id for task in tasks} == {halton_case.pk, warrington_case.pk}
    # Linked again (and a third Halton child): no second task, no second circumstance.
    _found_at(world.la("halton").practitioner, halton_case, flat, days_ago=2)
    _found_at(world.la("halton").practitioner, open_case(world, "halton"), flat)
    counts = {
        case_id: Task.objects.filter(code="notify_cross_border", case_id=case_id).count()
        for case_id in (halton_case.pk, warrington_case.pk)
    }
    assert counts == {halton_case.pk: 1, warrington_case.pk: 1}


def _cawn(world, *, issued_days_ago=30, expires_in_days=None, postcode="WA7 1AB", line=None):
    suspect = SuspectFactory(
        investigation=InvestigationFactory(
            case=open_case(world, "halton"),
            agency=world.police.agency,
            created_by=world.police.practitioner,
        )
    )
    today = timezone.localdate()
    return Order.objects.create(
        investigation=suspect.investigation,
        order_type=OrderType.CAWN,
        suspect=suspect,
        address_line_1="Flat 3, 14 Bridge Street" if line is None else line,
        postcode=postcode,
        issued_on=today - timedelta(days=issued_days_ago),
        expires_on=today + timedelta(days=expires_in_days) if expires_in_days is not None else None,
        recorded_by=world.police.practitioner,
    )


def _breaches(case):
    return [
        concern
        for concern in Concern.objects.filter(person=case.person)
        if HARBOURING_NOTICE_BREACHED in concern.indicator_codes
    ]


@pytest.mark.parametrize(
    ("notice", "link_type", "breached"),
    [
        ({}, "found_at", True),
        ({"expires_in_days": 365}, "found_at", True),
        ({"line": ""}, "found_at", True),
        ({"expires_in_days": -1}, "found_at", False),
        ({"issued_days_ago": -1}, "found_at", False),
        ({"postcode": "WA7 9ZZ"}, "found_at", False),
        ({"line": "Flat 4, 14 Bridge Street"}, "found_at", False),
        ({}, "visits", False),
    ],
    ids=[
        "in-force",
        "in-force-until-next-year",
        "notice-without-a-line",
        "expired-yesterday",
        "issued-tomorrow",
        "other-postcode",
        "other-flat",
        "not-found-there",
    ],
)
def test_a_child_found_where_a_notice_is_in_force_breaches_it(
    world, flat, notice, link_type, breached
):
    _cawn(world, **notice)
    case = open_case(world, "warrington")
    _found_at(world.la("warrington").practitioner, case, flat, link_type=link_type)
    found = _breaches(case)
    assert bool(found) == breached
    if breached:
        [concern] = found
        assert concern.home_area == "warrington" and concern.screenings.exists()
        # Recorded once: the same finding linked again adds nothing.
        _found_at(world.la("warrington").practitioner, case, flat)
        assert len(_breaches(case)) == 1


def test_a_c_link_to_a_notice_address_raises_nothing(world, flat):
    _cawn(world)
    case = open_case(world, "warrington")
    _found_at(world.la("warrington").practitioner, case, flat, handling_code="C")
    assert not _breaches(case)


def test_a_return_from_missing_links_where_and_with_whom_once(world):
    case = open_case(world, "warrington")
    episode = bring_back(world.police.practitioner, report(world.police.practitioner, case.person))
    links = Link.objects.filter(source_reference=f"missing_episode:{episode.pk}")
    found_at = links.get(link_type="found_at")
    assert found_at.from_case_id == case.pk
    assert (found_at.to_entity.line, found_at.to_entity.postcode) == ("14 Marsh Street", "WA1 2AB")
    assert found_at.grading == "1AP" and found_at.recorded_by == world.police.practitioner
    found_with = links.get(link_type="associate_of")
    assert found_with.to_entity.name == "Dean Hollis" and found_with.grading == "1BP"
    assert found_at.occurred_on == timezone.localdate(episode.returned_at)
    missing_return_links(actor=world.police.practitioner, episode=episode)
    assert links.count() == 2


def test_a_suspect_and_a_notice_become_links_once(world):
    order = _cawn(world)
    actor = world.police.practitioner
    suspect_links(actor=actor, suspect=order.suspect)
    suspect_links(actor=actor, suspect=order.suspect)
    notice_links(actor=actor, order=order)
    notice_links(actor=actor, order=order)
    case = order.investigation.case
    suspected = Link.objects.get(source_reference=f"suspect:{order.suspect.pk}")
    assert suspected.from_case == case and suspected.link_type == "suspect_in"
    assert suspected.to_entity.name == order.suspect.person.full_name
    holder, lives_at = Link.objects.filter(source_reference=f"order:{order.pk}").order_by("pk")
    assert holder.from_case == case and holder.link_type == "notice_holder"
    assert holder.to_entity == suspected.to_entity
    assert lives_at.from_entity == holder.to_entity and lives_at.link_type == "lives_at"
    assert lives_at.to_entity.postcode == "WA7 1AB"


def test_the_scheduled_full_detection_alerts_like_the_incremental_check(world, flat, analyst):
    for _ in range(3):
        LinkFactory(from_case=open_case(world, "halton"), to_entity=flat)
    assert (detect_hotspots, 3600) in SCHEDULE
    out = StringIO()
    call_command("detect_hotspots", stdout=out)
    assert out.getvalue().strip() == "1 new, 0 grown, 0 changed, 0 lapsed."
    assert len(_alerts(analyst)) == 1
    assert len(_alerts(world.la("halton").practitioner)) == 1
    call_command("detect_hotspots", stdout=StringIO())
    assert len(_alerts(analyst)) == 1


def test_opening_an_investigation_and_recording_a_notice_make_their_links(world):
    """The investigations journey records the suspect and the notice as intelligence."""
    case = open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION])
    adult = suspected_adult(world, case)
    police = world.police.practitioner
    investigation = investigation_journey.investigation_open(
        actor=police,
        case=case,
        officer_in_charge="DC Priya Shah",
        crime_references=["CC/2026/01234"],
        offences=["msa2015_s2"],
        victim_statement=VictimStatement.NOT_GIVEN,
        opened_on=timezone.localdate() - timedelta(days=3),
        suspect_ids=[adult.pk],
    )
    suspect = Link.objects.get(from_case=case, link_type="suspect_in")
    assert suspect.to_entity.name == adult.full_name
    investigation_journey.order_record(
        actor=police,
        investigation=investigation,
        order_type=OrderType.CAWN,
        suspect_id=investigation.suspects.get().pk,
        issued_on=timezone.localdate(),
        address_line_1="12 Orford Lane",
        postcode="wa27aa",
    )
    assert Link.objects.filter(from_case=case, link_type="notice_holder").count() == 1
    assert Entity.objects.filter(entity_type="address", postcode="WA2 7AA").exists()


def test_who_collected_a_child_and_their_car_become_links(world):
    """Who collected them: the same driver or car collecting several children shows up."""
    case = open_case(world, "warrington")
    episode = bring_back(
        world.police.practitioner,
        report(world.police.practitioner, case.person),
        collected_by="Dean Hollis",
        collected_in_vehicle="kx19 abc",
    )
    assert episode.collected_in_vehicle == "KX19ABC"
    collected = Link.objects.filter(
        source_reference=f"missing_episode:{episode.pk}", link_type="collected_by"
    )
    assert sorted((link.to_entity.entity_type, link.to_entity.label) for link in collected) == [
        ("person_of_concern", "Dean Hollis"),
        ("vehicle", "KX19ABC"),
    ]


def test_a_registration_that_cannot_be_one_is_refused_and_nothing_saved(world):
    case = open_case(world, "warrington")
    episode = report(world.police.practitioner, case.person)
    with pytest.raises(ValidationError) as refused:
        bring_back(world.police.practitioner, episode, collected_in_vehicle="not a car!")
    assert "collected_in_vehicle" in refused.value.message_dict
    episode.refresh_from_db()
    assert episode.returned_at is None
    assert not Link.objects.exists()


def test_the_places_and_phones_a_child_mentions_at_a_return_interview_become_links_once(world):
    case = open_case(world, "warrington")
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    held = episode.returned_at + timedelta(minutes=30)
    interview = return_interview_record(
        actor=worker,
        episode=episode,
        offered_at=held - timedelta(minutes=10),
        offered_by_me=True,
        independent_of_placement=True,
        response="accepted",
        held_at=held,
        held_by="Return interview worker",
        places_mentioned=[{"line": "Flat 3, 14 Bridge Street", "postcode": "WA7 1AB"}],
        phones_mentioned=["+447700900982"],
    )
    links = Link.objects.filter(source_reference=f"return_interview:{interview.pk}")
    assert sorted(
        (link.link_type, link.to_entity.label, link.grading, link.source) for link in links
    ) == [
        ("contacted_by", "+447700900982", "2CP", "return_interview"),
        ("visits", "Flat 3, 14 Bridge Street, WA7 1AB", "2CP", "return_interview"),
    ]
    assert {link.from_case_id for link in links} == {case.pk}
    assert links.first().occurred_on == timezone.localdate(held)
    return_interview_links(actor=worker, interview=interview)
    assert links.count() == 2


def test_a_concern_links_what_it_mentions_when_the_front_door_accepts_it_once(world):
    child = make_child(world.police.practitioner)
    concern = raise_concern(
        world.police.practitioner,
        child,
        places_mentioned=[{"line": "2 High St", "postcode": "CH1 4AB"}],
        phones_mentioned=["07700 900983"],
    )
    # No case yet: nothing to link from.
    assert concern_links(actor=world.police.practitioner, concern=concern) == []
    assert not Link.objects.exists()
    concern = concern_decide(
        actor=world.la("warrington").manager, concern=concern, decision="accept"
    )
    links = Link.objects.filter(source_reference=f"concern:{concern.pk}")
    assert sorted((link.link_type, link.to_entity.label) for link in links) == [
        ("contacted_by", "+447700900983"),
        ("visits", "2 High St, CH1 4AB"),
    ]
    assert {(link.from_case_id, link.source) for link in links} == {(concern.case_id, "concern")}
    concern_links(actor=world.la("warrington").manager, concern=concern)
    assert links.count() == 2


def test_a_return_and_interview_recorded_before_the_case_are_linked_when_the_front_door_accepts(
    world,
):
    """An episode reported for a child with no open case sits on the concern it raised; its
    return and interview have no case to link from until the front door accepts the concern."""
    child = make_child(world.school.practitioner)
    worker = world.la("warrington").practitioner
    episode = bring_back(
        world.school.practitioner,
        report(world.school.practitioner, child, missing_from="school"),
        found_at_address="9 Dock Road",
        found_at_postcode="wa2 7ab",
        found_with="",
    )
    assert episode.case_id is None and episode.concern_id is not None
    held = episode.returned_at + timedelta(minutes=30)
    interview = return_interview_record(
        actor=worker,
        episode=episode,
        offered_at=held - timedelta(minutes=10),
        offered_by_me=True,
        independent_of_placement=True,
        response="accepted",
        held_at=held,
        held_by="Return interview worker",
        phones_mentioned=["+447700900984"],
    )
    assert not Link.objects.exists()
    concern = concern_decide(
        actor=world.la("warrington").manager, concern=episode.concern, decision="accept"
    )
    links = Link.objects.filter(from_case=concern.case)
    assert sorted(
        (link.source_reference, link.link_type, link.to_entity.label) for link in links
    ) == [
        (f"missing_episode:{episode.pk}", "found_at", "9 Dock Road, WA2 7AB"),
        (f"return_interview:{interview.pk}", "contacted_by", "+447700900984"),
    ]
    concern_links(actor=worker, concern=concern)
    assert links.count() == 2
