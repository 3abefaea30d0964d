"""The arrow from screening to tasks: after any screening, each action it requires becomes a
task (the tasks app decides owners, clocks and follow-on rules). A new safe-house escalation
also asks the lead authority's senior officers to acknowledge it (placements)."""

from haven.actions.services import RequiredAction, ScreeningSource, tasks_sync
from haven.placements.services import escalation_raise
from haven.screening.models import Screening
from haven.screening.selectors import actions_required, areas_of
from haven.screening.services import case_rescreen


def case_rescreen_with_tasks(*, actor, case, trigger: str) -> Screening:
    """Re-screen the case as a whole; newly required actions become tasks."""
    screening = case_rescreen(actor=actor, case=case, trigger=trigger)
    tasks_for_screening(actor=actor, screening=screening)
    return screening


def tasks_for_screening(*, actor, screening: Screening):
    home_area, areas_involved = areas_of(screening)
    created = tasks_sync(
        actor=actor,
        required=[
            RequiredAction(
                code=action.code,
                title=action.label,
                lead=action.lead,
                due_at=action.due_at,
                due_note=action.due_event,
                reason=action.reason,
            )
            for action in actions_required(screening)
        ],
        source=ScreeningSource(
            screening_id=screening.pk,
            person=screening.person,
            case=screening.case,
            concern=screening.concern,
            home_area=home_area,
            areas_involved=areas_involved,
        ),
    )
    for task in created:
        if task.code == "safe_house_escalation" and task.case is not None:
            escalation_raise(actor=actor, case=task.case, reason=task.reason, task_id=task.pk)
    return created
