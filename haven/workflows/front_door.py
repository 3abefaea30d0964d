"""A front-door decision: record it; on acceptance the concern's tasks and circumstances move
to the case, the case is re-screened as a whole, and any newly required actions become tasks."""

from django.db import transaction

from haven.accounts.models import User
from haven.actions.services import tasks_move_to_case
from haven.cases.models import Case, Concern
from haven.cases.services import (
    concern_decision_record,
    concern_decision_targets,
    front_door_require,
)
from haven.screening.services import screening_attach_to_case
from haven.workflows.screening import tasks_for_screening


@transaction.atomic
def concern_decide(
    *,
    actor: User,
    concern: Concern,
    decision: str,
    reason: str = "",
    case: Case | None = None,
    lead_practitioner: User | None = None,
    expected_version: int | None = None,
) -> Concern:
    concern = concern_decision_record(
        actor=actor,
        concern=concern,
        decision=decision,
        reason=reason,
        case=case,
        lead_practitioner=lead_practitioner,
        expected_version=expected_version,
    )
    if concern.case is not None:
        tasks_move_to_case(actor=actor, concern=concern)
        screening = screening_attach_to_case(actor=actor, concern=concern)
        tasks_for_screening(actor=actor, screening=screening)
    return concern


@transaction.atomic
def concern_decide_by_ids(
    *,
    actor: User,
    concern: Concern,
    decision: str,
    reason: str = "",
    case_id: int | None = None,
    lead_practitioner_id: int | None = None,
    expected_version: int | None = None,
) -> Concern:
    """``concern_decide`` for callers that name the case and lead practitioner by id."""
    front_door_require(actor=actor, concern=concern)
    case, lead_practitioner = concern_decision_targets(
        actor=actor, case_id=case_id, lead_practitioner_id=lead_practitioner_id
    )
    return concern_decide(
        actor=actor,
        concern=concern,
        decision=decision,
        reason=reason,
        case=case,
        lead_practitioner=lead_practitioner,
        expected_version=expected_version,
    )
