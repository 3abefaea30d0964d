"""The missing-episode journey through the workflow: reports on a case and without one, the
return and its re-screen, the 72-hour clock, repeat missing, interviews and disclosures."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from haven.actions.models import Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Concern, ConcernStatus
from haven.cases.tests.world import make_child, open_case
from haven.core.working_days import LONDON
from haven.missing.models import EpisodeStatus, MissingEpisode, ReturnHomeInterview
from haven.missing.tests.support import bring_back, missing_case, report
from haven.screening import vocabulary as vocabulary_module
from haven.workflows.missing_episodes import (
    case_all_three_risks_considered,
    case_flags,
    return_interview_record,
)

pytestmark = pytest.mark.django_db


def interview(actor, episode, **fields):
    held = episode.returned_at + timedelta(minutes=30)
    defaults = {
        "offered_at": held - timedelta(minutes=20),
        "offered_by_me": True,
        "independent_of_placement": True,
        "response": "accepted",
        "held_at": held,
        "held_by": "Independent return interview worker",
        "childs_account": "Went to a party in town.",
        "why_they_went": "Bored at the home.",
        "staying_safe_information_given": True,
    }
    return return_interview_record(actor=actor, episode=episode, **{**defaults, **fields})


def test_an_episode_on_an_open_case_belongs_to_it_and_is_audited(world):
    case = open_case(world)
    episode = report(world.la("warrington").practitioner, case.person)
    assert episode.case == case and episode.concern is None
    assert episode.status == EpisodeStatus.MISSING
    assert AuditEvent.objects.filter(
        verb=Verb.MISSING_EPISODE_REPORTED, target_id=str(episode.pk)
    ).exists()
    assert case.chronology.filter(kind="missing_episode").exists()


def test_a_child_with_no_case_raises_a_concern_to_the_home_area_front_door(world):
    child = make_child(world.school.practitioner)
    episode = report(world.school.practitioner, child, missing_from="school")
    concern = episode.concern
    assert episode.case is None and concern is not None
    assert concern.indicator_codes == ["ind.missing_episodes"]
    assert concern.home_area == "warrington"  # the school's area
    assert concern.status == ConcernStatus.AWAITING_DECISION
    # Trafficking must be considered in every missing case.
    assert Task.objects.filter(concern=concern, code="consider_trafficking").exists()


def test_a_person_the_reporter_cannot_see_is_not_found(world):
    child = make_child(world.school.practitioner)
    with pytest.raises(Http404):
        report(world.health.practitioner, child)
    assert not MissingEpisode.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reported_missing_at": datetime(2999, 1, 1, tzinfo=UTC)}, "reported_missing_at"),
        ({"missing_from": "the_moon"}, "missing_from"),
        ({"police_risk_level": "extreme"}, "police_risk_level"),
        ({"last_seen_at": timezone.now() - timedelta(minutes=5)}, "last_seen_at"),
    ],
)
def test_an_impossible_report_is_refused_and_nothing_is_saved(world, fields, field):
    child = make_child(world.school.practitioner)
    with pytest.raises(ValidationError) as refused:
        report(world.school.practitioner, child, **fields)
    assert field in refused.value.message_dict
    assert not MissingEpisode.objects.exists()
    assert not Concern.objects.exists()


def test_a_return_before_the_report_is_refused(world):
    case = open_case(world)
    episode = report(world.la("warrington").practitioner, case.person, hours_ago=5)
    with pytest.raises(ValidationError) as refused:
        bring_back(world.la("warrington").practitioner, episode, hours_ago=6)
    assert "returned_at" in refused.value.message_dict
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.MISSING


def test_the_return_rescreens_the_case_and_the_interview_is_due_72_hours_later(world):
    case = open_case(world, **{"given_name": "Kai"})
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(worker, case.person))
    assert episode.found_at_postcode == "WA1 2AB"
    task = Task.objects.get(case=case, code="return_home_interview")
    assert task.due_at == episode.returned_at + timedelta(hours=72)
    assert case.screenings.first().trigger == "missing_episode"


@pytest.mark.parametrize(
    ("returned_local", "due_local"),
    [
        # Friday evening: due on Monday evening, the weekend counted in hours.
        (datetime(2027, 3, 5, 18, 0), datetime(2027, 3, 8, 18, 0)),
        # Friday before the October clock change (Sunday 25 October 2026): 72 real hours,
        # so 17:00 on Monday by the clock on the wall, not 18:00.
        (datetime(2026, 10, 23, 18, 0), datetime(2026, 10, 26, 17, 0)),
    ],
)
def test_the_72_hour_clock_counts_real_hours_across_a_weekend_and_the_clock_change(
    world, time_machine, returned_local, due_local
):
    returned = returned_local.replace(tzinfo=LONDON)
    time_machine.move_to(returned + timedelta(hours=2))
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = report(worker, case.person, hours_ago=30)
    bring_back(worker, episode, returned_at=returned)
    task = Task.objects.get(case=case, code="return_home_interview")
    assert task.due_at - returned == timedelta(hours=72)
    assert timezone.localtime(task.due_at).replace(tzinfo=None) == due_local


def test_a_return_with_no_case_yet_puts_the_interview_task_on_the_concern(world):
    school = world.school.practitioner
    child = make_child(school)
    episode = bring_back(school, report(school, child, missing_from="school"))
    task = Task.objects.get(concern=episode.concern, code="return_home_interview")
    assert task.due_at == episode.returned_at + timedelta(hours=72)
    assert episode.concern.screenings.first().trigger == "missing_episode"


def test_three_episodes_in_90_days_flag_the_case_and_ask_for_a_strategy_meeting(world):
    case = missing_case(world)
    worker = world.la("warrington").practitioner
    assert not Task.objects.filter(case=case, code="strategy_meeting").exists()
    for days_ago in (80, 40):
        bring_back(
            worker,
            report(worker, case.person, hours_ago=days_ago * 24),
            hours_ago=days_ago * 24 - 3,
        )
    assert case_flags(case=case) == []
    assert not Task.objects.filter(case=case, code="strategy_meeting").exists()
    report(worker, case.person)
    assert case_flags(case=case) == ["repeat_missing"]
    meeting = Task.objects.get(case=case, code="strategy_meeting")
    assert "missing repeatedly" in meeting.reason


def test_reaching_repeat_missing_asks_again_when_an_earlier_strategy_meeting_is_done(world):
    """A meeting held months ago for another reason says nothing of this pattern."""
    case = missing_case(world)
    worker = world.la("warrington").practitioner
    earlier = Task.objects.create(
        code="strategy_meeting",
        person=case.person,
        case=case,
        title="Hold a multi-agency strategy meeting",
        lead="childrens_social_care",
        team=case.lead_team,
        status=TaskStatus.DONE,
        reason="Potential victim.",
    )
    for days_ago in (80, 40):
        bring_back(
            worker,
            report(worker, case.person, hours_ago=days_ago * 24),
            hours_ago=days_ago * 24 - 3,
        )
    report(worker, case.person)
    assert case_flags(case=case) == ["repeat_missing"]
    [again] = Task.objects.filter(case=case, code="strategy_meeting").exclude(pk=earlier.pk)
    assert again.is_open and "3 or more missing episodes in 90 days" in again.reason
    assert again.due_at is not None
    # A fourth episode while that meeting is still to be held asks for no other.
    report(worker, case.person, hours_ago=2)
    assert Task.objects.filter(case=case, code="strategy_meeting").count() == 2


def test_episodes_older_than_the_window_do_not_count(world):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    for days_ago in (120, 100):
        bring_back(
            worker,
            report(worker, case.person, hours_ago=days_ago * 24),
            hours_ago=days_ago * 24 - 3,
        )
    report(worker, case.person)
    assert case_flags(case=case) == []


def test_the_threshold_is_set_per_authority(world, monkeypatch):
    vocabulary = vocabulary_module.load_vocabulary()
    areas = dict(vocabulary.areas)
    areas["warrington"] = replace(areas["warrington"], repeat_missing_episodes=2)
    changed = replace(vocabulary, areas=areas)
    monkeypatch.setattr("haven.workflows.missing_episodes.load_vocabulary", lambda: changed)
    warrington, halton = open_case(world), open_case(world, "halton", given_name="Lena")
    for case in (warrington, halton):
        worker = world.la(case.lead_agency.area_code).practitioner
        bring_back(worker, report(worker, case.person, hours_ago=48), hours_ago=40)
        report(worker, case.person)
    assert case_flags(case=warrington) == ["repeat_missing"]
    assert case_flags(case=halton) == []


def test_holding_the_interview_completes_its_task(world):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    interview(worker, episode)
    task = Task.objects.get(case=case, code="return_home_interview")
    assert task.status == TaskStatus.DONE


def test_a_declined_interview_leaves_the_task_open(world):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    interview(
        worker,
        episode,
        response="declined",
        held_at=None,
        declined_reason="Did not want to talk today.",
        another_offer_to_follow=True,
    )
    assert Task.objects.get(case=case, code="return_home_interview").status == TaskStatus.OPEN


def test_the_placements_own_team_cannot_offer_the_interview(world):
    case = open_case(world)
    home_worker = world.la("warrington").practitioner
    episode = bring_back(home_worker, report(home_worker, case.person))
    with pytest.raises(ValidationError) as refused:
        interview(home_worker, episode)
    assert "offered_by_me" in refused.value.message_dict
    assert not ReturnHomeInterview.objects.exists()


def test_a_disclosure_raises_a_new_concern_with_its_indicators(world):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    record = interview(
        worker,
        episode,
        disclosure="An older man drove her to a flat in Manchester and gave her vodka.",
        disclosure_indicator_codes=["ind.transport_arranged_by_adult"],
    )
    concern = record.disclosure_concern
    assert concern.indicator_codes == ["ind.transport_arranged_by_adult"]
    assert concern.person == case.person
    assert "older man" in concern.description


def test_an_unknown_disclosure_indicator_is_refused_and_nothing_is_saved(world):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    concerns = Concern.objects.count()
    with pytest.raises(ValidationError) as refused:
        interview(worker, episode, disclosure="Something", disclosure_indicator_codes=["ind.nope"])
    assert "disclosure_indicator_codes" in refused.value.message_dict
    assert Concern.objects.count() == concerns
    assert not ReturnHomeInterview.objects.exists()


def test_all_three_risks_considered_needs_the_interview_offered(world):
    case = missing_case(world)
    worker = world.la("warrington").practitioner
    Task.objects.filter(case=case, code="consider_trafficking").update(status=TaskStatus.DONE)
    assert case_all_three_risks_considered(case=case)
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    assert not case_all_three_risks_considered(case=case)
    interview(worker, episode)
    Task.objects.filter(case=case, code="consider_trafficking").update(status=TaskStatus.DONE)
    assert case_all_three_risks_considered(case=case)


def test_the_places_and_phones_mentioned_are_saved_and_a_bad_one_saves_nothing(world):
    case = open_case(world)
    worker = world.la("warrington").practitioner
    episode = bring_back(worker, report(world.police.practitioner, case.person))
    with pytest.raises(ValidationError) as refused:
        interview(worker, episode, phones_mentioned=["07700 900982", "not a number"])
    assert refused.value.message_dict == {
        "phones_mentioned": [
            "Each phone number mentioned must be a phone number, like 07700 900982"
        ]
    }
    assert not ReturnHomeInterview.objects.exists()
    record = interview(
        worker,
        episode,
        places_mentioned=[{"line": "Flat 3, 14 Bridge Street", "postcode": "wa71ab"}],
        phones_mentioned=["07700 900982"],
    )
    assert record.places_mentioned == [{"line": "Flat 3, 14 Bridge Street", "postcode": "WA7 1AB"}]
    assert record.phones_mentioned == ["+447700900982"]
