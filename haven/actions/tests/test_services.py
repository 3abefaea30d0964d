"""Tasks: owned, timed, escalated; the linked-task and blocking rules of DOMAIN §4."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import TeamFactory, UserFactory
from haven.actions.models import CrossBorderNotification, EscalationLevel, Task, TaskStatus
from haven.actions.services import (
    _has_task,
    cross_border_record_outbound,
    escalate_overdue_tasks,
    reunification_record,
    task_complete,
    task_decide_not_needed,
    task_mark_not_needed,
)
from haven.actions.tasks import check_task_clocks
from haven.audit.versioning import StaleVersionError
from haven.cases.tests.world import learn, make_child, open_case, raise_concern
from haven.core.schedule import SCHEDULE
from haven.notifications.models import Notification
from haven.people.services import relationship_add
from haven.screening.models import Circumstance
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db


def test_tasks_are_owned_by_the_resolved_team(world):
    case = open_case(world)
    teams = dict(Task.objects.filter(case=case).values_list("code", "team"))
    assert teams["strategy_meeting"] == case.lead_team_id
    assert teams["report_to_police"] == case.lead_team_id
    police_case = Task.objects.filter(case=case, lead="police")
    assert all(t.team.agency == world.police.agency for t in police_case)


def test_complete_needs_evidence_and_the_owning_team(world):
    case = open_case(world)
    task = Task.objects.get(case=case, code="strategy_meeting")
    with pytest.raises(PermissionDenied):
        task_complete(
            actor=world.school.practitioner,
            task=task,
            note="done it",
            expected_version=task.version,
        )
    with pytest.raises(ValidationError):
        task_complete(
            actor=world.la("warrington").practitioner,
            task=task,
            note="",
            expected_version=task.version,
        )
    task_complete(
        actor=world.la("warrington").practitioner,
        task=task,
        note="Meeting held with police and school.",
        expected_version=task.version,
    )
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_not_needed_requires_a_manager_approval(world):
    case = open_case(world)
    task = Task.objects.get(case=case, code="nrm_referral")
    practitioner = world.la("warrington").practitioner
    task = task_mark_not_needed(
        actor=practitioner,
        task=task,
        reason="Police raised the concern themselves.",
        expected_version=task.version,
    )
    assert task.status == TaskStatus.NOT_NEEDED_PENDING
    with pytest.raises(PermissionDenied):
        task_decide_not_needed(
            actor=practitioner, task=task, approve=True, expected_version=task.version
        )
    task = task_decide_not_needed(
        actor=world.la("warrington").manager, task=task, approve=True, expected_version=task.version
    )
    assert task.status == TaskStatus.NOT_NEEDED


def test_stale_task_update_is_refused(world):
    case = open_case(world)
    task = Task.objects.get(case=case, code="strategy_meeting")
    old_version = task.version
    task_complete(
        actor=world.la("warrington").practitioner,
        task=task,
        note="Meeting held.",
        expected_version=old_version,
    )
    stale = Task.objects.get(pk=task.pk)
    stale.status = TaskStatus.OPEN
    with pytest.raises(StaleVersionError):
        task_mark_not_needed(
            actor=world.la("warrington").practitioner,
            task=stale,
            reason="Not needed after all, sorry.",
            expected_version=old_version,
        )


def test_overdue_task_goes_to_the_manager_then_the_head_of_service(world, settings):
    settings.HAVEN_ESCALATE_TO_HEAD_OF_SERVICE_AFTER_HOURS = 24
    case = open_case(world)
    la = world.la("warrington")
    head = UserFactory(agency=la.agency, role=Role.MANAGER, full_name="Head of Service")
    la.agency.head_of_service = head
    la.agency.save(update_fields=["head_of_service"])
    task = Task.objects.get(case=case, code="strategy_meeting")
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert escalate_overdue_tasks() == {"manager": 1, "head_of_service": 0}
    assert Notification.objects.filter(recipient=la.manager, subject__icontains="overdue").exists()
    assert escalate_overdue_tasks() == {"manager": 0, "head_of_service": 0}  # idempotent
    later = timezone.now() + timedelta(hours=25)
    assert escalate_overdue_tasks(now=later)["head_of_service"] == 1
    assert Task.objects.get(pk=task.pk).escalation_level == EscalationLevel.HEAD_OF_SERVICE
    assert Notification.objects.filter(recipient=head).exists()


def test_assess_household_children_creates_a_linked_task_per_other_child(world):
    la = world.la("warrington")
    child = make_child(world.police.practitioner)
    sister = make_child(world.police.practitioner, given_name="Lina")
    brother = make_child(world.police.practitioner, given_name="Omar")
    relationship_add(actor=la.manager, person=sister, other=child, kind="sibling")
    relationship_add(actor=la.manager, person=child, other=brother, kind="household_member")
    concern = raise_concern(world.police.practitioner, child)
    case = concern_decide(actor=la.manager, concern=concern, decision="accept").case
    learn(la.manager, case, Circumstance.PARENTS_OR_CARERS_COMPLICIT, True)
    parent = Task.objects.get(case=case, code="assess_household_children", parent=None)
    linked = {t.person for t in parent.linked_tasks.all()}
    assert linked == {sister, brother}


def test_family_role_established_blocks_reunification_until_done(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    learn(manager, case, Circumstance.REUNIFICATION_PLANNED, True)
    with pytest.raises(ValidationError, match="role of the family"):
        reunification_record(actor=manager, case=case, note="Returning to mother on Friday.")
    task = Task.objects.get(case=case, code="family_role_established")
    task_complete(
        actor=manager,
        task=task,
        note="Mother not involved: police enquiries.",
        expected_version=task.version,
    )
    reunification_record(actor=manager, case=case, note="Returning to mother on Friday.")


def test_cross_border_inside_haven_notifies_the_other_front_door(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    learn(manager, case, Circumstance.AREAS_INVOLVED, ["halton"])
    task = Task.objects.get(case=case, code="notify_cross_border")
    assert task.status == TaskStatus.DONE
    notification = CrossBorderNotification.objects.get(task=task)
    assert notification.recipient_team == world.la("halton").team
    assert Notification.objects.filter(recipient=world.la("halton").manager).exists()


def test_cross_border_outside_cheshire_stays_open_until_recorded(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    learn(manager, case, Circumstance.AREAS_INVOLVED, ["outside_cheshire"])
    task = Task.objects.get(case=case, code="notify_cross_border")
    assert task.status == TaskStatus.OPEN
    with pytest.raises(ValidationError):
        cross_border_record_outbound(actor=manager, task=task, area_name="", contact_details="")
    cross_border_record_outbound(
        actor=manager,
        task=task,
        area_name="Liverpool",
        contact_details="Merseyside Police MASH 0151 000 0000; Liverpool CSC duty team.",
    )
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_clock_check_runs_as_a_background_task(world):
    assert (check_task_clocks, 300) in SCHEDULE

    case = open_case(world)
    Task.objects.filter(case=case, code="strategy_meeting").update(
        due_at=timezone.now() - timedelta(minutes=5)
    )
    assert check_task_clocks.call() == {"manager": 1, "head_of_service": 0}


def test_police_actions_go_to_the_exploitation_unit_not_another_police_team(world):
    TeamFactory(agency=world.police.agency, name="Public protection unit", function="safeguarding")
    case = open_case(world)
    learn(world.la("warrington").manager, case, Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True)
    task = Task.objects.get(case=case, code="non_criminalisation_review")
    assert task.team == world.police.team


def test_report_to_police_is_done_when_the_police_raised_the_concern(world):
    """Practitioner trial: a "report to the police" task was raised when the police made the
    referral. Haven closes it, saying why; a school's concern still asks for it."""
    police_case = open_case(world)
    task = Task.objects.get(case=police_case, code="report_to_police")
    assert task.status == TaskStatus.DONE
    assert task.completion_note == (
        "Cheshire Constabulary raised this concern, so the police already know."
    )
    school_child = make_child(world.school.practitioner, given_name="Ava", family_name="Lowe")
    concern = raise_concern(world.school.practitioner, school_child)
    assert Task.objects.get(concern=concern, code="report_to_police").status == TaskStatus.OPEN


def test_a_rescreening_adds_only_the_actions_the_case_has_no_task_for(world):
    """Tasks are never duplicated by a later screening (DOMAIN §4): the case's existing tasks
    are read once for all the required actions, and each action that has one is skipped."""
    la = world.la("warrington")
    case = open_case(world)
    before = list(Task.objects.filter(case=case).values_list("code", flat=True))
    assert len(before) == len(set(before))
    learn(la.manager, case, Circumstance.PARENTS_OR_CARERS_COMPLICIT, True)
    learn(la.manager, case, Circumstance.PARENTS_OR_CARERS_COMPLICIT, True)
    after = list(Task.objects.filter(case=case, parent=None).values_list("code", flat=True))
    assert len(after) == len(set(after))
    assert set(before) < set(after)


def test_a_recurring_action_has_a_task_per_due_time_and_every_other_action_one():
    due = timezone.now()
    existing = {("strategy_meeting", due), ("return_home_interview", due)}
    assert _has_task(existing, "strategy_meeting", due + timedelta(days=3))
    assert _has_task(existing, "return_home_interview", due)
    assert not _has_task(existing, "return_home_interview", due + timedelta(days=3))
    assert not _has_task(existing, "nrm_referral", None)
