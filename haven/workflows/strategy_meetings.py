"""A strategy meeting's journey: scheduled with the right attendees (the placement too for a
looked-after child), its decisions fed to screening as circumstances (DOMAIN §4) with the case
re-screened, its statutory task closed, and the actions it agrees made tasks."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Team, User
from haven.actions.models import Task
from haven.actions.selectors import open_tasks
from haven.actions.services import task_add_for_team, task_complete_by_haven
from haven.core.working_days import end_of_day
from haven.meetings.models import StrategyMeeting
from haven.meetings.services import (
    meeting_action_check,
    meeting_outcome_record,
    meeting_schedule_record,
)
from haven.screening.models import Circumstance, ScreeningTrigger
from haven.screening.selectors import is_looked_after
from haven.screening.services import circumstance_add
from haven.workflows.screening import case_rescreen_with_tasks

# Decisions that are facts screening needs (DOMAIN §4 circumstances).
DECISION_CIRCUMSTANCES = {
    "accommodated": Circumstance.ACCOMMODATED,
    "criminal_network": Circumstance.CRIMINAL_NETWORK,
    "parents_or_carers_complicit": Circumstance.PARENTS_OR_CARERS_COMPLICIT,
    "reunification_planned": Circumstance.REUNIFICATION_PLANNED,
}


@transaction.atomic
def meeting_schedule(*, actor: User, case, **details) -> StrategyMeeting:
    return meeting_schedule_record(
        actor=actor, case=case, looked_after=is_looked_after(case), **details
    )


@transaction.atomic
def meeting_record_outcome(*, actor: User, meeting: StrategyMeeting, **outcome) -> StrategyMeeting:
    """The meeting's outcome, then what follows from it: the abduction risk and the decisions
    that are screening facts recorded, the strategy meeting task done, the case re-screened
    (e.g. a high abduction risk requires safe_house_escalation) and new actions made tasks."""
    meeting = meeting_outcome_record(actor=actor, meeting=meeting, **outcome)
    case = meeting.case
    circumstance_add(
        actor=actor,
        case=case,
        name=Circumstance.ABDUCTION_RISK,
        value=meeting.abduction_risk,
        source=meeting,
    )
    for field, circumstance in DECISION_CIRCUMSTANCES.items():
        value = getattr(meeting, field)
        if value is not None:
            circumstance_add(actor=actor, case=case, name=circumstance, value=value, source=meeting)
    held_on = f"{timezone.localtime(meeting.held_at):%d %B %Y}"
    for task in open_tasks(case=case, code="strategy_meeting"):
        task_complete_by_haven(actor=actor, task=task, note=f"Strategy meeting held on {held_on}.")
    case_rescreen_with_tasks(actor=actor, case=case, trigger=ScreeningTrigger.MEETING_DECISION)
    return meeting


@transaction.atomic
def meeting_action_add(
    *, actor: User, meeting: StrategyMeeting, title: str, team: Team, due: date
) -> Task:
    """An action agreed at the meeting, with an owner and a due date."""
    title = meeting_action_check(actor=actor, meeting=meeting, title=title, due=due)
    return task_add_for_team(
        actor=actor,
        case=meeting.case,
        code="meeting_action",
        lead="meeting",
        origin="a strategy meeting",
        meeting=meeting,
        title=title,
        team=team,
        due_at=end_of_day(day=due),
        reason=(
            "Agreed at the strategy meeting on "
            f"{timezone.localtime(meeting.scheduled_for):%d %B %Y}."
        ),
    )
