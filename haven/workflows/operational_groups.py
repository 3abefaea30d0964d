"""Operational group meetings and the tasks app (decision 0030): a disruption action about a
child becomes a task on the child's case, owned by the team the group chose, once. An action
about an entity has no child for a task to be about, so it stays on the meeting and its
minutes."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Team
from haven.actions import services as actions_services
from haven.intelligence import groups
from haven.intelligence.models import DisruptionAction, GroupSubject

TASK_CODE = "disruption_action"
# A due date becomes a clock at the end of that working day.
DUE_TIME = time(17, 0)


@transaction.atomic
def disruption_action_add(
    *, actor, subject: GroupSubject, title: str, owner_team: Team | None, due_on: date | None
) -> DisruptionAction:
    action = groups.disruption_action_add(
        actor=actor, subject=subject, title=title, owner_team=owner_team, due_on=due_on
    )
    return disruption_action_task(actor=actor, action=action)


@transaction.atomic
def disruption_action_task(*, actor, action: DisruptionAction) -> DisruptionAction:
    """The task a disruption action about a child becomes; none for an entity, and never a
    second one."""
    action = DisruptionAction.objects.select_for_update().get(pk=action.pk)
    subject = action.subject
    if action.task_id is not None or subject.case_id is None:
        return action
    meeting = subject.meeting
    task = actions_services.task_add_for_team(
        actor=actor,
        case=subject.case,
        code=TASK_CODE,
        lead="operational_group",
        origin="an operational group meeting",
        title=action.title,
        team=action.owner_team,
        due_at=timezone.make_aware(datetime.combine(action.due_on, DUE_TIME)),
        reason=(
            f"Agreed at the {meeting.area_name} operational group meeting "
            f"on {timezone.localtime(meeting.scheduled_for):%d %B %Y}."
        ),
    )
    return groups.disruption_action_task_record(action=action, task=task)
