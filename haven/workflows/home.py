"""What a user's home page ("My work") shows: the tasks they own and their team's tasks nobody
owns yet, the open cases they lead with each one's next task, the team's NRM referrals still
waiting for a reasonable grounds decision after the target, their front door's queue, and the
concerns they raised with the front door's decision. Each part comes from its module's
selectors, which ask the access door; each role sees the parts its work has."""

from dataclasses import dataclass

from django.utils import timezone

from haven.accounts import roles
from haven.actions.models import Task
from haven.actions.selectors import clock_state, next_task_for_cases, tasks_for_home
from haven.cases.models import Case, Concern, ConcernStatus
from haven.cases.selectors import (
    FrontDoorCounts,
    cases_led_by,
    front_door_area_for_user,
    front_door_counts,
    referrals_of,
)
from haven.core.areas import area_label
from haven.nrm.selectors import OverdueDecision, OverdueDecisions, overdue_decisions_for_team
from haven.workflows.front_door import decision_in_words

# Each list shows this many, the most pressing first; the rest are a link away.
SHOWN = 10


@dataclass(frozen=True)
class TaskRow:
    task: Task
    clock: str  # clock_state: overdue, due_soon, on_time, no_clock


@dataclass(frozen=True)
class CaseRow:
    case: Case
    next_task: TaskRow | None  # its open task due soonest, if any


@dataclass(frozen=True)
class ReferralRow:
    concern: Concern
    decision: str  # decision_in_words
    overdue: bool  # still waiting after the front door's one-working-day clock ran out


@dataclass(frozen=True)
class FrontDoor:
    area_code: str
    area_name: str
    counts: FrontDoorCounts


@dataclass(frozen=True)
class HomePage:
    works_cases: bool  # practitioners and managers: tasks and cases
    my_tasks: list[TaskRow]
    my_tasks_total: int
    team_tasks: list[TaskRow]  # the team's open tasks nobody owns yet
    team_tasks_total: int
    my_cases: list[CaseRow]
    my_cases_total: int
    front_door: FrontDoor | None  # for those who work at a local authority's front door
    referrals: list[ReferralRow] | None  # for roles that raise concerns
    referrals_total: int
    # Submitted NRM referrals on the team's cases past the reasonable grounds target.
    nrm_overdue: list[OverdueDecision]  # the oldest SHOWN
    nrm_overdue_total: int


def home_page_for_user(*, user) -> HomePage:
    """The user's home page. Each list that names children records its read."""
    now = timezone.now()
    works_cases = user.has_role_permission(roles.WORK_CASES)
    my_tasks, team_tasks, cases, case_rows = [], [], [], []
    nrm_overdue = OverdueDecisions(oldest=[], total=0)
    team_total = cases_total = 0
    if works_cases:
        home_tasks = tasks_for_home(user=user)
        my_tasks = home_tasks.mine
        team_total = home_tasks.unassigned.count()
        team_tasks = list(home_tasks.unassigned[:SHOWN])
        led = cases_led_by(user=user)
        # Counted in the database: a practitioner may lead hundreds, the page shows a few.
        cases_total = led.count()
        cases = list(led[:SHOWN])
        next_tasks = next_task_for_cases(user=user, cases=cases)
        case_rows = [
            CaseRow(case=case, next_task=_row(next_tasks.get(case.pk), now)) for case in cases
        ]
        nrm_overdue = overdue_decisions_for_team(
            user=user, today=timezone.localdate(now), shown=SHOWN
        )
    area = front_door_area_for_user(user=user)
    referrals, referrals_total = None, 0
    if user.has_role_permission(roles.RAISE_CONCERN):
        raised = referrals_of(user=user)
        referrals_total = raised.count()
        referrals = [
            ReferralRow(
                concern=concern,
                decision=decision_in_words(concern),
                overdue=concern.status == ConcernStatus.AWAITING_DECISION
                and concern.decision_due_at is not None
                and concern.decision_due_at < now,
            )
            for concern in raised[:SHOWN]
        ]
    return HomePage(
        works_cases=works_cases,
        my_tasks=[_row(task, now) for task in my_tasks[:SHOWN]],
        my_tasks_total=len(my_tasks),
        team_tasks=[_row(task, now) for task in team_tasks],
        team_tasks_total=team_total,
        my_cases=case_rows,
        my_cases_total=cases_total,
        front_door=FrontDoor(
            area_code=area,
            area_name=area_label(area),
            counts=front_door_counts(user=user, area_code=area, now=now),
        )
        if area
        else None,
        referrals=referrals,
        referrals_total=referrals_total,
        nrm_overdue=nrm_overdue.oldest,
        nrm_overdue_total=nrm_overdue.total,
    )


def _row(task: Task | None, now) -> TaskRow | None:
    return TaskRow(task=task, clock=clock_state(task, now=now)) if task is not None else None
