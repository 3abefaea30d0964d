"""Preparing, checking and submitting an NRM referral, recording the Single Competent
Authority's decisions, a Duty to Notify and a guardian (ICTG) referral.

Each write takes ``actor``, checks who may (the access door; submitting and decisions need a
First Responder), validates with the Home Office form's own rules, saves (referrals under the
version check) and audits with its typed verb, in one transaction. Prefilling from the case's
screening and completing its tasks are the workflow's (``haven.workflows.nrm``)."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.audit.verbs import VERSION
from haven.audit.versioning import save_with_version_check
from haven.cases.access import details_visible_q
from haven.cases.models import Case, CaseSection, ChronologyKind
from haven.cases.services import chronology_add
from haven.core.limits import FREE_TEXT_MAX
from haven.nrm import rules
from haven.nrm.models import (
    DutyToNotify,
    IctgReferral,
    NrmDecision,
    NrmGender,
    NrmReferral,
)
from haven.nrm.rules import NrmState, UnderAge, is_child
from haven.nrm.selectors import may_prepare, submit_refusal
from haven.people.age import age_on
from haven.people.models import PersonKind, RelationshipKind
from haven.people.selectors import addresses_for_user, relationships_for_user


class NotFirstResponder(PermissionDenied):
    """A user who sees the record but is not of a First Responder organisation: the page and
    the API explain ``message`` (who can submit) rather than a bare "forbidden"."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


EARLIEST_DATE_OF_BIRTH = date(1900, 1, 1)
FREE_TEXT_FIELDS = (
    "background",
    "what_happened",
    "when_it_happened",
    "how_it_started",
    "last_contact_with_exploiters",
    "indicators_seen",
    "locations_uk",
    "locations_overseas",
    "who_exploited",
    "other_exploitation_details",
    "other_potential_victims_details",
)
# What a referral's edit may change (the state, submission and decisions have their own steps).
EDITABLE_FIELDS = (
    "under_age",
    "under_age_at_time_of_exploitation",
    "local_authority_name",
    "local_authority_phone",
    "local_authority_email",
    "local_authority_contact",
    "adult_consents",
    "given_name",
    "family_name",
    "nickname",
    "date_of_birth",
    "gender",
    "nationality",
    "nationality_second",
    "interpreter_needed",
    "interpreter_language",
    "person_home_office_reference",
    *FREE_TEXT_FIELDS,
    "still_in_situation",
    "current_location_uk_city",
    "exploitation_types",
    "other_potential_victims",
    "reported_to_police",
    "police_force",
    "crime_reference",
    "responder_name",
    "responder_role",
    "responder_phone",
    "responder_email",
)


# --- The form's own rules ----------------------------------------------------------------------


def date_of_birth_problem(value: date | None, *, today: date) -> str | None:
    """``pv-dob``: optional; when given, before today and after 1 January 1900."""
    if value is None:
        return None
    if value >= today:
        return "Date of birth must be in the past"
    if value <= EARLIEST_DATE_OF_BIRTH:
        return "Date of birth must be after 1 January 1900"
    return None


def _free_text_errors(values: dict) -> dict[str, str]:
    return {
        name: f"{name.replace('_', ' ').capitalize()} must be {FREE_TEXT_MAX:,} characters or fewer"
        for name in FREE_TEXT_FIELDS
        if len(values.get(name) or "") > FREE_TEXT_MAX
    }


def referral_problems(referral: NrmReferral, *, today: date, for_submission: bool) -> dict:
    """Every way ``referral`` breaks the form's rules. A draft may be incomplete, so the
    "at least one" and consent rules are checked when it is submitted; a child ("yes" or
    "not sure") has no consent question at all."""
    values = {name: getattr(referral, name) for name in EDITABLE_FIELDS}
    errors = _free_text_errors(values)
    problem = date_of_birth_problem(referral.date_of_birth, today=today)
    if problem:
        errors["date_of_birth"] = problem
    unknown = set(referral.exploitation_types) - set(rules.FormExploitationType.values)
    if unknown:
        errors["exploitation_types"] = "Select types of exploitation from the list"
    child = is_child(referral.under_age)
    if child and referral.adult_consents is not None:
        errors["adult_consents"] = (
            "A child needs no consent: a referral is made for everyone under 18, and for "
            "anyone who may be under 18"
        )
    if for_submission:
        if not referral.exploitation_types:
            errors["exploitation_types"] = "Select at least one type of exploitation"
        if not referral.what_happened.strip():
            errors.setdefault("what_happened", "Enter what happened to the potential victim")
        if not child and referral.adult_consents is not True:
            errors["adult_consents"] = (
                "An adult must agree to be referred: without their consent, make a Duty to "
                "Notify instead"
            )
    return errors


def _require_prepare(actor: User, case: Case) -> None:
    if not may_prepare(actor, case):
        raise PermissionDenied("You cannot prepare NRM referrals for this case.")


def _require_first_responder(actor: User, case: Case | None) -> None:
    refusal = submit_refusal(actor, case)
    if refusal:
        raise NotFirstResponder(refusal)


# --- Starting, changing and submitting a referral -----------------------------------------------


def _valid_email(value: str) -> str:
    """An address the referral can hold, or nothing: a prefill never stops a referral starting."""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def prefill_from_case(*, actor: User, case: Case) -> dict:
    """What the case already says, as far as ``actor`` may see it: the child's details, other
    names, nationality, language, exploiters (linked people of concern) and the towns of
    addresses that are not confidential (a placement or safe house never enters a referral)."""
    person = case.person
    today = timezone.localdate()
    if person.date_of_birth is None:
        under_age = UnderAge.NOT_SURE
    else:
        age = age_on(person.date_of_birth, today)
        under_age = UnderAge.YES if age < 18 else UnderAge.NO
    aliases = person.aliases.filter(details_visible_q(actor))
    exploiters = [
        line.other_name
        for line in relationships_for_user(user=actor, person=person)
        if line.other_visible
        and (
            line.relationship.kind == RelationshipKind.SUSPECTED_EXPLOITER
            or line.other.kind == PersonKind.ADULT_OF_CONCERN
        )
    ]
    towns = sorted(
        {
            view.address.town
            for view in addresses_for_user(user=actor, person=person)
            if not view.address.is_confidential and view.address.town
        }
    )
    nationalities = list(person.nationalities or [])
    return {
        "under_age": under_age,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "nickname": ", ".join(str(alias) for alias in aliases)[:200],
        "date_of_birth": person.date_of_birth,
        "gender": person.gender if person.gender in NrmGender.values else NrmGender.UNKNOWN,
        # The form asks for the country by name.
        "nationality": nationalities[0].name if nationalities else "",
        "nationality_second": nationalities[1].name if len(nationalities) > 1 else "",
        "interpreter_needed": person.interpreter_needed,
        "interpreter_language": person.first_language if person.interpreter_needed else "",
        "who_exploited": "\n".join(exploiters),
        "locations_uk": ", ".join(towns),
        "local_authority_name": case.lead_agency.name if is_child(under_age) else "",
        "local_authority_email": _valid_email(case.lead_agency.email)
        if is_child(under_age)
        else "",
        "local_authority_contact": case.lead_team.name if is_child(under_age) else "",
        "responder_name": actor.full_name,
        "responder_role": actor.job_title,
        "responder_email": actor.email,
    }


@transaction.atomic
def nrm_referral_create(*, actor: User, case: Case, **answers) -> NrmReferral:
    """A draft referral on ``case``, prefilled from the case (``prefill_from_case``) and from
    whatever the caller adds (the workflow adds screening's indicators and types)."""
    _require_prepare(actor, case)
    values = {**prefill_from_case(actor=actor, case=case), **answers}
    referral = NrmReferral(case=case, created_by=actor, created_by_agency=actor.agency, **values)
    errors = referral_problems(referral, today=timezone.localdate(), for_submission=False)
    if errors:
        raise ValidationError(errors)
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        verb=Verb.NRM_REFERRAL_STARTED,
        target=referral,
        person_id=case.person_id,
        changes={"state": referral.state, "under_age": referral.under_age},
    )
    chronology_add(
        case=case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.NRM,
        summary="NRM referral started.",
        agency=actor.agency,
        section=CaseSection.NRM,
        source=referral,
    )
    return referral


def _locked(referral: NrmReferral) -> NrmReferral:
    return (
        NrmReferral.objects.select_for_update(of=("self",))
        .select_related("case__person", "case__lead_agency")
        .get(pk=referral.pk)
    )


@transaction.atomic
def nrm_referral_update(
    *, actor: User, referral: NrmReferral, expected_version: int, **changes
) -> NrmReferral:
    """Change a referral's answers, under the version check. A submitted referral is the Home
    Office's record of what was sent: it no longer changes."""
    _require_prepare(actor, referral.case)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This cannot be changed here"))
    referral = _locked(referral)
    if referral.state != NrmState.DRAFT:
        raise ValidationError(
            "This referral has been submitted: what was sent to the Home Office cannot change"
        )
    changed = sorted(name for name, value in changes.items() if getattr(referral, name) != value)
    for name, value in changes.items():
        setattr(referral, name, value)
    errors = referral_problems(referral, today=timezone.localdate(), for_submission=False)
    if errors:
        raise ValidationError(errors)
    referral.full_clean()
    save_with_version_check(referral, expected_version=expected_version, fields=changed)
    audit_record(
        actor=actor,
        verb=Verb.NRM_REFERRAL_UPDATED,
        target=referral,
        person_id=referral.case.person_id,
        changes={
            "fields": changed,
            VERSION: {"before": expected_version, "after": referral.version},
        },
    )
    return referral


def _submission_problems(submitted_on: date | None, reference: str, *, today: date) -> dict:
    errors = {}
    if submitted_on is None:
        errors["submitted_on"] = "Enter the date the referral was submitted"
    elif submitted_on > today:
        errors["submitted_on"] = "The date it was submitted must be today or in the past"
    if not reference.strip():
        errors["home_office_reference"] = "Enter the Home Office reference"
    return errors


def _submit(*, actor, record, submitted_on, home_office_reference, person_id, extra_errors):
    today = timezone.localdate()
    errors = {
        **extra_errors,
        **_submission_problems(submitted_on, home_office_reference, today=today),
    }
    if record.state != NrmState.DRAFT:
        state = record.get_state_display().lower()
        errors = {NON_FIELD_ERRORS: f"It has already been submitted: it is {state}"}
    if errors:
        raise ValidationError(errors)
    before = record.version
    record.state = NrmState.SUBMITTED
    record.submitted_on = submitted_on
    record.home_office_reference = home_office_reference.strip()
    record.submitted_by = actor
    save_with_version_check(
        record,
        expected_version=before,
        fields=("state", "submitted_on", "home_office_reference", "submitted_by"),
    )
    audit_record(
        actor=actor,
        verb=Verb.NRM_REFERRAL_SUBMITTED,
        target=record,
        person_id=person_id,
        changes={
            "state": record.state,
            "submitted_on": submitted_on,
            "home_office_reference": record.home_office_reference,
            VERSION: {"before": before, "after": record.version},
        },
    )


@transaction.atomic
def nrm_referral_submit(
    *, actor: User, referral: NrmReferral, submitted_on: date | None, home_office_reference: str
) -> NrmReferral:
    """Mark the referral submitted to the Home Office, with the date and its reference. Only a
    user of a First Responder organisation may, and only a referral that passes the form's
    checks (at least one type of exploitation, an adult's consent...). The workflow completes
    the case's ``nrm_referral`` task."""
    _require_prepare(actor, referral.case)
    _require_first_responder(actor, referral.case)
    referral = _locked(referral)
    _submit(
        actor=actor,
        record=referral,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference,
        person_id=referral.case.person_id,
        extra_errors=referral_problems(referral, today=timezone.localdate(), for_submission=True),
    )
    chronology_add(
        case=referral.case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.NRM,
        summary=f"NRM referral submitted on {submitted_on:%-d %B %Y} "
        f"(Home Office reference {referral.home_office_reference}).",
        agency=actor.agency,
        section=CaseSection.NRM,
        source=referral,
    )
    return referral


# --- Decisions -------------------------------------------------------------------------------


def _history(record) -> tuple[str, ...]:
    steps = [NrmState.DRAFT]
    if record.submitted_on is not None:
        steps.append(NrmState.SUBMITTED)
    steps.extend(record.decisions.order_by("decided_on", "pk").values_list("decision", flat=True))
    # A draft withdrawn before submission has no submission step.
    return tuple(steps)


def _decide(*, actor, record, decision: str, decided_on: date | None, person_id):
    today = timezone.localdate()
    problem = rules.transition_problem(_history(record), decision)
    if problem:
        raise ValidationError({"decision": problem})
    if decided_on is None:
        raise ValidationError({"decided_on": "Enter the date of the decision"})
    if decided_on > today:
        raise ValidationError(
            {"decided_on": "The date of the decision must be today or in the past"}
        )
    if record.submitted_on and decided_on < record.submitted_on:
        raise ValidationError(
            {"decided_on": "The date of the decision must be on or after the date it was submitted"}
        )
    days = (
        rules.working_days_between(record.submitted_on, decided_on) if record.submitted_on else None
    )
    NrmDecision.objects.create(
        **{"referral" if isinstance(record, NrmReferral) else "duty_to_notify": record},
        decision=decision,
        decided_on=decided_on,
        working_days_from_submission=days,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    before = record.version
    record.state = decision
    save_with_version_check(record, expected_version=before, fields=("state",))
    changes = {
        "state": decision,
        "decided_on": decided_on,
        VERSION: {"before": before, "after": record.version},
    }
    if days is not None:
        changes["working_days_from_submission"] = days
    audit_record(
        actor=actor,
        verb=Verb.NRM_DECISION_RECORDED,
        target=record,
        person_id=person_id,
        changes=changes,
    )
    return days


@transaction.atomic
def nrm_decision_record(
    *, actor: User, referral: NrmReferral, decision: str, decided_on: date | None
) -> NrmReferral:
    """Record a decision (DOMAIN §6), a reconsideration request or a withdrawal. A move that
    cannot happen (conclusive grounds before reasonable grounds...) is refused, naming the
    current state. The Home Office writes to the First Responder, so a First Responder records
    it."""
    _require_prepare(actor, referral.case)
    _require_first_responder(actor, referral.case)
    referral = _locked(referral)
    days = _decide(
        actor=actor,
        record=referral,
        decision=decision,
        decided_on=decided_on,
        person_id=referral.case.person_id,
    )
    taken = f" ({days} working days after submission)" if days is not None else ""
    chronology_add(
        case=referral.case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.NRM,
        summary=f"NRM: {NrmState(decision).label.lower()} on {decided_on:%-d %B %Y}{taken}.",
        agency=actor.agency,
        section=CaseSection.NRM,
        source=referral,
    )
    return referral


# --- Duty to Notify ----------------------------------------------------------------------------

IDENTIFYING_FIELDS = ("given_name", "family_name", "date_of_birth")


@transaction.atomic
def duty_to_notify_record(
    *,
    actor: User,
    gender: str,
    nationality: str,
    exploitation_types: list[str],
    what_happened: str,
    cooperates_with_police: bool,
    **identifying,
) -> DutyToNotify:
    """A Duty to Notify (Modern Slavery Act 2015 s52) for an adult who does not consent to a
    referral: gender, nationality and what happened only. A name or date of birth is refused
    unless the adult will cooperate with the police; nothing identifying enters the audit."""
    _require_first_responder(actor, None)
    errors = {}
    given = {name: value for name, value in identifying.items() if value not in (None, "")}
    unknown = set(identifying) - set(IDENTIFYING_FIELDS)
    if unknown:
        errors.update(dict.fromkeys(sorted(unknown), "A Duty to Notify does not record this"))
    if given and not cooperates_with_police:
        for name in given:
            errors[name] = (
                "A Duty to Notify is anonymous: leave out names and date of birth unless the "
                "adult agrees to cooperate with the police"
            )
    if not exploitation_types:
        errors["exploitation_types"] = "Select at least one type of exploitation"
    elif set(exploitation_types) - set(rules.ExploitationType.values):
        errors["exploitation_types"] = "Select types of exploitation from the list"
    if len(what_happened) > FREE_TEXT_MAX:
        errors["what_happened"] = f"What happened must be {FREE_TEXT_MAX:,} characters or fewer"
    problem = date_of_birth_problem(given.get("date_of_birth"), today=timezone.localdate())
    if problem and "date_of_birth" not in errors:
        errors["date_of_birth"] = problem
    if errors:
        raise ValidationError(errors)
    duty = DutyToNotify(
        gender=gender,
        nationality=nationality,
        exploitation_types=[t for t in rules.ExploitationType.values if t in exploitation_types],
        what_happened=what_happened.strip(),
        cooperates_with_police=cooperates_with_police,
        created_by=actor,
        created_by_agency=actor.agency,
        **given,
    )
    duty.full_clean()
    duty.save()
    audit_record(
        actor=actor,
        verb=Verb.DUTY_TO_NOTIFY_RECORDED,
        target=duty,
        changes={
            "gender": duty.gender,
            "nationality": duty.nationality,
            "exploitation_types": duty.exploitation_types,
            "cooperates_with_police": duty.cooperates_with_police,
        },
    )
    return duty


@transaction.atomic
def duty_to_notify_submit(
    *, actor: User, duty: DutyToNotify, submitted_on: date | None, home_office_reference: str
) -> DutyToNotify:
    _require_first_responder(actor, None)
    duty = DutyToNotify.objects.select_for_update().get(pk=duty.pk)
    _submit(
        actor=actor,
        record=duty,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference,
        person_id=None,
        extra_errors={},
    )
    return duty


@transaction.atomic
def duty_to_notify_decision_record(
    *, actor: User, duty: DutyToNotify, decision: str, decided_on: date | None
) -> DutyToNotify:
    _require_first_responder(actor, None)
    duty = DutyToNotify.objects.select_for_update().get(pk=duty.pk)
    _decide(actor=actor, record=duty, decision=decision, decided_on=decided_on, person_id=None)
    return duty


# --- Independent Child Trafficking Guardians --------------------------------------------------


@transaction.atomic
def ictg_referral_record(
    *,
    actor: User,
    case: Case,
    referred_on: date | None,
    support: str,
    guardian_name: str = "",
    guardian_contact: str = "",
) -> IctgReferral:
    """The child was referred to the guardian service. The workflow completes the case's
    ``ictg_referral`` task."""
    _require_prepare(actor, case)
    errors = {}
    if referred_on is None:
        errors["referred_on"] = "Enter the date of the referral"
    elif referred_on > timezone.localdate():
        errors["referred_on"] = "The date of the referral must be today or in the past"
    if errors:
        raise ValidationError(errors)
    referral = IctgReferral(
        case=case,
        referred_on=referred_on,
        support=support,
        guardian_name=guardian_name.strip(),
        guardian_contact=guardian_contact.strip(),
        recorded_by=actor,
        recorded_by_agency=actor.agency,
        recorded_at=timezone.now(),
    )
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        verb=Verb.ICTG_REFERRAL_RECORDED,
        target=referral,
        person_id=case.person_id,
        changes={"referred_on": referred_on, "support": support},
    )
    chronology_add(
        case=case,
        occurred_at=referral.recorded_at,
        kind=ChronologyKind.NRM,
        summary=f"Referred to an Independent Child Trafficking Guardian on "
        f"{referred_on:%-d %B %Y} ({referral.get_support_display().lower()}).",
        agency=actor.agency,
        section=CaseSection.NRM,
        source=referral,
    )
    return referral
