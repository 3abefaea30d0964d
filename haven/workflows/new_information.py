"""New information recorded on a case (a return from missing, an arrest, complicit parents,
other areas): screening records the facts and re-screens; newly required actions become tasks."""

from django.db import transaction

from haven.screening.models import Screening
from haven.screening.services import case_information_rescreen, circumstance_add
from haven.workflows.screening import case_rescreen_with_tasks, tasks_for_screening


@transaction.atomic
def case_information_record(*, actor, case, **information) -> Screening:
    screening = case_information_rescreen(actor=actor, case=case, **information)
    tasks_for_screening(actor=actor, screening=screening)
    return screening


@transaction.atomic
def circumstance_record(
    *, actor, case, name: str, value, source=None, rescreen_trigger: str | None = None
):
    """One new fact about the child's situation; with ``rescreen_trigger``, the case is
    re-screened at once and newly required actions become tasks."""
    record = circumstance_add(actor=actor, case=case, name=name, value=value, source=source)
    if rescreen_trigger:
        case_rescreen_with_tasks(actor=actor, case=case, trigger=rescreen_trigger)
    return record
