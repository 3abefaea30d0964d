"""Writing investigations: each takes ``actor=``, asks the access door through the selectors'
``require_*`` (404 without the investigation section, 403 for someone who sees it but may not do
this), validates, writes, audits with its own verb and adds to the chronology in the
investigation section, in one transaction.

Chronology entries never name a suspect: agencies that see the investigation section without
the people section may not learn who is suspected (``may_see_suspects``)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.verbs import INVESTIGATION_FIELDS
from haven.audit.versioning import save_versioned_and_audit
from haven.cases.models import Case, CaseSection, CaseStatus, ChronologyKind
from haven.cases.services import chronology_add
from haven.core.limits import FREE_TEXT_MAX
from haven.investigations import reference, rules
from haven.investigations.models import (
    ChildOffence,
    Investigation,
    InvestigationStatus,
    Order,
    OrderBreach,
    OrderType,
    Suspect,
    SuspectOutcome,
    UpdateGivenTo,
    VictimStatement,
    VictimUpdate,
)
from haven.investigations.selectors import (
    require_lead_investigation,
    require_victim_update,
    suspect_candidates,
)
from haven.people.age import age_on

STATEMENT_NOTE = (
    "The investigation continues whether or not the child gives a statement (DOMAIN section 7)."
)


def _not_in_future(errors: dict, field: str, day: date | None, noun: str) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = f"{noun} must be today or in the past"


def _offences_problem(codes: list[str]) -> str | None:
    unknown = [code for code in codes if code not in reference.offence_list().offences]
    if unknown:
        listed = ", ".join(unknown)
        return f"Choose offences from the list ({listed} is not one)"
    return None


def _chronology(*, actor: User, case: Case, summary: str, source) -> None:
    chronology_add(
        case=case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.INVESTIGATION,
        summary=summary,
        agency=actor.agency,
        section=CaseSection.INVESTIGATION,
        source=source,
    )


def _suspect_people(*, actor: User, case: Case, person_ids: list[int]):
    candidates = {p.pk: p for p in suspect_candidates(user=actor, case=case)}
    missing = [pk for pk in person_ids if pk not in candidates]
    if missing:
        raise ValidationError(
            {
                "suspects": "Suspects must be adults of concern linked to the child: add the "
                "person and their relationship to the child first"
            }
        )
    return [candidates[pk] for pk in dict.fromkeys(person_ids)]


@transaction.atomic
def investigation_open(
    *,
    actor: User,
    case: Case,
    officer_in_charge: str,
    victim_statement: str,
    opened_on: date,
    offences: list[str],
    crime_references: list[str] | None = None,
    officer_contact: str = "",
    suspect_ids: list[int] | None = None,
) -> Investigation:
    """A police investigation into the child's exploitation, on an open case."""
    require_lead_investigation(actor, case)
    errors = _details_problems(
        officer_in_charge=officer_in_charge, victim_statement=victim_statement, offences=offences
    )
    if case.status != CaseStatus.OPEN:
        errors["case"] = "Investigations can only be opened on an open case"
    _not_in_future(errors, "opened_on", opened_on, "The date the investigation began")
    references = [r.strip() for r in crime_references or [] if r.strip()]
    if errors:
        raise ValidationError(errors)
    people = _suspect_people(actor=actor, case=case, person_ids=suspect_ids or [])
    investigation = Investigation(
        case=case,
        officer_in_charge=officer_in_charge.strip(),
        officer_contact=officer_contact.strip(),
        crime_references=references,
        offences=list(dict.fromkeys(offences)),
        victim_statement=victim_statement,
        opened_on=opened_on,
        agency=actor.agency,
        created_by=actor,
    )
    investigation.full_clean()
    investigation.save()
    audit_record(
        actor=actor,
        verb=Verb.INVESTIGATION_OPENED,
        target=investigation,
        person_id=case.person_id,
        changes=diff(
            None,
            snapshot(
                investigation,
                (
                    "officer_in_charge",
                    "crime_references",
                    "offences",
                    "victim_statement",
                    "opened_on",
                ),
            ),
        ),
    )
    _chronology(
        actor=actor,
        case=case,
        summary=f"Police investigation opened by {actor.agency.name} "
        f"(officer in charge: {investigation.officer_in_charge}).",
        source=investigation,
    )
    for person in people:
        _suspect_create(actor=actor, investigation=investigation, person=person)
    return investigation


def _details_problems(
    *, officer_in_charge: str, victim_statement: str, offences: list[str]
) -> dict[str, str]:
    """What is wrong with an investigation's details, when opened or changed."""
    errors = {}
    if not officer_in_charge.strip():
        errors["officer_in_charge"] = "Enter the name of the officer in charge"
    if victim_statement not in VictimStatement.values:
        errors["victim_statement"] = "Select whether the child gave a statement"
    if not offences:
        errors["offences"] = "Select at least one offence being investigated"
    elif problem := _offences_problem(offences):
        errors["offences"] = problem
    return errors


@transaction.atomic
def investigation_update(
    *, actor: User, investigation: Investigation, expected_version: int, **changes
) -> Investigation:
    """Change an investigation's details, close it (with the date and why) or reopen it,
    refusing the save if someone else saved since ``expected_version``. A closed investigation
    still takes outcomes, breaches and updates: courts decide and orders are breached after the
    police close their investigation; only the update clock stops."""
    require_lead_investigation(actor, investigation.case)
    unknown = set(changes) - set(INVESTIGATION_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} here.")
    values = {name: getattr(investigation, name) for name in INVESTIGATION_FIELDS} | changes
    errors = _details_problems(
        officer_in_charge=values["officer_in_charge"],
        victim_statement=values["victim_statement"],
        offences=values["offences"],
    )
    status = values["status"]
    if status not in InvestigationStatus.values:
        errors["status"] = "Select whether the investigation is open or closed"
    if status == InvestigationStatus.CLOSED:
        closed_on = values["closed_on"]
        if closed_on is None:
            errors["closed_on"] = "Enter the date the investigation closed"
        elif closed_on < investigation.opened_on:
            errors["closed_on"] = (
                "The date it closed must be on or after the date it began "
                f"({investigation.opened_on:%d/%m/%Y})"
            )
        _not_in_future(errors, "closed_on", closed_on, "The date it closed")
        if not values["closed_reason"].strip():
            errors["closed_reason"] = "Enter why the investigation closed"
        elif len(values["closed_reason"]) > FREE_TEXT_MAX:
            errors["closed_reason"] = f"The reason must be {FREE_TEXT_MAX} characters or fewer"
    else:
        # Reopened (or open): nothing of an earlier closing stays.
        values["closed_on"], values["closed_reason"] = None, ""
    if errors:
        raise ValidationError(errors)
    values["officer_in_charge"] = values["officer_in_charge"].strip()
    values["officer_contact"] = values["officer_contact"].strip()
    values["crime_references"] = [r.strip() for r in values["crime_references"] if r.strip()]
    values["offences"] = list(dict.fromkeys(values["offences"]))
    values["closed_reason"] = values["closed_reason"].strip()
    before = snapshot(investigation, INVESTIGATION_FIELDS)
    was_open = investigation.status == InvestigationStatus.OPEN
    for name, value in values.items():
        setattr(investigation, name, value)
    investigation.full_clean()
    closing = was_open and status == InvestigationStatus.CLOSED
    save_versioned_and_audit(
        actor=actor,
        instance=investigation,
        expected_version=expected_version,
        fields=INVESTIGATION_FIELDS,
        before=before,
        person_id=investigation.case.person_id,
        verb=Verb.INVESTIGATION_CLOSED if closing else Verb.INVESTIGATION_UPDATED,
    )
    if closing:
        summary = f"Police investigation closed on {investigation.closed_on:%d/%m/%Y}."
    elif not was_open and status == InvestigationStatus.OPEN:
        summary = "Police investigation reopened."
    else:
        summary = "Police investigation details changed."
    _chronology(actor=actor, case=investigation.case, summary=summary, source=investigation)
    return investigation


def _suspect_create(*, actor: User, investigation: Investigation, person) -> Suspect:
    suspect = Suspect.objects.create(investigation=investigation, person=person, added_by=actor)
    audit_record(
        actor=actor,
        verb=Verb.SUSPECT_ADDED,
        target=suspect,
        person_id=person.pk,
        changes={"investigation": investigation.pk, "person": person.pk},
    )
    return suspect


@transaction.atomic
def suspect_add(*, actor: User, investigation: Investigation, person_id: int) -> Suspect:
    require_lead_investigation(actor, investigation.case)
    (person,) = _suspect_people(actor=actor, case=investigation.case, person_ids=[person_id])
    if investigation.suspects.filter(person=person).exists():
        raise ValidationError({"suspects": "This person is already a suspect"})
    suspect = _suspect_create(actor=actor, investigation=investigation, person=person)
    _chronology(
        actor=actor,
        case=investigation.case,
        summary="Suspect added to the police investigation.",
        source=investigation,
    )
    return suspect


def _suspect_of(investigation: Investigation, suspect_id) -> Suspect:
    suspect = investigation.suspects.filter(pk=suspect_id).first()
    if suspect is None:
        raise ValidationError({"suspect": "Select a suspect of this investigation"})
    return suspect


@transaction.atomic
def order_record(
    *,
    actor: User,
    investigation: Investigation,
    order_type: str,
    suspect_id: int | None,
    issued_on: date,
    expires_on: date | None = None,
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    postcode: str = "",
    child_in_care: bool = False,
) -> Order:
    """An order or notice against a suspect. A child abduction warning notice is for a child
    under 16, or under 18 in care, and names the address the suspect must not have the child
    at (its postcode kept normalised)."""
    case = investigation.case
    require_lead_investigation(actor, case)
    errors = {}
    if order_type not in OrderType.values:
        errors["order_type"] = "Select the kind of order or notice"
    try:
        suspect = _suspect_of(investigation, suspect_id)
    except ValidationError as error:
        errors.update(error.message_dict)
        suspect = None
    _not_in_future(errors, "issued_on", issued_on, "The date it was issued")
    if problem := rules.dates_problem(start=issued_on, end=expires_on):
        errors["expires_on"] = problem
    normalised = ""
    if postcode.strip():
        normalised = rules.postcode_normalised(postcode)
        if normalised is None:
            errors["postcode"] = "Enter a real postcode, like CH1 4AB"
    if order_type == OrderType.CAWN:
        if not address_line_1.strip():
            errors["address_line_1"] = "Enter the address the notice covers"
        if not postcode.strip():
            errors["postcode"] = "Enter the postcode of the address the notice covers"
        child = case.person
        age = age_on(child.date_of_birth, issued_on) if child.date_of_birth else None
        if problem := rules.cawn_problem(
            order_type=order_type, child_age=age, child_in_care=child_in_care
        ):
            errors["child_in_care"] = problem
    if errors:
        raise ValidationError(errors)
    order = Order(
        investigation=investigation,
        order_type=order_type,
        suspect=suspect,
        address_line_1=address_line_1.strip(),
        address_line_2=address_line_2.strip(),
        town=town.strip(),
        postcode=normalised or "",
        issued_on=issued_on,
        expires_on=expires_on,
        child_in_care=child_in_care,
        recorded_by=actor,
    )
    order.full_clean()
    order.save()
    audit_record(
        actor=actor,
        verb=Verb.ORDER_RECORDED,
        target=order,
        person_id=case.person_id,
        changes={
            "suspect": suspect.pk,
            **diff(
                None,
                snapshot(
                    order,
                    (
                        "order_type",
                        "issued_on",
                        "expires_on",
                        "address_line_1",
                        "address_line_2",
                        "town",
                        "postcode",
                        "child_in_care",
                    ),
                ),
            ),
        },
    )
    _chronology(
        actor=actor,
        case=case,
        summary=f"{order.get_order_type_display()} issued on {issued_on:%d/%m/%Y}.",
        source=order,
    )
    return order


@transaction.atomic
def order_breach_record(
    *, actor: User, order: Order, breached_on: date, note: str = ""
) -> OrderBreach:
    case = order.investigation.case
    require_lead_investigation(actor, case)
    errors = {}
    _not_in_future(errors, "breached_on", breached_on, "The date of the breach")
    if breached_on < order.issued_on:
        errors["breached_on"] = "The date of the breach must be on or after the date it was issued"
    if len(note) > FREE_TEXT_MAX:
        errors["note"] = f"The note must be {FREE_TEXT_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    breach = OrderBreach.objects.create(
        order=order, breached_on=breached_on, note=note.strip(), recorded_by=actor
    )
    audit_record(
        actor=actor,
        verb=Verb.ORDER_BREACH_RECORDED,
        target=breach,
        person_id=case.person_id,
        changes={"order": order.pk, **diff(None, snapshot(breach, ("breached_on", "note")))},
    )
    _chronology(
        actor=actor,
        case=case,
        summary=f"Breach of the {order.get_order_type_display().lower()} on "
        f"{breached_on:%d/%m/%Y}.",
        source=order,
    )
    return breach


@transaction.atomic
def outcome_record(
    *,
    actor: User,
    investigation: Investigation,
    suspect_id: int | None,
    outcome: str,
    decided_on: date,
    offences: list[str] | None = None,
    note: str = "",
) -> SuspectOutcome:
    """The next outcome for one suspect, refused where the sequence cannot happen
    (``rules.outcome_problem``) or goes back in time."""
    case = investigation.case
    require_lead_investigation(actor, case)
    suspect = _suspect_of(investigation, suspect_id)
    suspect = Suspect.objects.select_for_update(of=("self",)).get(pk=suspect.pk)
    history = list(suspect.outcomes.order_by("decided_on", "pk"))
    errors = {}
    if problem := rules.outcome_problem(history=[o.outcome for o in history], outcome=outcome):
        errors["outcome"] = problem
    _not_in_future(errors, "decided_on", decided_on, "The date of the outcome")
    if history and decided_on < history[-1].decided_on:
        errors["decided_on"] = (
            f"The date must be on or after the last outcome ({history[-1].decided_on:%d/%m/%Y})"
        )
    if offences and (problem := _offences_problem(offences)):
        errors["offences"] = problem
    if errors:
        raise ValidationError(errors)
    recorded = SuspectOutcome(
        suspect=suspect,
        outcome=outcome,
        decided_on=decided_on,
        offences=list(dict.fromkeys(offences or [])),
        note=note.strip(),
        recorded_by=actor,
    )
    recorded.full_clean()
    recorded.save()
    audit_record(
        actor=actor,
        verb=Verb.SUSPECT_OUTCOME_RECORDED,
        target=recorded,
        person_id=case.person_id,
        changes={
            "suspect": suspect.pk,
            **diff(None, snapshot(recorded, ("outcome", "decided_on", "offences", "note"))),
        },
    )
    _chronology(
        actor=actor,
        case=case,
        summary=f"Suspect outcome: {recorded.get_outcome_display().lower()} "
        f"({decided_on:%d/%m/%Y}).",
        source=investigation,
    )
    return recorded


@transaction.atomic
def child_offence_record(
    *,
    actor: User,
    investigation: Investigation,
    offence: str,
    arrested_on: date,
    linked_to_exploitation: str,
    charged_on: date | None = None,
) -> ChildOffence:
    """The child's own arrest or charge, and how it is linked to the exploitation."""
    case = investigation.case
    require_lead_investigation(actor, case)
    errors = {}
    if offence not in reference.offence_list().offences:
        errors["offence"] = "Select the offence from the list"
    _not_in_future(errors, "arrested_on", arrested_on, "The date of the arrest")
    _not_in_future(errors, "charged_on", charged_on, "The date of the charge")
    if charged_on is not None and charged_on < arrested_on:
        errors["charged_on"] = "The date of the charge must be on or after the arrest"
    if not linked_to_exploitation.strip():
        errors["linked_to_exploitation"] = "Describe how the offence is linked to the exploitation"
    if errors:
        raise ValidationError(errors)
    record = ChildOffence.objects.create(
        investigation=investigation,
        offence=offence,
        arrested_on=arrested_on,
        charged_on=charged_on,
        linked_to_exploitation=linked_to_exploitation.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb=Verb.CHILD_OFFENCE_RECORDED,
        target=record,
        person_id=case.person_id,
        changes=diff(
            None,
            snapshot(record, ("offence", "arrested_on", "charged_on", "linked_to_exploitation")),
        ),
    )
    found = reference.offence(offence)
    defence = (
        "the section 45 defence may be available"
        if reference.defence_available(offence)
        else "a Schedule 4 offence: the section 45 defence is not available"
    )
    _chronology(
        actor=actor,
        case=case,
        summary=f"The child was arrested ({found.label}; {defence}).",
        source=record,
    )
    return record


REVIEW_FIELDS = ("section_45_considered", "trained_interviewer", "out_of_hours_informed")


@transaction.atomic
def non_criminalisation_review_record(
    *,
    actor: User,
    child_offence: ChildOffence,
    section_45_considered: bool | None,
    trained_interviewer: bool | None,
    out_of_hours_informed: bool | None,
    reviewed_on: date,
    note: str = "",
) -> ChildOffence:
    """The ``non_criminalisation_review`` outcome: each of the three answered yes or no."""
    case = child_offence.investigation.case
    require_lead_investigation(actor, case)
    errors = {}
    questions = {
        "section_45_considered": (
            section_45_considered,
            "whether the section 45 defence was considered",
        ),
        "trained_interviewer": (
            trained_interviewer,
            "whether a trained officer interviewed the child",
        ),
        "out_of_hours_informed": (
            out_of_hours_informed,
            "whether EDT, out-of-hours and PACE officers were told",
        ),
    }
    for field, (answer, words) in questions.items():
        if answer is None:
            errors[field] = f"Select {words}"
    _not_in_future(errors, "reviewed_on", reviewed_on, "The date of the review")
    if errors:
        raise ValidationError(errors)
    before = snapshot(child_offence, (*REVIEW_FIELDS, "reviewed_on", "review_note"))
    child_offence.section_45_considered = section_45_considered
    child_offence.trained_interviewer = trained_interviewer
    child_offence.out_of_hours_informed = out_of_hours_informed
    child_offence.reviewed_on = reviewed_on
    child_offence.review_note = note.strip()
    child_offence.save(update_fields=[*REVIEW_FIELDS, "reviewed_on", "review_note"])
    audit_record(
        actor=actor,
        verb=Verb.NON_CRIMINALISATION_REVIEWED,
        target=child_offence,
        person_id=case.person_id,
        changes=diff(
            before, snapshot(child_offence, (*REVIEW_FIELDS, "reviewed_on", "review_note"))
        ),
    )
    _chronology(
        actor=actor,
        case=case,
        summary="Non-criminalisation review recorded for the child's arrest.",
        source=child_offence,
    )
    return child_offence


@transaction.atomic
def victim_update_record(
    *,
    actor: User,
    investigation: Investigation,
    given_on: date,
    given_to: str,
    summary: str,
    partner_agency: str = "",
) -> VictimUpdate:
    """An update on the investigation given to the child, a parent or carer, or a partner
    agency. The case team and the police record them."""
    case = investigation.case
    require_victim_update(actor, case)
    errors = {}
    if given_to not in UpdateGivenTo.values:
        errors["given_to"] = "Select who was given the update"
    if given_to == UpdateGivenTo.PARTNER_AGENCY and not partner_agency.strip():
        errors["partner_agency"] = "Enter which agency was given the update"
    _not_in_future(errors, "given_on", given_on, "The date of the update")
    if given_on < investigation.opened_on:
        errors["given_on"] = "The date of the update must be on or after the investigation began"
    if not summary.strip():
        errors["summary"] = "Enter what the update said"
    if errors:
        raise ValidationError(errors)
    update = VictimUpdate.objects.create(
        investigation=investigation,
        given_on=given_on,
        given_to=given_to,
        partner_agency=partner_agency.strip() if given_to == UpdateGivenTo.PARTNER_AGENCY else "",
        summary=summary.strip(),
        recorded_by=actor,
        recorded_by_agency=actor.agency,
    )
    audit_record(
        actor=actor,
        verb=Verb.VICTIM_UPDATE_RECORDED,
        target=update,
        person_id=case.person_id,
        changes=diff(None, snapshot(update, ("given_on", "given_to", "partner_agency"))),
    )
    who = update.partner_agency or update.get_given_to_display().lower()
    _chronology(
        actor=actor,
        case=case,
        summary=f"Update on the investigation given to {who} on {given_on:%d/%m/%Y}.",
        source=update,
    )
    return update
