"""Case audits (decision 0032): the sample, its population, grading, actions that become tasks,
completing the audit, and the grades the dashboards count."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.case_audits.models import Answer, AuditStatus, Grade, Question, SampleMethod
from haven.case_audits.rules import draw_random
from haven.case_audits.selectors import audit_grade_counts, audit_population
from haven.case_audits.services import audit_complete, sampled_case_grade
from haven.case_audits.tests.support import all_met, an_audit, grade
from haven.cases.tests.world import open_case
from haven.workflows.case_audits import audit_action_add, audit_draw

pytestmark = pytest.mark.django_db


def _cases(world, count: int, area: str = "warrington"):
    return [
        open_case(world, area, given_name=f"Child{n}", family_name="Test") for n in range(count)
    ]


def _partnership_auditor(world):
    return UserFactory(
        email="partnership.auditor@cwac.test",
        agency=world.la("cheshire_west_and_chester").agency,
        role=Role.PARTNERSHIP_AUDITOR,
    )


def _sample(audit) -> list[int]:
    return list(audit.sampled.order_by("position").values_list("case_id", flat=True))


# --- The sample ------------------------------------------------------------------------------


def test_a_random_draw_is_the_same_for_the_same_seed_whatever_the_order_read():
    population = list(range(1, 40))
    assert draw_random(population, 5, 7) == draw_random(reversed(population), 5, 7)
    assert draw_random(population, 5, 7) != draw_random(population, 5, 8)
    assert draw_random([3, 1], 5, 7) in ([1, 3], [3, 1])  # never more than there are


def test_the_same_seed_and_criteria_draw_the_same_cases_and_both_are_recorded(world):
    _cases(world, 8)
    first = an_audit(world.auditor, size=3, seed=1234, status="open")
    again = an_audit(world.auditor, size=3, seed=1234, status="open")
    other = an_audit(world.auditor, size=3, seed=99, status="open")
    assert _sample(first) == _sample(again)
    assert _sample(first) != _sample(other)
    assert (first.seed, first.criteria, first.sample_size) == (1234, {"status": "open"}, 3)
    assert first.population_size == 8
    drawn = AuditEvent.objects.get(verb=Verb.AUDIT_SAMPLE_DRAWN, target_id=str(first.pk))
    assert drawn.changes["cases"] == _sample(first)
    assert drawn.changes["seed"] == 1234


def test_a_random_draw_without_a_seed_gets_one_recorded(world):
    _cases(world, 2)
    audit = audit_draw(
        actor=world.auditor, title="Audit", method=SampleMethod.RANDOM, sample_size=1
    )
    assert audit.seed is not None


def test_by_criteria_takes_the_most_recently_opened_cases(world):
    _older, newer = _cases(world, 2)
    audit = audit_draw(
        actor=world.auditor, title="Audit", method=SampleMethod.CRITERIA, sample_size=1
    )
    assert _sample(audit) == [newer.pk]
    assert audit.seed is None


def test_a_local_authority_auditor_samples_only_the_cases_their_authority_leads(world):
    own = _cases(world, 2)
    _cases(world, 2, area="halton")
    audit = an_audit(world.auditor, size=10)
    assert sorted(_sample(audit)) == sorted(case.pk for case in own)
    # Asking for another authority's cases finds none of them.
    with pytest.raises(ValidationError) as refused:
        an_audit(world.auditor, lead_area="halton")
    assert refused.value.message_dict["__all__"] == ["No cases you audit meet these criteria"]


def test_a_partnership_auditor_samples_every_authority_and_other_auditors_none(world):
    cases = _cases(world, 1) + _cases(world, 1, area="halton")
    assert set(audit_population(_partnership_auditor(world))) == set(cases)
    police_auditor = UserFactory(agency=world.police.agency, role=Role.AUDITOR)
    assert not audit_population(police_auditor).exists()
    assert not audit_population(world.la("warrington").manager).exists()


def test_criteria_screening_outcome_nrm_referral_and_dates(world):
    [case] = _cases(world, 1)  # the police concern makes its child a potential victim
    today = timezone.localdate()
    assert _sample(an_audit(world.auditor, screening_outcome="potential_victim")) == [case.pk]
    assert _sample(an_audit(world.auditor, exploitation_type="sexual")) == [case.pk]
    for criteria in (
        {"screening_outcome": "insufficient_information"},
        {"exploitation_type": "labour"},
        {"nrm_referral": "yes"},
        {"opened_from": today + timedelta(days=1)},
        {"opened_to": today - timedelta(days=1)},
    ):
        with pytest.raises(ValidationError):
            an_audit(world.auditor, **criteria)
    audit = an_audit(world.auditor, nrm_referral="no", opened_from=today, opened_to=today)
    assert audit.criteria == {
        "nrm_referral": "no",
        "opened_from": today.isoformat(),
        "opened_to": today.isoformat(),
    }


def test_the_sample_size_and_seed_are_bounded_and_only_auditors_draw(world):
    _cases(world, 1)
    with pytest.raises(ValidationError) as refused:
        an_audit(world.auditor, size=0, seed=0)
    assert set(refused.value.message_dict) == {"sample_size", "seed"}
    with pytest.raises(PermissionDenied):
        an_audit(world.la("warrington").manager)


# --- Grading, actions and completing ----------------------------------------------------------


def test_every_question_is_answered_and_an_answer_short_of_met_says_why(world):
    _cases(world, 1)
    sampled = an_audit(world.auditor).sampled.get()
    answers = all_met()
    del answers[Question.NRM]
    answers[Question.TIMELINESS] = (Answer.PARTLY_MET, "  ")
    with pytest.raises(ValidationError) as refused:
        sampled_case_grade(
            actor=world.auditor, sampled=sampled, answers=answers, grade="", findings=""
        )
    assert refused.value.message_dict == {
        "nrm": ["Select how far nrm referral made was met"],
        "timeliness_comment": ["Say why timeliness was partly met"],
        "grade": ["Select the overall grade"],
    }
    answers[Question.NRM] = (Answer.NOT_APPLICABLE, "")
    answers[Question.TIMELINESS] = (Answer.PARTLY_MET, "Strategy meeting on day 5.")
    grade(world.auditor, sampled, Grade.REQUIRES_IMPROVEMENT, answers)
    sampled.refresh_from_db()
    assert sampled.grade == Grade.REQUIRES_IMPROVEMENT
    assert sampled.answers.get(question=Question.TIMELINESS).comment == "Strategy meeting on day 5."
    event = AuditEvent.objects.get(verb=Verb.CASE_AUDIT_GRADED)
    assert event.changes["answers"]["timeliness"] == "partly_met"
    assert event.person_id == sampled.case.person_id


def test_only_the_audits_auditor_grades_and_only_while_it_is_open(world):
    _cases(world, 1)
    audit = an_audit(world.auditor)
    sampled = audit.sampled.get()
    with pytest.raises(PermissionDenied):
        grade(_partnership_auditor(world), sampled)
    grade(world.auditor, sampled)
    audit_complete(actor=world.auditor, audit=audit)
    sampled.refresh_from_db()
    with pytest.raises(PermissionDenied):
        grade(world.auditor, sampled)


def test_an_action_becomes_a_task_for_the_team_that_owns_it(world):
    _cases(world, 1)
    sampled = an_audit(world.auditor).sampled.get()
    police = world.police
    due = timezone.localdate() + timedelta(days=14)
    action = audit_action_add(
        actor=world.auditor,
        sampled=sampled,
        description="Record the child's own words after each return interview",
        team=police.team,
        due_on=due,
    )
    task = Task.objects.get(pk=action.task_id)
    assert (task.case, task.team, task.code) == (sampled.case, police.team, "audit_action")
    assert timezone.localdate(task.due_at) == due
    assert AuditEvent.objects.filter(verb=Verb.AUDIT_ACTION_ADDED, target_id=str(action.pk))
    with pytest.raises(ValidationError) as refused:
        audit_action_add(
            actor=world.auditor,
            sampled=sampled,
            description=" ",
            team=police.team,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"description", "due_on"}


def test_an_audit_completes_only_when_every_case_is_graded(world):
    _cases(world, 2)
    audit = an_audit(world.auditor)
    first, second = audit.sampled.all()
    grade(world.auditor, first)
    with pytest.raises(ValidationError) as refused:
        audit_complete(actor=world.auditor, audit=audit)
    assert refused.value.messages == ["1 sampled case is not graded yet"]
    grade(world.auditor, second, Grade.OUTSTANDING)
    audit_complete(actor=world.auditor, audit=audit, summary="Good practice overall.")
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED
    event = AuditEvent.objects.get(verb=Verb.AUDIT_COMPLETED)
    assert event.changes["grades"] == {
        "outstanding": 1,
        "good": 1,
        "requires_improvement": 0,
        "inadequate": 0,
    }


# --- The grades the dashboards count ------------------------------------------------------------


def test_grade_counts_are_of_completed_audits_in_the_period_and_the_area(world):
    partnership = _partnership_auditor(world)
    warrington_cases = _cases(world, 2)
    _cases(world, 1, area="halton")
    today = timezone.localdate()
    completed = an_audit(partnership, size=3)  # every case there is
    for sampled in completed.sampled.all():
        answers = all_met()
        if sampled.case_id == warrington_cases[0].pk:
            answers[Question.VOICE_OF_THE_CHILD] = (Answer.NOT_MET, "No views recorded.")
        grade(
            partnership,
            sampled,
            Grade.INADEQUATE if sampled.case.lead_agency.area_code == "halton" else Grade.GOOD,
            answers,
        )
    audit_complete(actor=partnership, audit=completed)
    # An audit still open does not count.
    still_open = an_audit(world.auditor, size=1)
    grade(world.auditor, still_open.sampled.get(), Grade.OUTSTANDING)

    everywhere = audit_grade_counts(area="pan_cheshire", start=today, end=today)
    assert everywhere.overall == {
        "outstanding": 0,
        "good": 2,
        "requires_improvement": 0,
        "inadequate": 1,
    }
    assert everywhere.total == 3
    assert everywhere.by_question["voice_of_the_child"] == {
        "met": 2,
        "partly_met": 0,
        "not_met": 1,
        "not_applicable": 0,
    }
    warrington = audit_grade_counts(area="warrington", start=today, end=today)
    assert warrington.overall["good"] == 2 and warrington.total == 2
    assert audit_grade_counts(area="halton", start=today, end=today).overall["inadequate"] == 1
    yesterday = today - timedelta(days=1)
    assert audit_grade_counts(area="pan_cheshire", start=yesterday, end=yesterday).total == 0


def test_grade_counts_are_by_the_day_the_case_was_graded(world):
    _cases(world, 1)
    audit = an_audit(world.auditor)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        grade(world.auditor, audit.sampled.get())
        audit_complete(actor=world.auditor, audit=audit)
        graded_on = timezone.localdate()
    assert audit_grade_counts(area="warrington", start=graded_on, end=graded_on).total == 1
    before = graded_on - timedelta(days=1)
    assert audit_grade_counts(area="warrington", start=before, end=before).total == 0
