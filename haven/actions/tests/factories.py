"""Factories for tasks: rows a test needs to exist.

A task made here is no screening's required action: a test that depends on which tasks a
screening requires, or on the audit trail of a task, goes through the workflows instead.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from haven.accounts.tests.factories import TeamFactory
from haven.actions.models import Task, TaskStatus
from haven.people.tests.factories import PersonFactory


class TaskFactory(factory.django.DjangoModelFactory):
    """An open task to hold a strategy meeting, due in three days. Given a case, it is about the
    case's child and owned by the case's lead team."""

    class Meta:
        model = Task

    case = None
    person = factory.Maybe(
        "case",
        yes_declaration=factory.SelfAttribute("case.person"),
        no_declaration=factory.SubFactory(PersonFactory),
    )
    team = factory.Maybe(
        "case",
        yes_declaration=factory.SelfAttribute("case.lead_team"),
        no_declaration=factory.SubFactory(TeamFactory),
    )
    code = "strategy_meeting"
    title = "Hold a multi-agency strategy meeting"
    lead = "childrens_social_care"
    reason = "Made by a test factory."
    status = TaskStatus.OPEN
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
