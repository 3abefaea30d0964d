"""Notifications about a task name its child only to a recipient the access door lets see the
task; everyone else, and every email, gets the task's reference. Each of the tasks app's
notifications, asked of the door for each recipient."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.actions.services import escalate_overdue_tasks, task_mark_not_needed
from haven.cases.tests.world import learn, open_case
from haven.notifications.models import Notification
from haven.screening.models import Circumstance

pytestmark = pytest.mark.django_db

CHILD = "Amira Haddad"


def body(user, subject: str) -> str:
    return Notification.objects.get(recipient=user, subject=subject).body


def no_email_names_the_child() -> None:
    assert mail.outbox
    for message in mail.outbox:
        assert "Amira" not in message.body and "Haddad" not in message.body, message.body


def test_not_needed_names_the_child_to_the_team_s_managers(
    world, django_capture_on_commit_callbacks
):
    warrington = world.la("warrington")
    task = Task.objects.get(case=open_case(world), code="nrm_referral")
    with django_capture_on_commit_callbacks(execute=True):
        task_mark_not_needed(
            actor=warrington.practitioner,
            task=task,
            reason="The police submitted the NRM referral themselves.",
            expected_version=task.version,
        )
    text = body(warrington.manager, "A task marked not needed awaits your approval")
    assert text == f"'{task.title}' for {CHILD} was marked not needed. Approve or reject it."
    no_email_names_the_child()


def test_an_overdue_task_names_the_child_only_to_those_who_see_it(
    world, settings, django_capture_on_commit_callbacks
):
    """The team's manager sees the task; a head of service whose role opens no case does not."""
    settings.HAVEN_ESCALATE_TO_HEAD_OF_SERVICE_AFTER_HOURS = 1
    warrington = world.la("warrington")
    head = UserFactory(agency=warrington.agency, role=Role.STRATEGIC_LEAD)
    warrington.agency.head_of_service = head
    warrington.agency.save(update_fields=["head_of_service"])
    case = open_case(world)
    task = Task.objects.get(case=case, code="strategy_meeting")
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_tasks()
        escalate_overdue_tasks()

    named = body(warrington.manager, "Overdue safeguarding task")
    assert named.startswith(f"'{task.title}' for {CHILD} ({task.team.name}) was due ")
    unnamed = body(head, "Overdue safeguarding task")
    assert unnamed.startswith(
        f"A task of {task.team.name} (task {task.pk}, case {case.reference}) was due "
    )
    assert "Amira" not in unnamed and task.title not in unnamed
    no_email_names_the_child()


def test_cross_border_names_the_child_only_where_the_other_area_sees_the_case(
    world, django_capture_on_commit_callbacks
):
    warrington, halton = world.la("warrington"), world.la("halton")
    case = open_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        learn(warrington.manager, case, Circumstance.AREAS_INVOLVED, ["halton"])
    assert body(halton.manager, "Cross-border safeguarding notification") == (
        "A child known to Warrington is linked to Halton. Contact the lead team for details."
    )
    no_email_names_the_child()


def test_a_safe_house_escalation_names_the_child_to_the_lead_team_s_managers(world):
    warrington = world.la("warrington")
    case = open_case(world)
    learn(warrington.manager, case, Circumstance.CRIMINAL_NETWORK, True)
    text = body(warrington.manager, "Safe house to be considered")
    assert text.startswith(f"Case {case.reference} ({CHILD}): a safe house must be considered")
