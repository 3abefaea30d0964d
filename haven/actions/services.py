"""Tasks, and the only code that writes them: made from the actions a screening requires or a
strategy meeting agrees, moved from a concern to its case, assigned to a named person of the
team that owns them, completed (by a person with evidence, or by Haven when it did the action
itself), closed as not needed, and escalated when late. Every change goes through one
versioned, audited save.

Notifications about a task name its child only to a recipient the access door lets see the
task; the others, and every email, get its reference (``_notify_about``)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import AgencyType, Role, Team, TeamFunction, User
from haven.actions.models import (
    OPEN_STATUSES,
    CrossBorderNotification,
    EscalationLevel,
    Task,
    TaskStatus,
)
from haven.actions.selectors import task_assignees, task_visible_to
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.versioning import require_version, save_versioned_and_audit
from haven.cases.access import case_access
from haven.cases.models import CaseSection, ChronologyKind
from haven.cases.services import chronology_add, front_door_team
from haven.core.areas import OUTSIDE_CHESHIRE, Area, area_label
from haven.notifications.services import notify
from haven.people.models import PersonKind, Relationship, RelationshipKind

# Actions that recur (one per missing episode); others exist once per case.
RECURRING_ACTIONS = {"return_home_interview"}
CHILDREN_SOCIAL_CARE_LEADS = {"childrens_social_care", "first_responder"}
POLICE_LEADS = {"police", "police_or_local_authority"}


def _police_team() -> Team | None:
    """The force's child exploitation unit, else its first team."""
    police = Team.objects.filter(agency__agency_type=AgencyType.POLICE)
    return (
        police.filter(function=TeamFunction.CSE_UNIT).order_by("pk").first()
        or police.order_by("pk").first()
    )


def resolve_team(*, lead: str, case=None, concern=None) -> Team:
    """The team that owns an action: the case's lead team for children's social care, the
    police force's exploitation unit for police actions, the referrer's team otherwise."""
    if lead in CHILDREN_SOCIAL_CARE_LEADS or lead == "lead_practitioner":
        if case is not None:
            return case.lead_team
        team = front_door_team(concern.home_area)
        if team is not None:
            return team
    if lead in POLICE_LEADS:
        team = _police_team()
        if team is not None:
            return team
    source = concern or (case.concerns.order_by("created_at").first() if case else None)
    if source is not None and source.raised_by_team is not None:
        return source.raised_by_team
    if case is not None:
        return case.lead_team
    return source.raised_by.agency.teams.first()


def _reference(task: Task) -> str:
    """A task's reference, which names no one: its number and its case's (or "at the front
    door" before a case)."""
    where = f"case {task.case.reference}" if task.case_id else "at the front door"
    return f"task {task.pk}, {where}"


def _when(moment) -> str:
    """A due time as people write it: "8 December 2026 at 17:00" (UK time)."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _notify_about(
    task: Task, *, recipients, subject: str, named: str, unnamed: str, link: str = ""
) -> None:
    """Tell ``recipients`` about ``task``: ``named`` (naming the child) to each one the access
    door lets see the task, ``unnamed`` (its reference only) to the others and in every email."""
    notify(
        recipients=recipients,
        subject=subject,
        body=lambda user: named if task_visible_to(user, task) else unnamed,
        email_body=unnamed,
        link=link or f"/tasks/{task.pk}/",
    )


@dataclass(frozen=True)
class RequiredAction:
    """An action a screening requires, as the tasks app needs it (the workflow that screens
    turns the screening's result into these; this app never reads screening's own records)."""

    code: str
    title: str
    lead: str
    due_at: datetime | None
    due_note: str
    reason: str


@dataclass(frozen=True)
class ScreeningSource:
    """What the screening that required the actions was about."""

    screening_id: int
    person: object
    case: object | None
    concern: object | None
    home_area: str | None
    areas_involved: tuple[str, ...]


def _existing(source: ScreeningSource, codes: set[str]) -> set[tuple[str, datetime | None]]:
    """(code, due) of the tasks the source's case (or, before there is one, its concern)
    already has for ``codes``: one query for all the actions a screening requires."""
    if not codes:
        return set()
    tasks = Task.objects.filter(code__in=codes)
    if source.case is not None:
        tasks = tasks.filter(case=source.case)
    else:
        tasks = tasks.filter(concern=source.concern)
    return set(tasks.values_list("code", "due_at"))


def _has_task(existing: set[tuple[str, datetime | None]], code: str, due_at) -> bool:
    """A recurring action (a return home interview per episode) is done once per due time,
    every other action once."""
    if code in RECURRING_ACTIONS:
        return (code, due_at) in existing
    return any(code == done for done, _ in existing)


def _create(*, actor, changes: dict, **fields) -> Task:
    task = Task.objects.create(**fields)
    audit_record(
        actor=actor,
        verb=Verb.TASK_CREATED,
        target=task,
        person_id=task.person_id,
        changes=diff(None, changes),
    )
    return task


@transaction.atomic
def tasks_sync(*, actor, required: list[RequiredAction], source: ScreeningSource) -> list[Task]:
    """Create a task for each required action that has none yet. Tasks are never removed by a
    later screening: only a person (with a manager's approval) closes a statutory action."""
    case, concern = source.case, source.concern
    existing = _existing(source, {action.code for action in required})
    created = []
    for action in required:
        if _has_task(existing, action.code, action.due_at):
            continue
        existing.add((action.code, action.due_at))
        team = resolve_team(lead=action.lead, case=case, concern=concern)
        task = _create(
            actor=actor,
            changes={"code": action.code, "team": team.pk, "due_at": action.due_at},
            code=action.code,
            person=source.person,
            case=case,
            concern=concern,
            screening_id=source.screening_id,
            title=action.title,
            lead=action.lead,
            team=team,
            owner=case.lead_practitioner if case and action.lead == "lead_practitioner" else None,
            due_at=action.due_at,
            due_note="" if action.due_at else action.due_note,
            reason=action.reason,
        )
        created.append(task)
        _after_create(actor=actor, task=task, source=source)
    return created


@transaction.atomic
def task_add_for_team(
    *,
    actor,
    case,
    code: str,
    lead: str,
    origin: str,
    title: str,
    team: Team,
    due_at: datetime,
    reason: str,
    meeting=None,
) -> Task:
    """An action another record gives to a named team (agreed at a strategy meeting, called for
    by a case audit, agreed at an operational group meeting: ``origin`` says which, in words, and
    the calling module has checked who may give it), whose practitioners and managers are told."""
    changes = {"code": code, "title": title, "team": team.pk, "due_at": due_at}
    if meeting is not None:
        changes["meeting"] = meeting.pk
    task = _create(
        actor=actor,
        changes=changes,
        code=code,
        person=case.person,
        case=case,
        meeting=meeting,
        title=title,
        lead=lead,
        team=team,
        due_at=due_at,
        reason=reason,
    )
    _notify_about(
        task,
        recipients=User.objects.filter(team=team, role__in=[Role.MANAGER, Role.PRACTITIONER]),
        subject=f"Action from {origin}",
        named=(
            f"Your team owns an action from {origin} about {task.person.full_name}: {task.title}."
        ),
        unnamed=f"Your team owns an action from {origin} ({_reference(task)}).",
    )
    return task


@transaction.atomic
def task_add_for_case(
    *, actor, case, code: str, title: str, lead: str, due_at: datetime, reason: str
) -> Task | None:
    """A task another module's record calls for (an overdue update to a victim), owned by the
    team that leads ``code``'s work on ``case``; none while one with that code is still open."""
    if Task.objects.filter(case=case, code=code, status__in=OPEN_STATUSES).exists():
        return None
    team = resolve_team(lead=lead, case=case)
    return _create(
        actor=actor,
        changes={"code": code, "title": title, "team": team.pk, "due_at": due_at},
        code=code,
        person=case.person,
        case=case,
        title=title,
        lead=lead,
        team=team,
        owner=case.lead_practitioner,
        due_at=due_at,
        reason=reason,
    )


@transaction.atomic
def tasks_complete_for_case(*, actor, case, code: str, note: str) -> list[Task]:
    """Haven closes the case's open tasks of ``code`` that another record shows done."""
    tasks = Task.objects.select_for_update(of=("self",)).filter(
        case=case, code=code, status=TaskStatus.OPEN
    )
    return [task_complete_by_haven(actor=actor, task=task, note=note) for task in tasks]


@transaction.atomic
def tasks_move_to_case(*, actor, concern) -> list[Task]:
    """A concern accepted into a case brings its tasks along."""
    moved = []
    for task in Task.objects.select_for_update().filter(concern=concern, case__isnull=True):
        before = snapshot(task, ("case",))
        task.case = concern.case
        _save_versioned(actor, task, before, task.version, ("case",), Verb.TASK_MOVED_TO_CASE)
        moved.append(task)
    return moved


@transaction.atomic
def tasks_move_to_team(*, actor, case, from_team, to_team) -> list[Task]:
    """A case transferred to another team brings the open tasks its old lead team owned; the
    person a task was given to was of the old team, so it has none until the new team gives
    it one. Tasks other teams own (the police, the referrer) stay theirs."""
    moved = []
    tasks = Task.objects.select_for_update().filter(
        case=case, team=from_team, status__in=OPEN_STATUSES
    )
    for task in tasks:
        before = snapshot(task, ("team", "owner"))
        task.team = to_team
        task.owner = None
        _save_versioned(
            actor, task, before, task.version, ("team", "owner"), Verb.TASK_MOVED_TO_TEAM
        )
        moved.append(task)
    return moved


def _raised_by_police(task: Task) -> bool:
    concern = task.concern
    return concern is not None and concern.raised_by_agency.agency_type == AgencyType.POLICE


def _after_create(*, actor, task: Task, source: ScreeningSource) -> None:
    """Rules that act as soon as a task exists."""
    if task.code == "refer_childrens_social_care" and task.concern and task.concern.referred_at:
        team = front_door_team(task.concern.home_area)
        task_complete_by_haven(
            actor=actor,
            task=task,
            note=(
                f"Referred to {team.name if team else 'the front door'} at "
                f"{timezone.localtime(task.concern.referred_at):%d %B %Y %H:%M} by Haven."
            ),
        )
    elif task.code == "report_to_police" and _raised_by_police(task):
        # The police made the referral themselves: nothing is left to report.
        raiser = task.concern.raised_by_agency
        task_complete_by_haven(
            actor=actor,
            task=task,
            note=f"{raiser.name} raised this concern, so the police already know.",
        )
    elif task.code == "assess_household_children":
        _household_tasks(actor=actor, task=task)
    elif task.code == "notify_cross_border":
        _cross_border(actor=actor, task=task, source=source)
    elif task.code == "safe_house_escalation" and task.case is not None:
        # The senior officers are told, and asked to acknowledge, by the placements module.
        why = (
            "a safe house must be considered today. The Head of Service, Operational Director "
            "and Chief Executive are told and asked to acknowledge."
        )
        _notify_about(
            task,
            recipients=User.objects.filter(team=task.team, role=Role.MANAGER),
            subject="Safe house to be considered",
            named=f"Case {task.case.reference} ({task.person.full_name}): {why}",
            unnamed=f"Case {task.case.reference}: {why}",
            link=f"/cases/{task.case_id}/",
        )
    if task.case is not None:
        chronology_add(
            case=task.case,
            occurred_at=task.created_at,
            kind=ChronologyKind.TASK,
            summary=f"Task: {task.title}, for {task.team.name}.",
            agency=task.team.agency,
            section=CaseSection.TASKS,
            source=task,
        )


def _household_tasks(*, actor, task: Task) -> None:
    """Where parents or carers are complicit, every other child in the household is possibly at
    risk: one linked assessment task for each (strategy section 5)."""

    person = task.person
    links = Relationship.objects.filter(
        Q(person=person) | Q(other=person),
        kind__in=[RelationshipKind.SIBLING, RelationshipKind.HOUSEHOLD_MEMBER],
    ).select_related("person", "other")
    parents = Relationship.objects.filter(
        other=person, kind__in=[RelationshipKind.PARENT, RelationshipKind.CARER]
    ).values("person_id")
    parents_children = Relationship.objects.filter(
        person_id__in=parents, kind__in=[RelationshipKind.PARENT, RelationshipKind.CARER]
    ).select_related("other")
    others = {r.other if r.person_id == person.pk else r.person for r in links}
    others |= {r.other for r in parents_children}
    for child in sorted(others, key=lambda p: p.pk):
        if child.pk == person.pk or child.kind != PersonKind.CHILD:
            continue
        _create(
            actor=actor,
            changes={"code": "assess_household_children", "team": task.team_id, "parent": task.pk},
            code="assess_household_children",
            person=child,
            case=task.case,
            concern=task.concern,
            screening=task.screening,
            parent=task,
            title=f"Assess {child.full_name}: another child in the household",
            lead=task.lead,
            team=task.team,
            due_at=task.due_at,
            reason=(
                f"Parents or carers of {person.full_name} are thought complicit, so every other "
                "child in the household must be considered at risk and assessed."
            ),
        )


def _cross_border(*, actor, task: Task, source: ScreeningSource) -> None:
    """Tell every other area's front door inside Haven at once; an area outside Cheshire
    needs the user to record whom they told, so that task stays open."""
    home = source.home_area
    other_areas = [a for a in source.areas_involved if a != home]
    now = timezone.now()
    outside = False
    for area in other_areas:
        team = front_door_team(area) if area in Area.values else None
        if team is None:
            outside = True
            continue
        CrossBorderNotification.objects.create(
            task=task,
            area=area,
            area_name=area_label(area),
            recipient_team=team,
            notified_at=now,
            notified_by=actor,
        )
        police = _police_team()
        known_to = area_label(home) if home else "another area"
        linked = f"is linked to {area_label(area)}. Contact the lead team for details."
        _notify_about(
            task,
            recipients=User.objects.filter(
                Q(team=team) | Q(team=police), role__in=[Role.MANAGER, Role.PRACTITIONER]
            ),
            subject="Cross-border safeguarding notification",
            named=f"{task.person.full_name}, a child known to {known_to}, {linked}",
            unnamed=f"A child known to {known_to} {linked}",
            link=f"/cases/{task.case_id}/" if task.case_id else "",
        )
    if not outside:
        task_complete_by_haven(
            actor=actor,
            task=task,
            note="Other areas' front doors and the police were notified in Haven.",
        )


def _mark_done(*, actor, task: Task, note: str, expected_version: int, by_haven: bool) -> Task:
    before = snapshot(task, ("status", "completion_note"))
    task.status = TaskStatus.DONE
    task.completion_note = note
    task.completed_at = timezone.now()
    task.completed_by = actor
    _save_versioned(
        actor,
        task,
        before,
        expected_version,
        ("status", "completion_note", "completed_at", "completed_by"),
        Verb.TASK_COMPLETED,
        reason=note,
        extra={"by_haven": by_haven},
    )
    return task


def task_complete_by_haven(*, actor, task: Task, note: str) -> Task:
    """Haven did the action itself (made the referral, notified the other areas) or another
    record shows it done (the strategy meeting was held): the task closes, with how, as done by
    ``actor``. Same versioned path as a person's completion, at the version just read."""
    return _mark_done(
        actor=actor, task=task, note=note, expected_version=task.version, by_haven=True
    )


def task_can_work(user, task: Task) -> bool:
    """The owning team works its tasks; the case's lead authority may too."""
    if not user.has_role_permission(roles.WORK_CASES):
        return False
    return task.team_id == user.team_id or (
        task.case is not None and task.case.lead_agency_id == user.agency_id
    )


def task_require_can_work(*, actor, task: Task) -> None:
    """Refuses (403) someone who sees the task but may not work it, before their input is read:
    ``task_can_work``, as every task service checks."""
    if not task_can_work(actor, task):
        raise PermissionDenied("This task belongs to another team.")


# --- Assigning a task to a named person of the team that owns it ------------------------------


@dataclass(frozen=True)
class AssignmentChoices:
    """What ``user`` may do about who owns ``task`` (the task page shows only these)."""

    assign: bool  # a manager of the owning team: give it to anyone in the team, or to no one
    take: bool  # anyone in the owning team who works cases, while nobody owns it
    hand_back: bool  # its owner: back to the team's unassigned tasks


def task_assignment_choices(user, task: Task) -> AssignmentChoices:
    in_team = user.has_role_permission(roles.WORK_CASES) and user.team_id == task.team_id
    if not (in_team and task.is_open):
        return AssignmentChoices(assign=False, take=False, hand_back=False)
    return AssignmentChoices(
        assign=user.has_role_permission(roles.APPROVE),
        take=task.owner_id is None,
        hand_back=task.owner_id == user.pk,
    )


def task_require_in_owning_team(*, actor, task: Task) -> None:
    """Who owns a task is the owning team's business: anyone else who sees it (the lead
    authority's other teams, a share, break-glass) is refused (403) before their input is read."""
    if not (actor.has_role_permission(roles.WORK_CASES) and actor.team_id == task.team_id):
        raise PermissionDenied(f"Only {task.team.name} assigns its tasks.")


@transaction.atomic
def task_assign(*, actor, task: Task, owner_id: int | None, expected_version: int) -> Task:
    """Give ``task`` to an active practitioner or manager of the team that owns it
    (``owner_id``), or back to the team (``None``). A manager of the team assigns and reassigns;
    anyone in the team takes a task nobody owns; its owner hands it back. The new owner is told,
    unless they took it themselves."""
    task_require_in_owning_team(actor=actor, task=task)
    # Two people taking the same task at once: the second waits, then hears who took it (409).
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("team", "owner", "person", "case")
        .get(pk=task.pk)
    )
    require_version(task, expected_version)
    if not task.is_open:
        raise ValidationError({"owner": "This task is closed: who owned it stays as it was."})
    choices = task_assignment_choices(actor, task)
    taking = owner_id == actor.pk and choices.take
    handing_back = owner_id is None and choices.hand_back
    if not (choices.assign or taking or handing_back):
        raise PermissionDenied(
            f"Only a manager of {task.team.name} gives its tasks to someone: you may take a "
            "task nobody owns, or hand back your own."
        )
    owner = None
    if owner_id is not None:
        owner = task_assignees(task=task).filter(pk=owner_id).first()
        if owner is None:
            raise ValidationError(
                {"owner": f"Select a practitioner or manager of {task.team.name}."}
            )
    if owner_id == task.owner_id:
        already = f"{owner.full_name} already owns this task." if owner else "Nobody owns it yet."
        raise ValidationError({"owner": already})
    before = snapshot(task, ("owner",))
    task.owner = owner
    _save_versioned(actor, task, before, expected_version, ("owner",), Verb.TASK_ASSIGNED)
    if owner is not None and owner != actor:
        due = ""
        if task.due_at is not None:
            due = f" It is due {_when(task.due_at)}."
        _notify_about(
            task,
            recipients=[owner],
            subject="A task has been assigned to you",
            named=(
                f"{actor.full_name} assigned you '{task.title}' for {task.person.full_name} "
                f"({_reference(task)}).{due}"
            ),
            unnamed=f"{actor.full_name} assigned you a task ({_reference(task)}).{due}",
        )
    return task


@transaction.atomic
def task_complete(*, actor, task: Task, note: str, expected_version: int) -> Task:
    if not task_can_work(actor, task):
        raise PermissionDenied("This task belongs to another team.")
    require_version(task, expected_version)
    if not task.is_open:
        raise ValidationError({"note": "This task is already closed."})
    if len(note.strip()) < 5:
        raise ValidationError({"note": "Record what was done (the evidence)."})
    return _mark_done(
        actor=actor,
        task=task,
        note=note.strip(),
        expected_version=expected_version,
        by_haven=False,
    )


@transaction.atomic
def task_mark_not_needed(*, actor, task: Task, reason: str, expected_version: int) -> Task:
    """Ask for a task to be closed as not needed; a manager must approve it."""
    if not task_can_work(actor, task):
        raise PermissionDenied("This task belongs to another team.")
    require_version(task, expected_version)
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"reason": "Only an open task can be marked not needed."})
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": "Say why this action is not needed."})
    before = snapshot(task, ("status", "not_needed_reason", "not_needed_requested_by"))
    task.status = TaskStatus.NOT_NEEDED_PENDING
    task.not_needed_reason = reason.strip()
    task.not_needed_requested_by = actor
    _save_versioned(
        actor,
        task,
        before,
        expected_version,
        ("status", "not_needed_reason", "not_needed_requested_by"),
        Verb.TASK_NOT_NEEDED_REQUESTED,
    )
    _notify_about(
        task,
        recipients=User.objects.filter(team=task.team, role=Role.MANAGER),
        subject="A task marked not needed awaits your approval",
        named=(
            f"'{task.title}' for {task.person.full_name} was marked not needed. "
            "Approve or reject it."
        ),
        unnamed=f"A task ({_reference(task)}) was marked not needed. Approve or reject it.",
    )
    return task


@transaction.atomic
def task_decide_not_needed(*, actor, task: Task, approve: bool, expected_version: int) -> Task:
    if not (actor.has_role_permission(roles.APPROVE) and task_can_work(actor, task)):
        raise PermissionDenied("Only a manager of the owning team can approve.")
    require_version(task, expected_version)
    if task.status != TaskStatus.NOT_NEEDED_PENDING:
        raise ValidationError({"approve": "This task is not awaiting approval."})
    if approve and task.not_needed_requested_by_id == actor.pk:
        # As for screening overrides: a statutory action is never dropped on one person's word.
        raise ValidationError(
            {"approve": "A different manager must approve: you asked for it to be not needed."}
        )
    before = snapshot(task, ("status", "approved_by"))
    task.status = TaskStatus.NOT_NEEDED if approve else TaskStatus.OPEN
    task.approved_by = actor if approve else None
    if approve:
        task.completed_at = timezone.now()
        task.completed_by = actor
    _save_versioned(
        actor,
        task,
        before,
        expected_version,
        ("status", "approved_by", "completed_at", "completed_by"),
        Verb.TASK_NOT_NEEDED_APPROVED if approve else Verb.TASK_NOT_NEEDED_REJECTED,
        extra={"by_override": False} if approve else None,
    )
    return task


def _save_versioned(
    actor,
    task: Task,
    before: dict,
    expected_version: int,
    fields,
    verb: Verb,
    *,
    reason: str = "",
    extra: dict | None = None,
) -> None:
    """The one way a task changes: under the version check, with its audit row (``verb``, the
    task's domain event)."""
    save_versioned_and_audit(
        actor=actor,
        instance=task,
        expected_version=expected_version,
        fields=fields,
        before=before,
        person_id=task.person_id,
        verb=verb,
        reason=reason,
        extra=extra,
    )


@transaction.atomic
def tasks_close_not_needed_by_override(*, actor, case, codes, reason: str) -> list[Task]:
    """A screening override, approved by a second manager, removed these statutory actions:
    their open tasks close as not needed, that approval being the manager's."""
    tasks = list(
        Task.objects.select_for_update().filter(
            case=case, code__in=list(codes), status__in=OPEN_STATUSES
        )
    )
    for task in tasks:
        before = snapshot(task, ("status", "not_needed_reason", "approved_by"))
        task.status = TaskStatus.NOT_NEEDED
        task.not_needed_reason = f"Screening override approved: {reason}"
        task.approved_by = actor
        task.completed_at = timezone.now()
        _save_versioned(
            actor,
            task,
            before,
            task.version,
            ("status", "not_needed_reason", "approved_by", "completed_at"),
            Verb.TASK_NOT_NEEDED_APPROVED,
            reason=task.not_needed_reason,
            extra={"by_override": True},
        )
    return tasks


@transaction.atomic
def cross_border_record_outbound(
    *, actor, task: Task, area_name: str, contact_details: str
) -> CrossBorderNotification:
    """Record that an area outside Cheshire (its police and children's social care) was told."""
    if not task_can_work(actor, task) or task.code != "notify_cross_border":
        raise PermissionDenied("You cannot record this notification.")
    errors = {}
    if not area_name.strip():
        errors["area_name"] = "Name the area that was told."
    if len(contact_details.strip()) < 10:
        errors["contact_details"] = "Record who was told and how to reach them."
    if errors:
        raise ValidationError(errors)
    record = CrossBorderNotification.objects.create(
        task=task,
        area=OUTSIDE_CHESHIRE,
        area_name=area_name.strip(),
        contact_details=contact_details.strip(),
        notified_at=timezone.now(),
        notified_by=actor,
    )
    audit_record(
        actor=actor,
        verb=Verb.CROSS_BORDER_NOTIFIED,
        target=record,
        person_id=task.person_id,
        changes=diff(None, {"area_name": record.area_name}),
    )
    if task.is_open:
        task_complete_by_haven(
            actor=actor, task=task, note=f"{record.area_name} told: {record.contact_details}"
        )
    return record


@transaction.atomic
def reunification_record(*, actor, case, note: str):
    """Reunification with family is blocked until the family's role has been established."""
    access = case_access(actor, case)
    if access is None or not access.leads:
        raise PermissionDenied("Only the lead authority records a reunification.")
    blocking = Task.objects.filter(
        case=case, code="family_role_established", status__in=OPEN_STATUSES
    ).first()
    if blocking is not None:
        raise ValidationError(
            {
                "note": (
                    "The possible role of the family in the trafficking must be established "
                    "before any reunification (task 'family role established' is still open)."
                )
            }
        )
    entry = chronology_add(
        case=case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.DECISION,
        summary=f"Reunification with family recorded: {note.strip()}",
        agency=actor.agency,
    )
    audit_record(
        actor=actor,
        verb=Verb.REUNIFICATION_RECORDED,
        target=case,
        person_id=case.person_id,
        reason=f"Reunification: {note.strip()}",
    )
    return entry


def escalate_overdue_tasks(*, now=None) -> dict[str, int]:
    """The clock check: tell a team's managers when a task goes overdue, then the head of
    service if it is still overdue after the configured period. Idempotent."""
    now = now or timezone.now()
    after = timedelta(hours=settings.HAVEN_ESCALATE_TO_HEAD_OF_SERVICE_AFTER_HOURS)
    counts = {"manager": 0, "head_of_service": 0}
    overdue = Task.objects.filter(status=TaskStatus.OPEN, due_at__lt=now).select_related(
        "team__agency__head_of_service", "case", "person"
    )
    for task in overdue:
        with transaction.atomic():
            if task.escalation_level == EscalationLevel.NONE:
                recipients = list(User.objects.filter(team=task.team, role=Role.MANAGER))
                level = EscalationLevel.MANAGER
            elif task.escalation_level == EscalationLevel.MANAGER and task.due_at + after < now:
                recipients = [task.team.agency.head_of_service]
                level = EscalationLevel.HEAD_OF_SERVICE
            else:
                continue
            # Escalation is Haven's bookkeeping, not an edit of the task: it leaves the version
            # alone, so a practitioner completing the task is not told someone changed it. Only
            # from the level read: a run overlapping this one has already told them otherwise.
            moved = Task.objects.filter(
                pk=task.pk, escalation_level=task.escalation_level, status=TaskStatus.OPEN
            ).update(escalation_level=level, escalated_at=now)
            if not moved:
                continue
            due = f"was due {_when(task.due_at)} and is not done."
            _notify_about(
                task,
                recipients=recipients,
                subject="Overdue safeguarding task",
                named=f"'{task.title}' for {task.person.full_name} ({task.team.name}) {due}",
                unnamed=f"A task of {task.team.name} ({_reference(task)}) {due}",
            )
            audit_record(
                actor=None,
                verb=Verb.TASK_ESCALATED,
                target=task,
                person_id=task.person_id,
                changes=diff(
                    {"escalation_level": task.escalation_level}, {"escalation_level": level}
                ),
            )
            counts["manager" if level == EscalationLevel.MANAGER else "head_of_service"] += 1
    return counts
