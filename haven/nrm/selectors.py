"""Reading NRM referrals, Duty to Notify records and guardian referrals, through the access door:
a referral is seen by whoever sees the case's NRM section (the lead authority, break-glass, a
share of that section); a Duty to Notify, which belongs to no case, by its agency's case
workers. Each read of a record is audited.

Who may submit: a user of a First Responder organisation who sees the referral
(``submit_refusal`` says why anyone else may not, and names who can)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import Agency
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import (
    agencies_seeing_section,
    can_work_cases,
    cases_with_section_visible_to,
    may_see_record,
    require_record,
)
from haven.cases.models import Case, CaseSection
from haven.nrm import rules
from haven.nrm.models import DutyToNotify, IctgReferral, NrmReferral

NOT_FIRST_RESPONDER = (
    "Only a First Responder organisation can submit an NRM referral or Duty to Notify, and "
    "record the Home Office's decisions on it."
)


def may_prepare(user, case: Case) -> bool:
    """Whoever works cases and sees the case's NRM section prepares and checks its referrals."""
    return can_work_cases(user) and may_see_record(user, section=CaseSection.NRM, case=case)


def first_responders_seeing(case: Case) -> list[str]:
    """The First Responder organisations that see the case's NRM section, by name."""
    ids = agencies_seeing_section(case, CaseSection.NRM)
    return list(
        Agency.objects.filter(pk__in=ids, is_first_responder=True)
        .order_by("name")
        .values_list("name", flat=True)
    )


def submit_refusal(user, case: Case | None) -> str | None:
    """Why ``user`` (who sees the record) may not submit it or record decisions on it, in words
    naming the First Responders who can; None when they may."""
    agency = user.agency
    if can_work_cases(user) and agency is not None and agency.is_first_responder:
        return None
    who = first_responders_seeing(case) if case is not None else []
    names = f" It can be submitted by {', '.join(who)}." if who else ""
    ours = f" {agency.name} is not a First Responder." if agency is not None else ""
    return f"{NOT_FIRST_RESPONDER}{ours}{names}"


def referrals_for_case(*, user, case: Case) -> QuerySet[NrmReferral] | None:
    """The case's referrals for its page's NRM panel, or None without the NRM section."""
    if not may_see_record(user, section=CaseSection.NRM, case=case):
        return None
    return NrmReferral.objects.filter(case=case).prefetch_related("decisions")


def ictg_referrals_for_case(*, user, case: Case) -> QuerySet[IctgReferral] | None:
    if not may_see_record(user, section=CaseSection.NRM, case=case):
        return None
    return IctgReferral.objects.filter(case=case).select_related(
        "recorded_by", "recorded_by_agency"
    )


def ictg_referrals_for_api(*, user, case: Case) -> QuerySet[IctgReferral]:
    """The case's guardian referrals as the API lists them: "not found" without the NRM
    section. Records the read (about the child)."""
    referrals = ictg_referrals_for_case(user=user, case=case)
    if referrals is None:
        raise Http404("No such section")
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("nrm.ictgreferral", f"case:{case.pk}"),
        person_id=case.person_id,
    )
    return referrals


def referral_get_for_user(*, user, referral_id: int, record_view: bool = True) -> NrmReferral:
    """One referral, if ``user`` sees its case's NRM section; otherwise "not found"."""
    referral = (
        NrmReferral.objects.select_related(
            "case__person", "case__lead_agency", "created_by", "created_by_agency", "submitted_by"
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404("No such referral")
    require_record(user, section=CaseSection.NRM, case=referral.case)
    if record_view:
        audit_record(
            actor=user, verb=Verb.VIEWED, target=referral, person_id=referral.case.person_id
        )
    return referral


def duty_to_notify_get_for_user(*, user, duty_id: int, record_view: bool = True) -> DutyToNotify:
    """One Duty to Notify, if ``user`` works cases in the agency that recorded it."""
    duty = DutyToNotify.objects.filter(pk=duty_id).select_related("created_by_agency").first()
    if duty is None or not can_work_cases(user) or duty.created_by_agency_id != user.agency_id:
        raise Http404("No such Duty to Notify")
    if record_view:
        # No person: a Duty to Notify is about someone Haven does not identify.
        audit_record(actor=user, verb=Verb.VIEWED, target=duty)
    return duty


def duties_to_notify_for_user(*, user) -> QuerySet[DutyToNotify]:
    """The Duty to Notify records of the user's agency, newest first; the list is audited (it
    names nobody). Roles that do not work cases have no such list (403)."""
    if not can_work_cases(user):
        raise PermissionDenied("Your role does not allow this.")
    if user.agency_id is None:
        return DutyToNotify.objects.none()
    audit_record(actor=user, verb=Verb.VIEWED, target=("nrm.dutytonotify", "list"))
    return DutyToNotify.objects.filter(created_by_agency_id=user.agency_id).prefetch_related(
        "decisions__recorded_by"
    )


@dataclass(frozen=True)
class Clock:
    """How long the Single Competent Authority is taking: the reasonable grounds target's last
    day, whether it has passed without a decision, and each decision's working days."""

    due: date | None
    overdue: bool
    working_days_so_far: int | None


def clock_of(record, *, today: date | None = None) -> Clock:
    today = today or timezone.localdate()
    if record.submitted_on is None:
        return Clock(due=None, overdue=False, working_days_so_far=None)
    return Clock(
        due=rules.reasonable_grounds_due(record.submitted_on),
        overdue=rules.reasonable_grounds_overdue(
            state=record.state, submitted_on=record.submitted_on, today=today
        ),
        working_days_so_far=rules.working_days_between(record.submitted_on, today),
    )


@dataclass(frozen=True)
class OverdueDecision:
    referral: NrmReferral
    due: date


@dataclass(frozen=True)
class OverdueDecisions:
    """The oldest referrals still waiting past the reasonable grounds target, and how many
    are waiting past it in all."""

    oldest: list[OverdueDecision]
    total: int


def overdue_decisions_for_team(
    *, user, today: date | None = None, shown: int = 10
) -> OverdueDecisions:
    """Submitted referrals on cases the user's team leads still without a reasonable grounds
    decision after the target: the ``shown`` oldest (the team's home page lists them, to
    chase the Home Office) and how many in all, counted in the database. Through the door (a
    team member sees the NRM section of the cases it leads); a list that names children is
    audited once, about no one child."""
    if not can_work_cases(user) or user.team_id is None:
        return OverdueDecisions(oldest=[], total=0)
    today = today or timezone.localdate()
    overdue = NrmReferral.objects.filter(
        case__in=cases_with_section_visible_to(user, CaseSection.NRM).values("pk"),
        case__lead_team_id=user.team_id,
        state=rules.NrmState.SUBMITTED,
        submitted_on__lte=rules.latest_overdue_submission(today),
    )
    oldest = [
        OverdueDecision(referral=r, due=rules.reasonable_grounds_due(r.submitted_on))
        for r in overdue.select_related("case__person", "case__lead_agency").order_by(
            "submitted_on", "pk"
        )[:shown]
    ]
    if oldest:
        audit_record(actor=user, verb=Verb.VIEWED, target=("nrm.nrmreferral", "overdue_for_team"))
    return OverdueDecisions(
        oldest=oldest, total=overdue.count() if len(oldest) == shown else len(oldest)
    )


def referral_export_for_user(*, user, referral_id: int, format: str) -> NrmReferral:
    """The referral for its PDF pack or JSON document, with the export audited."""
    referral = referral_get_for_user(user=user, referral_id=referral_id, record_view=False)
    audit_record(
        actor=user,
        verb=Verb.NRM_REFERRAL_EXPORTED,
        target=referral,
        person_id=referral.case.person_id,
        changes={"format": format},
    )
    return referral


def duty_to_notify_export_for_user(*, user, duty_id: int) -> DutyToNotify:
    duty = duty_to_notify_get_for_user(user=user, duty_id=duty_id, record_view=False)
    audit_record(
        actor=user, verb=Verb.NRM_REFERRAL_EXPORTED, target=duty, changes={"format": "json"}
    )
    return duty
