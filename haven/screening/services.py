"""Screening in the case: build the engine's input from everything recorded, run it, and store
the result with its inputs and vocabulary version. Turning required actions into tasks is the
workflows' job (``haven.workflows``): screening returns its result and never writes tasks.

Screening takes its inputs from the case as a whole (concerns, circumstances recorded by
meetings, missing episodes, arrests), so any new source only needs to record a circumstance
and call ``case_rescreen``.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff
from haven.cases.access import case_access
from haven.cases.models import Case, CaseSection, ChronologyKind, Concern
from haven.cases.services import chronology_add
from haven.core.areas import AREA_INVOLVED_CODES
from haven.people.models import DobPrecision, Person, PersonKind
from haven.screening.engine import (
    CHILD_STATUSES,
    Circumstances,
    ScreeningInput,
    assess,
    person_status,
)
from haven.screening.models import (
    Circumstance,
    CircumstanceRecord,
    OverrideStatus,
    Screening,
    ScreeningOverride,
    ScreeningTrigger,
    counted_columns,
)
from haven.screening.selectors import screening_current_for_case
from haven.screening.vocabulary import load_vocabulary


def validate_indicator_codes(codes: list[str]) -> list[str]:
    """The indicator codes of a concern, each one the vocabulary knows (DOMAIN §3)."""
    vocabulary = load_vocabulary()
    valid = set(vocabulary.codes)
    unknown = [code for code in codes if code not in valid]
    if unknown:
        raise ValidationError(
            {
                "indicator_codes": (
                    f"Unknown code(s): {', '.join(unknown)}. Valid codes: "
                    f"{', '.join(sorted(valid))}."
                )
            }
        )
    return sorted(set(codes))


ADULT_KINDS = (PersonKind.ADULT_OF_CONCERN, PersonKind.PARENT_OR_CARER, PersonKind.OTHER)


def _person_facts(person: Person) -> dict:
    """Age, nationality and language as the engine needs them. A child recorded with an
    estimated or unknown date of birth has an uncertain age, so the presumption applies."""
    exact = person.dob_precision == DobPrecision.EXACT or person.dob_assigned_by_age_assessment
    nationalities = [str(code) for code in person.nationalities]
    language = person.first_language.strip().lower()
    return {
        "date_of_birth": (
            person.date_of_birth if person.dob_precision != DobPrecision.UNKNOWN else None
        ),
        "age_uncertain": not exact,
        "appears_under_18": (
            True if person.kind == PersonKind.CHILD else False if not exact else None
        ),
        "nationality": "GB"
        if "GB" in nationalities
        else (nationalities[0] if nationalities else None),
        "first_language_english": None if not language else language in ("english", "en"),
    }


def is_child_or_presumed_child(person: Person, *, at: datetime) -> bool:
    """Whether the screening treats this person as a child at ``at`` (DOMAIN §2 rule 3)."""
    return (
        person_status(screening_input=ScreeningInput(assessed_at=at, **_person_facts(person)))
        in CHILD_STATUSES
    )


def _circumstances(records, *, home_area: str | None, areas: set[str]) -> Circumstances:
    latest: dict[str, object] = {}
    for record in records:
        if record.name == Circumstance.AREAS_INVOLVED:
            areas.update(record.value or [])
        else:
            latest[record.name] = record.value
    returned = latest.get(Circumstance.RETURNED_FROM_MISSING_AT)
    return Circumstances(
        returned_from_missing_at=datetime.fromisoformat(returned) if returned else None,
        arrested_or_suspected_offence=bool(latest.get(Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE)),
        parents_or_carers_complicit=bool(latest.get(Circumstance.PARENTS_OR_CARERS_COMPLICIT)),
        reunification_planned=bool(latest.get(Circumstance.REUNIFICATION_PLANNED)),
        accommodated=bool(latest.get(Circumstance.ACCOMMODATED)),
        abduction_risk=latest.get(Circumstance.ABDUCTION_RISK) or None,
        criminal_network=bool(latest.get(Circumstance.CRIMINAL_NETWORK)),
        safe_house_placement=bool(latest.get(Circumstance.SAFE_HOUSE_PLACEMENT)),
        home_area=home_area,
        areas_involved=tuple(sorted(areas | ({home_area} if home_area else set()))),
        consents_to_nrm=latest.get(Circumstance.CONSENTS_TO_NRM),
        repeat_missing=bool(latest.get(Circumstance.REPEAT_MISSING)),
    )


def screening_input_for_concern(concern: Concern, *, at: datetime) -> ScreeningInput:
    return ScreeningInput(
        assessed_at=at,
        immediate_danger=concern.immediate_danger,
        codes=tuple(concern.indicator_codes),
        circumstances=_circumstances(
            concern.circumstances.all(), home_area=concern.home_area, areas=set()
        ),
        **_person_facts(concern.person),
    )


def screening_input_for_case(case: Case, *, at: datetime, trigger_concern=None) -> ScreeningInput:
    concerns = list(case.concerns.all())
    codes = sorted({code for concern in concerns for code in concern.indicator_codes})
    records = CircumstanceRecord.objects.filter(case=case) | CircumstanceRecord.objects.filter(
        concern__in=concerns
    )
    return ScreeningInput(
        assessed_at=at,
        # Immediate danger is a fact of the moment a concern was raised, not of the case.
        immediate_danger=bool(trigger_concern and trigger_concern.immediate_danger),
        codes=tuple(codes),
        circumstances=_circumstances(
            records.order_by("recorded_at", "id"),
            home_area=case.lead_agency.area_code or None,
            areas={c.home_area for c in concerns},
        ),
        **_person_facts(case.person),
    )


def screening_inputs_json(screening_input: ScreeningInput) -> dict:
    """The input as stored on a ``Screening`` (also used by ``generate_scale_data``)."""
    c = screening_input.circumstances

    def plain(value):
        return value.isoformat() if isinstance(value, date | datetime) else value

    return {
        "assessed_at": screening_input.assessed_at.isoformat(),
        "date_of_birth": plain(screening_input.date_of_birth),
        "age_years": screening_input.age_years,
        "age_uncertain": screening_input.age_uncertain,
        "appears_under_18": screening_input.appears_under_18,
        "nationality": screening_input.nationality,
        "first_language_english": screening_input.first_language_english,
        "immediate_danger": screening_input.immediate_danger,
        "codes": list(screening_input.codes),
        "circumstances": {
            name: plain(getattr(c, name)) if name != "areas_involved" else list(c.areas_involved)
            for name in (
                "returned_from_missing_at",
                "arrested_or_suspected_offence",
                "parents_or_carers_complicit",
                "reunification_planned",
                "accommodated",
                "abduction_risk",
                "criminal_network",
                "safe_house_placement",
                "home_area",
                "areas_involved",
                "consents_to_nrm",
                "ictg_available",
                "repeat_missing",
            )
        },
    }


def _store(*, actor, person, concern, case, trigger, screening_input) -> Screening:
    result = assess(screening_input=screening_input)
    stored_result = result.to_dict()
    screening = Screening.objects.create(
        person=person,
        concern=concern,
        case=case,
        trigger=trigger,
        inputs=screening_inputs_json(screening_input),
        result=stored_result,
        outcome=result.outcome,
        person_status=result.person_status,
        vocabulary_version=result.vocabulary_version,
        **counted_columns(stored_result),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        verb=Verb.SCREENING_RECORDED,
        target=screening,
        person_id=person.pk,
        changes=diff(
            None,
            {"outcome": result.outcome, "actions": list(result.action_codes), "trigger": trigger},
        ),
    )
    return screening


@transaction.atomic
def screening_record_for_concern(*, actor, concern: Concern) -> Screening:
    return _store(
        actor=actor,
        person=concern.person,
        concern=concern,
        case=concern.case,
        trigger=ScreeningTrigger.CONCERN_SAVED,
        screening_input=screening_input_for_concern(concern, at=timezone.now()),
    )


@transaction.atomic
def screening_attach_to_case(*, actor, concern: Concern) -> Screening:
    """A concern accepted into a case brings its circumstances along, then the case is
    re-screened as a whole (new codes may now complete the definition)."""
    CircumstanceRecord.objects.filter(concern=concern, case__isnull=True).update(case=concern.case)
    return case_rescreen(
        actor=actor,
        case=concern.case,
        trigger=ScreeningTrigger.ACCEPTED_INTO_CASE,
        trigger_concern=concern,
    )


@transaction.atomic
def case_rescreen(*, actor, case: Case, trigger: str, trigger_concern=None) -> Screening:
    previous = Screening.objects.filter(case=case).order_by("-created_at", "-id").first()
    screening = _store(
        actor=actor,
        person=case.person,
        concern=None,
        case=case,
        trigger=trigger,
        screening_input=screening_input_for_case(
            case, at=timezone.now(), trigger_concern=trigger_concern
        ),
    )
    change = (
        f" (was {previous.outcome.replace('_', ' ')})"
        if previous and previous.outcome != screening.outcome
        else ""
    )
    chronology_add(
        case=case,
        occurred_at=screening.created_at,
        kind=ChronologyKind.SCREENING,
        summary=(
            f"Screened after: {ScreeningTrigger(trigger).label.lower()}. Outcome "
            f"{screening.outcome.replace('_', ' ')}{change}."
        ),
        agency=getattr(actor, "agency", None),
        section=CaseSection.SCREENING,
        source=screening,
    )
    return screening


@transaction.atomic
def concern_rescreen(*, actor, concern: Concern, trigger: str) -> Screening:
    """Screen a concern not yet in a case again, with the circumstances recorded on it since
    (a return from missing before any case exists)."""
    return _store(
        actor=actor,
        person=concern.person,
        concern=concern,
        case=None,
        trigger=trigger,
        screening_input=screening_input_for_concern(concern, at=timezone.now()),
    )


@transaction.atomic
def circumstance_add(
    *,
    actor,
    case: Case | None = None,
    name: str,
    value,
    source=None,
    concern: Concern | None = None,
) -> CircumstanceRecord:
    """Record a fact about the situation (the caller re-screens, once for a batch of facts): on
    a case, or on a concern not yet in one (it joins the case with the concern)."""
    if (case is None) == (concern is None):
        raise ValueError("a circumstance is recorded on a case or on a concern")
    record = CircumstanceRecord.objects.create(
        case=case,
        concern=concern,
        name=Circumstance(name),
        value=value.isoformat() if isinstance(value, datetime) else value,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb=Verb.CIRCUMSTANCE_RECORDED,
        target=record,
        person_id=(case or concern).person_id,
        changes=diff(None, {"circumstance": record.name, "value": record.value}),
    )
    return record


@transaction.atomic
def screening_override_record(
    *, actor, case: Case, outcome: str, reason: str, actions_removed: list[str] = ()
) -> ScreeningOverride:
    """A professional override of the outcome. If it would remove any statutory action it
    waits for a second manager; otherwise it is in force at once."""
    access = case_access(actor, case)
    if (
        access is None
        or not access.leads
        or not actor.has_role_permission(roles.OVERRIDE_SCREENING)
    ):
        raise PermissionDenied("Only a manager in the lead authority can override screening.")
    screening = screening_current_for_case(case)
    if screening is None:
        raise ValidationError({"outcome": "The case has not been screened yet."})
    valid_outcomes = ("potential_victim", "trafficking_not_indicated", "insufficient_information")
    errors = {}
    if outcome not in valid_outcomes:
        errors["outcome"] = f"Choose one of: {', '.join(valid_outcomes)}."
    if len(reason.strip()) < 20:
        errors["reason"] = "Explain your professional judgement (at least 20 characters)."
    required = {a["code"] for a in screening.result["required_actions"]}
    unknown = set(actions_removed) - required
    if unknown:
        errors["actions_removed"] = f"Not required by the screening: {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)
    override = ScreeningOverride.objects.create(
        case=case,
        screening=screening,
        outcome=outcome,
        reason=reason.strip(),
        actions_removed=sorted(set(actions_removed)),
        status=OverrideStatus.AWAITING_APPROVAL if actions_removed else OverrideStatus.IN_FORCE,
        recorded_by=actor,
    )
    in_force = override.status == OverrideStatus.IN_FORCE
    audit_record(
        actor=actor,
        # In force at once (no statutory action removed), or waiting for a second manager.
        verb=Verb.SCREENING_OVERRIDDEN if in_force else Verb.SCREENING_OVERRIDE_REQUESTED,
        target=override,
        person_id=case.person_id,
        reason=override.reason,
        changes={
            **diff(
                None,
                {
                    "engine_outcome": screening.outcome,
                    "outcome": outcome,
                    "actions_removed": override.actions_removed,
                    "status": override.status,
                },
            ),
            **({"approved_by_second_manager": False} if in_force else {}),
        },
    )
    return override


@transaction.atomic
def screening_override_decision_record(
    *, actor, override: ScreeningOverride, approve: bool
) -> ScreeningOverride:
    """A second manager approves or rejects an override that removes statutory actions. (The
    workflow then closes the removed actions' tasks as not needed.)"""
    access = case_access(actor, override.case)
    if access is None or not access.leads or not actor.has_role_permission(roles.APPROVE):
        raise PermissionDenied("Only a manager in the lead authority can approve.")
    if override.recorded_by_id == actor.pk:
        raise ValidationError({"approve": "A second manager must approve: not the one who asked."})
    if override.status != OverrideStatus.AWAITING_APPROVAL:
        raise ValidationError({"approve": "This override is not awaiting approval."})
    override.status = OverrideStatus.IN_FORCE if approve else OverrideStatus.REJECTED
    override.decided_by = actor
    override.decided_at = timezone.now()
    override.save(update_fields=["status", "decided_by", "decided_at"])
    status_change = diff({"status": OverrideStatus.AWAITING_APPROVAL}, {"status": override.status})
    if approve:
        # The override comes into force: the same event as one in force at once.
        audit_record(
            actor=actor,
            verb=Verb.SCREENING_OVERRIDDEN,
            target=override,
            person_id=override.case.person_id,
            changes={
                **status_change,
                **diff(
                    None,
                    {"outcome": override.outcome, "actions_removed": override.actions_removed},
                ),
                "approved_by_second_manager": True,
            },
        )
    else:
        audit_record(
            actor=actor,
            verb=Verb.SCREENING_OVERRIDE_REJECTED,
            target=override,
            person_id=override.case.person_id,
            changes=status_change,
        )
    return override


INFORMATION_FLAGS = (
    Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE,
    Circumstance.PARENTS_OR_CARERS_COMPLICIT,
    Circumstance.CRIMINAL_NETWORK,
    Circumstance.ACCOMMODATED,
    Circumstance.REUNIFICATION_PLANNED,
)


@transaction.atomic
def case_information_rescreen(
    *,
    actor,
    case: Case,
    returned_from_missing_at: datetime | None = None,
    flags: dict[str, bool] | None = None,
    abduction_risk: str | None = None,
    areas_involved: list[str] = (),
) -> Screening:
    """Record new facts about a child's situation (a return from a missing episode, an arrest,
    complicit parents, other areas involved...) and re-screen the case once."""
    access = case_access(actor, case)
    if access is None or not access.full:
        raise PermissionDenied("Only the lead authority records new information on a case.")
    flags = {name: value for name, value in (flags or {}).items() if value is not None}
    errors = {}
    if returned_from_missing_at and returned_from_missing_at > timezone.now():
        errors["returned_from_missing_at"] = "The return must be in the past."
    if set(flags) - set(INFORMATION_FLAGS):
        errors["flags"] = f"Record only: {', '.join(INFORMATION_FLAGS)}."
    if abduction_risk not in (None, "", "low", "medium", "high"):
        errors["abduction_risk"] = "Choose low, medium or high."
    if set(areas_involved) - set(AREA_INVOLVED_CODES):
        errors["areas_involved"] = f"Choose from: {', '.join(AREA_INVOLVED_CODES)}."
    if not (returned_from_missing_at or flags or abduction_risk or areas_involved):
        errors["__all__"] = "Record at least one piece of new information."
    if errors:
        raise ValidationError(errors)
    if returned_from_missing_at:
        circumstance_add(
            actor=actor,
            case=case,
            name=Circumstance.RETURNED_FROM_MISSING_AT,
            value=returned_from_missing_at,
        )
    for name, value in flags.items():
        circumstance_add(actor=actor, case=case, name=name, value=value)
    if abduction_risk:
        circumstance_add(
            actor=actor, case=case, name=Circumstance.ABDUCTION_RISK, value=abduction_risk
        )
    if areas_involved:
        circumstance_add(
            actor=actor, case=case, name=Circumstance.AREAS_INVOLVED, value=sorted(areas_involved)
        )
    trigger = (
        ScreeningTrigger.MISSING_EPISODE
        if returned_from_missing_at
        else ScreeningTrigger.NEW_INFORMATION
    )
    return case_rescreen(actor=actor, case=case, trigger=trigger)
