"""Reading tasks: a team's list sorted by clock, a user's own tasks for their home page, a
case's tasks, one task with its access check, and who a task may be assigned to."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import User
from haven.actions.models import OPEN_STATUSES, Task, TaskStatus
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import case_accesses, may_see_record, require_record
from haven.cases.models import CaseSection

DUE_SOON = timedelta(days=1)
# Whose of the team's tasks a list shows (the task list page's filter, the API's ``owner``):
# the caller's own, or those nobody owns yet. Without one, every open task of the team.
OWNER_ME = "me"
OWNER_NONE = "none"
# Roles that work tasks, so may own one.
WORKING_ROLES = tuple(role for role in roles.Role if roles.role_grants(role, roles.WORK_CASES))


def clock_state(task: Task, *, now=None) -> str:
    """'overdue', 'due_soon' (within a day), 'on_time', 'no_clock' or 'closed'."""
    if not task.is_open:
        return "closed"
    if task.due_at is None:
        return "no_clock"
    now = now or timezone.now()
    if task.due_at < now:
        return "overdue"
    if task.due_at - now <= DUE_SOON:
        return "due_soon"
    return "on_time"


def by_clock(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Overdue first, then by due time, tasks without a clock last: the order of every task
    list. An overdue task is due earliest, so this is the due time, soonest first, with nulls
    last on every database (SQLite would put them first)."""
    return tasks.order_by(F("due_at").asc(nulls_last=True), "pk")


def task_list_for_team(*, user, include_closed: bool = False) -> QuerySet[Task]:
    """The user's team's tasks, soonest due first (tasks without a clock last)."""
    if not user.has_role_permission(roles.WORK_CASES) or user.team_id is None:
        return Task.objects.none()
    audit_record(actor=user, verb=Verb.VIEWED, target=("actions.task", f"team:{user.team_id}"))
    tasks = Task.objects.filter(team_id=user.team_id)
    if not include_closed:
        tasks = tasks.filter(status__in=OPEN_STATUSES)
    return by_clock(tasks.select_related("person", "case", "team", "owner"))


def team_tasks_for_user(
    *, user, overdue: bool | None = None, owner: str | None = None, now=None
) -> QuerySet[Task]:
    """The task list page's tasks (``task_list_for_team``: the user's team's open tasks, the
    read audited), optionally only those whose clock has run out (``overdue=True``: due before
    ``now``) or only the others (``overdue=False``: due later, or no clock), as ``clock_state``
    tells them apart; and only the user's own (``owner=OWNER_ME``) or those nobody owns
    (``OWNER_NONE``)."""
    tasks = task_list_for_team(user=user)
    if owner == OWNER_ME:
        tasks = tasks.filter(owner=user)
    elif owner == OWNER_NONE:
        tasks = tasks.filter(owner__isnull=True)
    if overdue is None:
        return tasks
    now = now or timezone.now()
    if overdue:
        return tasks.filter(due_at__lt=now)
    return tasks.filter(Q(due_at__isnull=True) | Q(due_at__gte=now))


@dataclass(frozen=True)
class HomeTasks:
    """A user's tasks on their home page, each list in clock order."""

    mine: list[Task]
    unassigned: QuerySet[Task]  # the user's team's open tasks that nobody owns yet


def tasks_for_home(*, user) -> HomeTasks:
    """The open tasks the user owns, as far as the access door still lets them see each (one
    owned in a team they have since left may not be theirs to see), and their team's open
    tasks that nobody owns. The read names children: audited once, about no one child."""
    if not user.has_role_permission(roles.WORK_CASES):
        return HomeTasks(mine=[], unassigned=Task.objects.none())
    audit_record(actor=user, verb=Verb.VIEWED, target=("actions.task", "home"))
    related = ("person", "case")
    owned = by_clock(
        Task.objects.filter(owner=user, status__in=OPEN_STATUSES).select_related(*related)
    )
    unassigned = Task.objects.none()
    if user.team_id is not None:
        unassigned = by_clock(
            Task.objects.filter(
                team_id=user.team_id, owner__isnull=True, status__in=OPEN_STATUSES
            ).select_related(*related)
        )
    return HomeTasks(
        mine=[task for task in owned if task_visible_to(user, task)], unassigned=unassigned
    )


def next_task_for_cases(*, user, cases) -> dict[int, Task]:
    """Case id -> its open task due soonest (no clock last), for each case whose tasks the
    user may see (the door: the lead authority, break-glass, a share of the tasks section)."""
    accesses = case_accesses(user, cases)
    visible = [pk for pk, access in accesses.items() if access.can_see(CaseSection.TASKS)]
    first: dict[int, Task] = {}
    tasks = by_clock(Task.objects.filter(case_id__in=visible, status__in=OPEN_STATUSES))
    for task in tasks:
        first.setdefault(task.case_id, task)
    return first


def tasks_awaiting_approval(*, user) -> QuerySet[Task]:
    if not user.has_role_permission(roles.APPROVE) or user.team_id is None:
        return Task.objects.none()
    return Task.objects.filter(
        team_id=user.team_id, status=TaskStatus.NOT_NEEDED_PENDING
    ).select_related("person", "case")


def tasks_for_case(*, case) -> QuerySet[Task]:
    return (
        Task.objects.filter(case=case)
        .select_related("team__agency", "person", "owner", "completed_by", "approved_by")
        .prefetch_related("cross_border")
        .order_by("status", "due_at", "pk")
    )


def open_tasks(*, case, code: str) -> QuerySet[Task]:
    return Task.objects.filter(case=case, code=code, status__in=OPEN_STATUSES)


def tasks_for_case_for_user(*, user, case) -> QuerySet[Task] | None:
    """The case's tasks, or None if the user may not see its tasks section."""
    if not may_see_record(user, section=CaseSection.TASKS, case=case):
        return None
    return tasks_for_case(case=case)


def open_tasks_for_case_for_user(*, user, case) -> QuerySet[Task] | None:
    """The case's open tasks, soonest due first (those without a clock last), or None if the
    user may not see its tasks section: the case's next task is the first."""
    tasks = tasks_for_case_for_user(user=user, case=case)
    if tasks is None:
        return None
    return tasks.filter(status__in=OPEN_STATUSES).order_by(F("due_at").asc(nulls_last=True), "pk")


def done_actions_for_concern(*, concern) -> dict[str, str]:
    """Action code -> how its task was closed, for a concern's actions already done (Haven made
    the referral, say), so a page does not list them as still to do."""
    tasks = Task.objects.filter(concern=concern, status=TaskStatus.DONE)
    return {task.code: task.completion_note for task in tasks.only("code", "completion_note")}


def case_tasks_for_user(*, user, view) -> QuerySet[Task]:
    """A case's tasks as the case page's tasks panel shows them, for a ``CaseView`` from
    ``case_get_for_user``: without the tasks section they are "not found". Records the read
    once for each child the tasks are about: the case's child, and any other child of the
    household whose assessment task (named in its title) is on the case."""
    tasks = tasks_for_case_for_user(user=user, case=view.case)
    if tasks is None:
        raise Http404("No such section")
    case_child = view.case.person_id
    about = Task.objects.filter(case=view.case).values_list("person_id", flat=True).distinct()
    others = set(about) - {case_child}
    for person_id in [case_child, *sorted(others)]:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=("actions.task", f"case:{view.case.pk}"),
            person_id=person_id,
        )
    return tasks


def _door(task: Task) -> dict:
    """What the access door is asked about a task: the tasks section of its case, and the team
    that owns it (which sees its task at the front door, before any case)."""
    return {"section": CaseSection.TASKS, "case": task.case, "owner_team_id": task.team_id}


def task_visible_to(user, task: Task) -> bool:
    """May ``user`` see ``task`` (and so the child it names, as its page does)?"""
    return may_see_record(user, **_door(task))


def task_get_for_user(*, user, task_id: int, record_view: bool = True) -> Task:
    """A task the user's team owns, or one on a case the user may see the tasks of. Records
    the view (the task names the child) unless the caller is about to write and audit."""
    task = (
        Task.objects.select_related(
            "person", "case__lead_agency", "team__agency", "concern", "owner"
        )
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404("No such task")
    require_record(user, **_door(task))
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=task, person_id=task.person_id)
    return task


def task_assignees(*, task: Task) -> QuerySet[User]:
    """Who a task may be given to: the active practitioners and managers of the team that owns
    it (``actions.services.task_assign`` refuses anyone else)."""
    return User.objects.filter(team_id=task.team_id, is_active=True, role__in=WORKING_ROLES)
