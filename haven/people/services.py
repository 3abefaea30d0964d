"""Writes to people's records. Every service takes ``actor`` and audits in the same transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.versioning import save_versioned_and_audit
from haven.cases.access import case_of_details, person_editable_by
from haven.people.age import kind_and_age_errors
from haven.people.models import (
    Address,
    AddressKind,
    Alias,
    DobPrecision,
    Identifier,
    Person,
    Phone,
    Relationship,
)
from haven.people.signals import person_changed

PERSON_FIELDS = (
    "kind",
    "given_name",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "dob_assigned_by_age_assessment",
    "gender",
    "nationalities",
    "first_language",
    "interpreter_needed",
    "immigration_status",
)

AGE_FIELDS = frozenset({"kind", "date_of_birth", "dob_precision", "dob_assigned_by_age_assessment"})


def _refuse_kind_contradicting_age(person: Person) -> None:
    """DOMAIN §2 rule 3: the date of birth decides; a contradiction is for the user to correct.
    Checked when the kind or the date of birth is written, so a child's record stays editable
    after their 18th birthday."""
    errors = kind_and_age_errors(
        kind=person.kind,
        date_of_birth=person.date_of_birth,
        dob_precision=person.dob_precision,
        dob_assigned_by_age_assessment=person.dob_assigned_by_age_assessment,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError({"kind": errors})


def _refuse_date_without_precision(person: Person) -> None:
    """A date of birth is exact or estimated: "unknown" with a date contradicts itself."""
    if person.date_of_birth and person.dob_precision == DobPrecision.UNKNOWN:
        raise ValidationError(
            {"dob_precision": "Select whether the date of birth is exact or estimated"}
        )


@transaction.atomic
def person_create(
    *,
    actor,
    aliases: list[dict] = (),
    identifiers: list[dict] = (),
    phones: list[str] = (),
    **fields,
) -> Person:
    person = Person(recorded_by_agency=actor.agency, recorded_by_team=actor.team, **fields)
    if person.date_of_birth and "dob_precision" not in fields:
        person.dob_precision = DobPrecision.EXACT
    person.full_clean()
    _refuse_date_without_precision(person)
    _refuse_kind_contradicting_age(person)
    person.save()
    audit_record(
        actor=actor,
        verb=Verb.PERSON_CREATED,
        target=person,
        person_id=person.pk,
        changes=diff(None, snapshot(person, PERSON_FIELDS)),
    )
    for alias in aliases:
        alias_add(actor=actor, person=person, **alias)
    for identifier in identifiers:
        identifier_add(actor=actor, person=person, **identifier)
    for number in phones:
        phone_add(actor=actor, person=person, number=number)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int, **changes) -> Person:
    """Change a person's details, refusing the save if someone else saved since
    ``expected_version`` (see haven.audit.versioning)."""
    if not person_editable_by(actor, person):
        raise PermissionDenied(
            "Only the agency that recorded this person or the lead authority can change them."
        )
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} here.")
    before = snapshot(person, PERSON_FIELDS)
    for name, value in changes.items():
        setattr(person, name, value)
    person.full_clean()
    if AGE_FIELDS.intersection(changes):
        _refuse_date_without_precision(person)
        _refuse_kind_contradicting_age(person)
    save_versioned_and_audit(
        actor=actor,
        instance=person,
        expected_version=expected_version,
        fields=changes,
        before=before,
        person_id=person.pk,
        verb=Verb.PERSON_UPDATED,
    )
    person_changed.send(sender=Person, person_ids=[person.pk], fields=set(changes))
    return person


def _require_editable(actor, person: Person) -> None:
    """Names, identifiers, phones and addresses are added by those who may change the person
    (the recording agency or a lead authority), not by agencies a case is only shared with."""
    if not person_editable_by(actor, person):
        raise PermissionDenied(
            "Only the agency that recorded this person or the lead authority can add to their "
            "record. Tell the lead authority what you know, or add a note to the case."
        )


# Each detail's label in the audit payload, and its domain verb.
DETAIL_VERBS = {
    "alias": Verb.ALIAS_ADDED,
    "identifier": Verb.IDENTIFIER_ADDED,
    "phone": Verb.PHONE_ADDED,
    "relationship": Verb.RELATIONSHIP_ADDED,
}


def _add_detail(actor, person: Person, detail, label: str):
    detail.case = case_of_details(actor, person)
    detail.full_clean()
    detail.save()
    audit_record(
        actor=actor,
        verb=DETAIL_VERBS[label],
        target=detail,
        person_id=person.pk,
        changes=diff(None, {label: str(detail)}),
    )
    return detail


@transaction.atomic
def alias_add(*, actor, person: Person, given_name: str = "", family_name: str = "", note=""):
    _require_editable(actor, person)
    alias = Alias(
        person=person,
        given_name=given_name,
        family_name=family_name,
        note=note,
        recorded_by_agency=actor.agency,
    )
    return _add_detail(actor, person, alias, "alias")


@transaction.atomic
def identifier_add(*, actor, person: Person, kind: str, value: str) -> Identifier:
    _require_editable(actor, person)
    identifier = Identifier(person=person, kind=kind, value=value, recorded_by_agency=actor.agency)
    return _add_detail(actor, person, identifier, "identifier")


@transaction.atomic
def phone_add(*, actor, person: Person, number: str) -> Phone:
    _require_editable(actor, person)
    phone = Phone(person=person, number=number.strip(), recorded_by_agency=actor.agency)
    return _add_detail(actor, person, phone, "phone")


@transaction.atomic
def address_add(
    *,
    actor,
    person: Person,
    line_1: str,
    line_2: str = "",
    town: str = "",
    postcode: str = "",
    kind: str = AddressKind.HOME,
    from_date: date | None = None,
    to_date: date | None = None,
    is_confidential: bool = False,
    held_by_team=None,
    named_users=(),
) -> Address:
    _require_editable(actor, person)
    address = Address(
        person=person,
        kind=kind,
        line_1=line_1,
        line_2=line_2,
        town=town,
        postcode=postcode.upper().strip(),
        from_date=from_date,
        to_date=to_date,
        is_confidential=is_confidential,
        held_by_team=held_by_team,
        recorded_by_agency=actor.agency,
        case=case_of_details(actor, person),
    )
    errors = {}
    try:
        address.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if is_confidential and not named_users:
        errors.setdefault("named_users", ["Select at least one person who may see it"])
    if held_by_team is not None and held_by_team.agency_id != actor.agency_id:
        errors.setdefault("held_by_team", ["Select a team of your own agency"])
    if any(user.agency_id != actor.agency_id or not user.is_active for user in named_users):
        errors.setdefault("named_users", ["Select people of your own agency"])
    if errors:
        raise ValidationError(errors)
    address.save()
    if named_users:
        address.named_users.set(named_users)
    audit_record(
        actor=actor,
        verb=Verb.ADDRESS_ADDED,
        target=address,
        person_id=person.pk,
        changes=diff(
            None,
            {
                "kind": kind,
                # A confidential address never enters the audit trail in clear.
                "confidential_address": address.one_line if is_confidential else None,
                "address": None if is_confidential else address.one_line,
                "named_users": [u.pk for u in named_users],
            },
        ),
    )
    return address


@transaction.atomic
def relationship_add(*, actor, person: Person, other: Person, kind: str) -> Relationship:
    relationship = Relationship(
        person=person,
        other=other,
        kind=kind,
        recorded_by=actor,
        recorded_by_agency=actor.agency,
    )
    return _add_detail(actor, person, relationship, "relationship")
