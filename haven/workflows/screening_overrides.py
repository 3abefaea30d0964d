"""A screening override decided: when a second manager approves an override that removes
statutory actions, their open tasks close as not needed."""

from django.db import transaction

from haven.actions.services import tasks_close_not_needed_by_override
from haven.screening.models import OverrideStatus, ScreeningOverride
from haven.screening.services import screening_override_decision_record


@transaction.atomic
def screening_override_decide(
    *, actor, override: ScreeningOverride, approve: bool
) -> ScreeningOverride:
    override = screening_override_decision_record(actor=actor, override=override, approve=approve)
    if override.status == OverrideStatus.IN_FORCE:
        tasks_close_not_needed_by_override(
            actor=actor,
            case=override.case,
            codes=override.actions_removed,
            reason=override.reason,
        )
    return override
