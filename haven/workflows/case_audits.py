"""Case audits across modules (decision 0032): drawing a sample by criteria the case audits
module does not hold itself (the case's screening outcome and exploitation types, from its
latest screening; whether an NRM referral was made), and an audit's action becoming a task for
the team that owns it."""

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from haven.accounts.models import Team
from haven.actions.models import Task
from haven.actions.services import task_add_for_team
from haven.case_audits import services
from haven.case_audits.models import AuditAction, CaseAudit, SampledCase
from haven.case_audits.selectors import cases_meeting
from haven.core.working_days import end_of_day
from haven.nrm.models import NrmReferral
from haven.screening.models import Screening

YES, NO = "yes", "no"


def _latest_screening():
    return Screening.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-pk")


@transaction.atomic
def audit_draw(
    *,
    actor,
    title: str,
    method: str,
    sample_size: int,
    seed: int | None = None,
    lead_area: str = "",
    opened_from: date | None = None,
    opened_to: date | None = None,
    status: str = "",
    screening_outcome: str = "",
    exploitation_type: str = "",
    nrm_referral: str = "",
) -> CaseAudit:
    """Start an audit: the cases in the actor's population meeting every criterion given, then
    a sample of them (``case_audits.services.audit_start``, which records the criteria)."""
    cases = cases_meeting(
        actor, lead_area=lead_area, opened_from=opened_from, opened_to=opened_to, status=status
    ).annotate(
        screening_outcome=Subquery(_latest_screening().values("outcome")[:1]),
        has_nrm_referral=Exists(NrmReferral.objects.filter(case=OuterRef("pk"))),
    )
    if screening_outcome:
        cases = cases.filter(screening_outcome=screening_outcome)
    if nrm_referral:
        cases = cases.filter(has_nrm_referral=nrm_referral == YES)
    if exploitation_type:
        # The types live in the screening's JSON result, which SQLite cannot filter on.
        results = cases.annotate(result=Subquery(_latest_screening().values("result")[:1]))
        cases = cases.filter(
            pk__in=[
                case.pk
                for case in results.only("pk")
                if exploitation_type in ((case.result or {}).get("exploitation_types") or ())
            ]
        )
    criteria = {
        "lead_area": lead_area,
        "opened_from": opened_from.isoformat() if opened_from else "",
        "opened_to": opened_to.isoformat() if opened_to else "",
        "status": status,
        "screening_outcome": screening_outcome,
        "exploitation_type": exploitation_type,
        "nrm_referral": nrm_referral,
    }
    return services.audit_start(
        actor=actor,
        title=title,
        method=method,
        sample_size=sample_size,
        seed=seed,
        criteria={name: value for name, value in criteria.items() if value},
        cases=cases,
    )


@transaction.atomic
def audit_action_add(
    *, actor, sampled: SampledCase, description: str, team: Team, due_on: date
) -> AuditAction:
    """An action the audit of a case calls for: a task for ``team`` on the case, due at the end
    of ``due_on``, and the audit's record of it."""
    description = services.audit_action_check(
        actor=actor, sampled=sampled, description=description, team=team, due_on=due_on
    )
    task: Task = task_add_for_team(
        actor=actor,
        case=sampled.case,
        code="audit_action",
        lead="case_audit",
        origin="a case audit",
        title=description,
        team=team,
        due_at=end_of_day(day=due_on),
        reason=f"Found by the case audit '{sampled.audit.title}' on "
        f"{timezone.localdate():%d %B %Y}.",
    )
    return services.audit_action_record(
        actor=actor, sampled=sampled, description=description, team=team, due_on=due_on, task=task
    )
