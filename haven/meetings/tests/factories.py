"""Factories for strategy meetings: rows a test needs to exist.

A meeting made here has no suggested invitations and no chronology entry: a test that depends
on those schedules through ``haven.workflows.strategy_meetings.meeting_schedule`` instead.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.cases.tests.factories import CaseFactory
from haven.meetings.models import MeetingStatus, StrategyMeeting


class StrategyMeetingFactory(factory.django.DjangoModelFactory):
    """A meeting tomorrow at this time, chaired by a manager of the lead authority."""

    class Meta:
        model = StrategyMeeting

    case = factory.SubFactory(CaseFactory)
    scheduled_for = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    location = "Warrington Town Hall, room 2"
    chair = factory.SubFactory(
        UserFactory,
        agency=factory.SelfAttribute("..case.lead_agency"),
        team=factory.SelfAttribute("..case.lead_team"),
        role=Role.MANAGER,
    )
    status = MeetingStatus.SCHEDULED
