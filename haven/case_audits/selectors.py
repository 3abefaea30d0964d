"""Reading case audits. An audit is its auditor's: anyone else is told "not found". The cases of
a sample are read through the access door (``cases.selectors.case_get_for_user``), which lets
the auditor in while the audit is open (decision 0032).

Which cases an auditor audits: a partnership auditor, every case in the partnership; an auditor
of a local authority, the cases their authority leads. Auditors of other agencies (which lead no
cases) draw no samples."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.accounts.models import AgencyType
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.case_audits.models import (
    Answer,
    AuditStatus,
    CaseAudit,
    Grade,
    Question,
    QuestionAnswer,
    SampledCase,
)
from haven.cases.access import may_audit_cases
from haven.cases.models import Case
from haven.core.areas import Area

# The dashboards' name for the whole partnership.
PAN_CHESHIRE = "pan_cheshire"


def audits_across_partnership(user) -> bool:
    return may_audit_cases(user) and user.has_role_permission(roles.VIEW_ALL_AUDIT)


def audit_population(user) -> QuerySet[Case]:
    """Every case ``user`` may sample, before any criteria."""
    if not may_audit_cases(user):
        return Case.objects.none()
    if audits_across_partnership(user):
        return Case.objects.all()
    agency = user.agency
    if agency is None or agency.agency_type != AgencyType.LOCAL_AUTHORITY:
        return Case.objects.none()
    return Case.objects.filter(lead_agency_id=agency.pk)


def audit_areas(user) -> list[tuple[str, str]]:
    """The lead authorities ``user`` may choose between (a local authority's auditor: theirs)."""
    if audits_across_partnership(user):
        return list(Area.choices)
    agency = user.agency if may_audit_cases(user) else None
    if agency is None or agency.agency_type != AgencyType.LOCAL_AUTHORITY:
        return []
    return [(agency.area_code, Area(agency.area_code).label)]


def cases_meeting(
    user,
    *,
    lead_area: str = "",
    opened_from: date | None = None,
    opened_to: date | None = None,
    status: str = "",
) -> QuerySet[Case]:
    """The cases in ``user``'s population that meet the criteria this module knows (the
    workflow adds screening outcomes and NRM referrals), the most recently opened first."""
    cases = audit_population(user)
    if lead_area:
        cases = cases.filter(lead_agency__area_code=lead_area)
    if opened_from:
        cases = cases.filter(opened_at__date__gte=opened_from)
    if opened_to:
        cases = cases.filter(opened_at__date__lte=opened_to)
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-opened_at", "-pk")


def audits_for_user(user) -> QuerySet[CaseAudit]:
    return CaseAudit.objects.filter(auditor_id=user.pk)


def audit_get_for_user(*, user, audit_id: int, record_view: bool = False) -> CaseAudit:
    """The audit, for its auditor only; ``record_view``: its sample (children's names while
    it is open) is shown, and the view recorded."""
    audit = audits_for_user(user).filter(pk=audit_id).first()
    if audit is None:
        raise Http404("No such audit")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=audit)
    return audit


def sampled_cases(audit: CaseAudit) -> QuerySet[SampledCase]:
    return audit.sampled.select_related("case__person", "case__lead_agency").prefetch_related(
        Prefetch("answers", queryset=QuestionAnswer.objects.order_by("pk")),
        "actions__team",
    )


def sampled_get_for_user(
    *, user, audit_id: int, sampled_id: int, record_view: bool = False
) -> SampledCase:
    """A case of the audit's sample, for its auditor only; ``record_view``: its page (naming
    the child while the audit is open) is shown, and the view recorded."""
    audit = audit_get_for_user(user=user, audit_id=audit_id)
    sampled = sampled_cases(audit).filter(pk=sampled_id).first()
    if sampled is None:
        raise Http404("No such case in the sample")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=sampled, person_id=sampled.case.person_id)
    return sampled


def answers_by_question(sampled: SampledCase) -> dict[str, QuestionAnswer]:
    return {answer.question: answer for answer in sampled.answers.all()}


def ungraded_count(audit: CaseAudit) -> int:
    return audit.sampled.filter(grade="").count()


# --- For the dashboards ------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeCounts:
    """Counts of the grades given to sampled cases: ``overall`` by overall grade code, and
    ``by_question`` by question code then answer code. Raw counts: a page shown without case
    access passes them through ``reporting.disclosure`` first."""

    overall: dict[str, int] = field(default_factory=dict)
    by_question: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.overall.values())


def graded_in_completed_audits() -> QuerySet[SampledCase]:
    """The sampled cases graded in audits that have been completed: what the dashboards count
    (an open audit's grades may still change)."""
    return SampledCase.objects.filter(audit__status=AuditStatus.COMPLETED).exclude(grade="")


def audit_grade_counts(*, area: str, start: date, end: date) -> GradeCounts:
    """The grades of completed audits' cases graded between ``start`` and ``end`` (inclusive),
    for the cases ``area``'s authority leads (``"pan_cheshire"``: every case). Every code
    appears, with 0 when no case had it."""
    graded = graded_in_completed_audits().filter(
        graded_at__date__gte=start, graded_at__date__lte=end
    )
    if area != PAN_CHESHIRE:
        graded = graded.filter(case__lead_agency__area_code=Area(area).value)
    overall = Counter(graded.values_list("grade", flat=True))
    answers = Counter(
        QuestionAnswer.objects.filter(sampled__in=graded).values_list("question", "answer")
    )
    return GradeCounts(
        overall={grade: overall[grade] for grade in Grade.values},
        by_question={
            question: {answer: answers[(question, answer)] for answer in Answer.values}
            for question in Question.values
        },
    )
