"""The tasks on a user's home page and in every task list: overdue first, then by due time, tasks
without a clock last; only what the access door lets the user see. Frozen at a fixed instant:
the test is about the order of due times around it."""

from datetime import UTC, datetime, timedelta

import pytest

from haven.accounts.tests.factories import TeamFactory
from haven.actions.models import TaskStatus
from haven.actions.selectors import next_task_for_cases, tasks_for_home, team_tasks_for_user
from haven.actions.tests.factories import TaskFactory
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
]

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def tasks_due(team, owner, offsets) -> list:
    """One open task per offset from now (None: no clock), in the given order."""
    return [
        TaskFactory(
            team=team,
            owner=owner,
            due_at=None if offset is None else NOW + offset,
            due_note="" if offset is not None else "before the first interview",
            title=f"Task due {offset}",
        )
        for offset in offsets
    ]


# Made in a muddled order: the lists must sort them.
OFFSETS = [
    timedelta(days=5),
    None,
    timedelta(hours=-1),
    timedelta(hours=3),
    None,
    timedelta(days=-2),
]
# Indexes of OFFSETS in the expected order: overdue (longest overdue first), then soonest due,
# then no clock (oldest first).
EXPECTED = [5, 2, 3, 0, 1, 4]


def test_my_tasks_are_overdue_first_then_by_due_time_then_undated(world):
    practitioner = world.la("warrington").practitioner
    made = tasks_due(practitioner.team, practitioner, OFFSETS)
    home = tasks_for_home(user=practitioner)
    assert home.mine == [made[i] for i in EXPECTED]
    assert list(home.unassigned) == []


def test_the_team_s_unassigned_tasks_and_the_task_list_follow_the_same_order(world):
    practitioner = world.la("warrington").practitioner
    made = tasks_due(practitioner.team, None, OFFSETS)
    expected = [made[i] for i in EXPECTED]
    assert list(tasks_for_home(user=practitioner).unassigned) == expected
    assert list(team_tasks_for_user(user=practitioner)) == expected
    assert list(team_tasks_for_user(user=practitioner, owner="none")) == expected
    assert list(team_tasks_for_user(user=practitioner, owner="me")) == []


def test_closed_tasks_and_other_people_s_are_not_mine(world):
    warrington = world.la("warrington")
    practitioner = warrington.practitioner
    [mine] = tasks_due(practitioner.team, practitioner, [timedelta(hours=1)])
    tasks_due(practitioner.team, warrington.manager, [timedelta(hours=2)])
    done = tasks_due(practitioner.team, practitioner, [timedelta(hours=3)])[0]
    done.status = TaskStatus.DONE
    done.save()
    home = tasks_for_home(user=practitioner)
    assert home.mine == [mine]
    assert list(home.unassigned) == []


def test_a_task_i_own_but_may_no_longer_see_is_not_shown(world):
    """Owned in a team the user has left, at the front door (no case): the door says no."""
    practitioner = world.la("warrington").practitioner
    old_team = TeamFactory(agency=practitioner.agency, name="Old team")
    [left_behind] = tasks_due(old_team, practitioner, [timedelta(hours=1)])
    assert tasks_for_home(user=practitioner).mine == []
    practitioner.team = old_team
    practitioner.save()
    assert tasks_for_home(user=practitioner).mine == [left_behind]


def test_the_home_read_is_audited_about_no_one_child(world):
    practitioner = world.la("warrington").practitioner
    tasks_for_home(user=practitioner)
    assert AuditEvent.objects.filter(
        actor=practitioner,
        verb=Verb.VIEWED,
        target_type="actions.task",
        target_id="home",
        person_id__isnull=True,
    ).exists()
    # Roles that work no cases have no tasks, and read none.
    assert tasks_for_home(user=world.auditor).mine == []
    assert not AuditEvent.objects.filter(actor=world.auditor, target_id="home").exists()


def test_each_case_s_next_task_only_where_the_user_sees_its_tasks(world):
    case = open_case(world)
    warrington, halton = world.la("warrington"), world.la("halton")
    soonest = TaskFactory(case=case, due_at=NOW - timedelta(hours=1), title="Late one")
    TaskFactory(case=case, due_at=None, due_note="before the first interview")
    assert next_task_for_cases(user=warrington.practitioner, cases=[case]) == {case.pk: soonest}
    assert next_task_for_cases(user=halton.manager, cases=[case]) == {}
    assert next_task_for_cases(user=world.school.practitioner, cases=[case]) == {}
