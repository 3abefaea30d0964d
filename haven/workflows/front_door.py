"""A front-door decision: record it; on acceptance the concern's tasks and circumstances move
to the case, the case is re-screened as a whole, and any newly required actions become tasks.
The referrer is told the decision."""

from django.db import transaction

from haven.accounts.models import User
from haven.actions.services import tasks_move_to_case
from haven.cases.access import concerns_visible_to
from haven.cases.models import Case, Concern, ConcernStatus
from haven.cases.services import (
    concern_decision_record,
    concern_decision_targets,
    front_door_require,
)
from haven.notifications.services import notify
from haven.screening.services import screening_attach_to_case
from haven.workflows.intelligence import concern_links
from haven.workflows.screening import tasks_for_screening

# How a decision reads after "Your concern ... was": the decision, who made it and, for every
# decision but acceptance, their reason, which the referrer's agency sees on the concern page.
DECISION_WORDS = {
    ConcernStatus.ACCEPTED: "accepted as a case by {agency}",
    ConcernStatus.INFORMATION_ONLY: "kept as information only by {agency}",
    ConcernStatus.REFERRED_ELSEWHERE: "referred elsewhere by {agency}",
    ConcernStatus.NO_FURTHER_ACTION: "closed with no further action by {agency}",
}


def decision_in_words(concern: Concern) -> str:
    """The front door's decision on ``concern`` as its referrer reads it: "accepted as a case
    by Halton children's social care", "closed with no further action by Halton children's
    social care: <their reason>", or where it is before a decision."""
    if concern.status == ConcernStatus.AWAITING_DECISION:
        return "waiting for the front door's decision"
    if concern.status == ConcernStatus.ADULT_ROUTES_RECORDED:
        return "about an adult: no front door decides, follow the adult routes"
    agency = concern.case.lead_agency if concern.case_id else concern.decided_by.agency
    words = DECISION_WORDS[concern.status].format(agency=agency.name)
    if concern.status != ConcernStatus.ACCEPTED and concern.decision_reason:
        words += f": {concern.decision_reason}"
    return words


def referrer_notify(*, concern: Concern) -> None:
    """Tell whoever raised ``concern`` what the front door decided, unless they decided it
    themselves. Only a referrer the door still lets see the concern (which names the child and
    gives the decision's reason) is told the child's name, the decision and its reason; the
    email gives only the reference."""
    referrer = concern.raised_by
    if referrer.pk == concern.decided_by_id:
        return
    decided = f"The front door has decided on your concern (reference {concern.pk})."
    sees = concerns_visible_to(referrer).filter(pk=concern.pk).exists()
    notify(
        recipients=[referrer],
        subject="The front door has decided on your concern",
        body=(
            f"Your concern about {concern.person.full_name} (reference {concern.pk}) was "
            f"{decision_in_words(concern)}."
            if sees
            else decided
        ),
        email_body=decided,
        link=f"/concerns/{concern.pk}/",
    )


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
        concern_links(actor=actor, concern=concern)
    referrer_notify(concern=concern)
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
