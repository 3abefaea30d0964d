from datetime import timedelta

import pytest
from django.utils import timezone

from haven.cases.tests.world import open_case
from haven.workflows.strategy_meetings import meeting_schedule


@pytest.fixture
def case(world):
    """Warrington's case about Amira, opened from a police concern."""
    return open_case(world)


@pytest.fixture
def meeting(world, case):
    """A strategy meeting about ``case`` tomorrow, scheduled by Warrington's manager (with its
    suggested invitations)."""
    return meeting_schedule(
        actor=world.la("warrington").manager,
        case=case,
        scheduled_for=timezone.now() + timedelta(days=1),
        location="Warrington Town Hall, room 2",
    )
