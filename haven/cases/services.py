"""Writes for concerns, the front door, cases, notes, sharing and break-glass access.

Every service takes ``actor``, checks it may act, validates, writes, adds to the chronology
and records an audit event, all in one transaction.
"""

from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import AgencyType, Role, Team, TeamFunction, User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.versioning import require_version, save_versioned_and_audit
from haven.cases.access import (
    ALL_SECTIONS,
    case_access,
    cases_visible_to,
    concerns_visible_to,
    is_front_door_for,
    may_break_glass,
)
from haven.cases.models import (
    OTHER_DECISIONS,
    BreakGlassAccess,
    BreakGlassOutcome,
    BreakGlassStatus,
    Case,
    CaseNote,
    CaseSection,
    CaseShare,
    CaseStatus,
    CaseTransfer,
    ChronologyEntry,
    ChronologyKind,
    Concern,
    ConcernStatus,
    LawfulBasis,
    Sensitivity,
    TransferStatus,
)
from haven.core.contact_details import mentions_checked
from haven.core.pdf import pdf_from_html
from haven.core.working_days import add_working_days
from haven.notifications.services import notify
from haven.people.age import earliest_date_of_birth
from haven.people.models import DobPrecision, Person
from haven.people.services import alias_add, identifier_add, person_create, phone_add

MIN_REASON_LENGTH = 10


class ConcernAlreadyRecorded(Exception):
    """The same form (or Idempotency-Key) was sent again: the concern it recorded."""

    def __init__(self, concern: Concern):
        super().__init__(f"Concern {concern.pk} was already recorded from this submission.")
        self.concern = concern


def chronology_add(
    *,
    case: Case,
    occurred_at: datetime,
    kind: str,
    summary: str,
    agency=None,
    section: str = CaseSection.CHRONOLOGY,
    sensitivity: str = Sensitivity.STANDARD,
    source=None,
) -> ChronologyEntry:
    """Add a dated event to a case's timeline. Any app may call this."""
    return ChronologyEntry.objects.create(
        case=case,
        occurred_at=occurred_at,
        kind=kind,
        summary=summary,
        agency=agency,
        section=section,
        sensitivity=sensitivity,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
    )


@transaction.atomic
def concern_create(
    *,
    actor: User,
    person: Person,
    description: str,
    occurred_at: datetime,
    home_area: str,
    to_front_door: bool,
    location: str = "",
    indicator_codes: list[str] = (),
    immediate_danger: bool = False,
    submission_token: UUID | None = None,
    places_mentioned: list[dict] = (),
    phones_mentioned: list[str] = (),
) -> Concern:
    """Write a concern (its indicator codes already checked against the vocabulary). A concern
    ``to_front_door`` waits for the front door of its home area (the refer_childrens_social_care
    step, time-stamped, with a 1-working-day decision clock); any other records adult routes."""
    if not actor.has_role_permission(roles.RAISE_CONCERN):
        raise PermissionDenied("Your role cannot record concerns.")
    now = timezone.now()
    # A few minutes' grace for clocks that disagree; a concern is about what has happened.
    errors: dict[str, str] = {}
    if occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = "When it happened must be in the past."
    places_mentioned, phones_mentioned = mentions_checked(
        places_mentioned, phones_mentioned, errors
    )
    if errors:
        raise ValidationError(errors)
    concern = Concern(
        person=person,
        raised_by=actor,
        raised_by_agency=actor.agency,
        raised_by_team=actor.team,
        description=description.strip(),
        occurred_at=occurred_at,
        location=location.strip(),
        indicator_codes=sorted(set(indicator_codes)),
        places_mentioned=places_mentioned,
        phones_mentioned=phones_mentioned,
        immediate_danger=immediate_danger,
        home_area=home_area,
        submission_token=submission_token,
    )
    if to_front_door:
        concern.status = ConcernStatus.AWAITING_DECISION
        concern.referred_at = now
        concern.decision_due_at = add_working_days(start=now, days=1)
    else:
        concern.status = ConcernStatus.ADULT_ROUTES_RECORDED
    concern.full_clean()
    concern.save()
    audit_record(
        actor=actor,
        verb=Verb.CONCERN_RAISED,
        target=concern,
        person_id=person.pk,
        changes=diff(
            None,
            snapshot(
                concern,
                ("status", "home_area", "indicator_codes", "immediate_danger", "occurred_at"),
            ),
        ),
    )
    return concern


def concern_adult_routes_record(*, concern: Concern, codes: list[str]) -> None:
    """The routes the screening of an adult's concern gave (part of recording the concern)."""
    concern.adult_routes = list(codes)
    concern.save(update_fields=["adult_routes"])


def prefixed_errors(error: ValidationError, prefix: str) -> dict[str, list[str]]:
    """A nested record's errors, each field named ``<prefix>.<field>``."""
    if not hasattr(error, "error_dict"):
        return {prefix: error.messages}
    return {
        (prefix if name == NON_FIELD_ERRORS else f"{prefix}.{name}"): messages
        for name, messages in error.message_dict.items()
    }


def person_create_with_details(*, actor: User, fields: dict) -> Person:
    """``person_create``, with errors in aliases, identifiers and phones named by their position
    (``aliases.0``, ``identifiers.1.value``, ``phones.2``: a phone is only its number)."""
    fields = dict(fields)
    details = {name: fields.pop(name, None) or [] for name in ("aliases", "identifiers", "phones")}
    person = person_create(actor=actor, **fields)
    errors: dict[str, list[str]] = {}
    adders = {
        "aliases": lambda item: alias_add(actor=actor, person=person, **item),
        "identifiers": lambda item: identifier_add(actor=actor, person=person, **item),
        "phones": lambda item: phone_add(actor=actor, person=person, number=item),
    }
    for name, items in details.items():
        for index, item in enumerate(items):
            try:
                with transaction.atomic():
                    adders[name](item)
            except ValidationError as error:
                if name == "phones":
                    error = ValidationError(error.messages)
                errors.update(prefixed_errors(error, f"{name}.{index}"))
    if errors:
        raise ValidationError(errors)
    return person


# Going back and sending a concern again may come with a fresh page token (browsers differ in
# what they restore), so the same concern from the same user this recently is also one concern.
RESUBMISSION_WINDOW = timedelta(minutes=30)


def concern_just_recorded(
    *, actor: User, description: str, occurred_at: datetime, person_id, new_person
) -> Concern | None:
    recent = Concern.objects.filter(
        raised_by=actor,
        description=description.strip(),
        occurred_at=occurred_at,
        created_at__gte=timezone.now() - RESUBMISSION_WINDOW,
    )
    if person_id is not None:
        recent = recent.filter(person_id=person_id)
    else:
        new_person = new_person or {}
        recent = recent.filter(
            person__given_name=new_person.get("given_name", ""),
            person__family_name=new_person.get("family_name", ""),
            person__date_of_birth=new_person.get("date_of_birth"),
        )
    return recent.order_by("-created_at").first()


def front_door_team(area_code: str) -> Team | None:
    """The front door (MASH) team of a local authority area, if it is in Haven."""
    return (
        Team.objects.filter(
            agency__agency_type=AgencyType.LOCAL_AUTHORITY,
            agency__area_code=area_code,
            function=TeamFunction.FRONT_DOOR,
        )
        .select_related("agency")
        .first()
    )


def front_door_notify(*, concern: Concern) -> None:
    team = front_door_team(concern.home_area)
    if team is None:
        return
    recipients = User.objects.filter(team=team, role__in=[Role.MANAGER, Role.PRACTITIONER])
    due = f"Decide by {timezone.localtime(concern.decision_due_at):%d %B %Y %H:%M}."
    plain = f"A concern (reference {concern.pk}) is waiting for a decision. {due}"
    named = (
        f"A concern about {concern.person.full_name} (reference {concern.pk}) is waiting for a "
        f"decision. {due}"
    )

    def body(recipient: User) -> str:
        # The child is named only to those the door lets see the concern; emails never.
        visible = concerns_visible_to(recipient).filter(pk=concern.pk).exists()
        return named if visible else plain

    notify(
        recipients=recipients,
        subject="New concern at the front door",
        body=body,
        email_body=plain,
        link=f"/front-door/{concern.home_area}/",
    )


FRONT_DOOR_DECISIONS = ("accept", *(d.value for d in OTHER_DECISIONS))


def front_door_require(*, actor: User, concern: Concern) -> None:
    """Only the front door of the child's home area decides on a concern."""
    if not is_front_door_for(actor, concern.home_area):
        raise PermissionDenied("Only the front door of the child's home area can decide.")


@transaction.atomic
def concern_decision_record(
    *,
    actor: User,
    concern: Concern,
    decision: str,
    reason: str = "",
    case: Case | None = None,
    lead_practitioner: User | None = None,
    expected_version: int | None = None,
) -> Concern:
    """The front door's decision: accept into a new or existing case, or record another
    decision with a reason."""
    front_door_require(actor=actor, concern=concern)
    # Two front-door workers deciding at once: the second waits for the first, then reads the
    # decided concern (stale version, or "already recorded"), so no orphan case is opened.
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    require_version(concern, expected_version)
    if concern.status != ConcernStatus.AWAITING_DECISION:
        raise ValidationError({"decision": "A decision has already been recorded."})
    if decision not in FRONT_DOOR_DECISIONS:
        raise ValidationError({"decision": f"Choose one of: {', '.join(FRONT_DOOR_DECISIONS)}."})
    reason = reason.strip()
    if decision != "accept" and len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": "Enter the reason for your decision."})
    now = timezone.now()
    before = snapshot(concern, ("status", "case", "decision_reason"))
    if decision == "accept":
        if case is None:
            case = _case_open(
                actor=actor, person=concern.person, lead_practitioner=lead_practitioner, at=now
            )
        elif (
            case.person_id != concern.person_id
            or case.lead_agency_id != actor.agency_id
            or case.status != CaseStatus.OPEN
        ):
            raise ValidationError(
                {"case": "Choose an open case your authority leads for this child."}
            )
        concern.status = ConcernStatus.ACCEPTED
        concern.case = case
    else:
        concern.status = decision
    concern.decided_at = now
    concern.decided_by = actor
    concern.decision_reason = reason
    fields = ("status", "case", "decided_at", "decided_by", "decision_reason")
    if expected_version is not None:
        save_versioned_and_audit(
            actor=actor,
            instance=concern,
            expected_version=expected_version,
            fields=fields,
            before=before,
            person_id=concern.person_id,
            verb=Verb.FRONT_DOOR_DECIDED,
            reason=reason,
            extra={"decision": decision},
        )
    else:
        concern.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            verb=Verb.FRONT_DOOR_DECIDED,
            target=concern,
            person_id=concern.person_id,
            changes={**diff(before, snapshot(concern, before.keys())), "decision": decision},
            reason=reason,
        )
    if concern.case is not None:
        chronology_add(
            case=concern.case,
            occurred_at=concern.occurred_at,
            kind=ChronologyKind.CONCERN,
            summary=f"Concern raised by {concern.raised_by_agency.name}: {concern.description}",
            agency=concern.raised_by_agency,
            source=concern,
        )
        chronology_add(
            case=concern.case,
            occurred_at=now,
            kind=ChronologyKind.DECISION,
            summary=f"Front door accepted the concern into case {concern.case.reference}.",
            agency=actor.agency,
            source=concern,
        )
    return concern


def concern_decision_targets(
    *, actor: User, case_id: int | None, lead_practitioner_id: int | None
) -> tuple[Case | None, User | None]:
    """The case and lead practitioner a front-door decision names by id. A case the actor
    cannot see, or a person outside their authority, is refused like an unknown id."""
    errors = {}
    case = None
    if case_id is not None:
        case = cases_visible_to(actor).filter(pk=case_id).first()
        if case is None:
            errors["case"] = "Choose an open case your authority leads for this child."
    lead_practitioner = None
    if lead_practitioner_id is not None:
        lead_practitioner = User.objects.filter(
            pk=lead_practitioner_id,
            agency_id=actor.agency_id,
            is_active=True,
            role__in=[Role.PRACTITIONER, Role.MANAGER],
        ).first()
        if lead_practitioner is None:
            errors["lead_practitioner"] = "Choose a practitioner or manager in your authority."
    if errors:
        raise ValidationError(errors)
    return case, lead_practitioner


def _case_open(*, actor: User, person: Person, lead_practitioner: User | None, at) -> Case:
    if Case.objects.filter(
        person=person, lead_agency=actor.agency, status=CaseStatus.OPEN
    ).exists():
        raise ValidationError({"case": "This child already has an open case: add to it."})
    team = actor.team or front_door_team(actor.agency.area_code)
    if lead_practitioner is not None and lead_practitioner.agency_id != actor.agency_id:
        raise ValidationError({"lead_practitioner": "Choose someone in your authority."})
    case = Case(
        person=person,
        lead_agency=actor.agency,
        lead_team=team,
        lead_practitioner=lead_practitioner or actor,
        opened_at=at,
    )
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        verb=Verb.CASE_OPENED,
        target=case,
        person_id=person.pk,
        changes=diff(None, {"lead_agency": case.lead_agency_id, "lead_team": team.pk}),
    )
    chronology_add(
        case=case,
        occurred_at=at,
        kind=ChronologyKind.CASE,
        summary=f"Case opened by {actor.agency.name}, led by {team.name}.",
        agency=actor.agency,
        source=case,
    )
    return case


def _require_lead(actor: User, case: Case) -> None:
    access = case_access(actor, case)
    if access is None or not access.leads:
        raise PermissionDenied("Only the lead authority can do this.")


@transaction.atomic
def case_close(*, actor: User, case: Case, reason: str, expected_version: int) -> Case:
    _require_lead(actor, case)
    require_version(case, expected_version)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": "The case is already closed."})
    pending = case.transfers.filter(status=TransferStatus.PENDING).select_related("to_team").first()
    if pending is not None:
        # Otherwise the receiving team would be left deciding on a case that has ended.
        raise ValidationError(
            {
                "status": f"A transfer to {pending.to_team.name} is waiting for a "
                "decision: withdraw it before closing the case"
            }
        )
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValidationError({"closed_reason": "Give the reason for closing the case."})
    before = snapshot(case, ("status", "closed_reason"))
    case.status = CaseStatus.CLOSED
    case.closed_reason = reason.strip()
    case.closed_at = timezone.now()
    save_versioned_and_audit(
        actor=actor,
        instance=case,
        expected_version=expected_version,
        fields=("status", "closed_reason", "closed_at"),
        before=before,
        person_id=case.person_id,
        verb=Verb.CASE_CLOSED,
    )
    chronology_add(
        case=case,
        occurred_at=case.closed_at,
        kind=ChronologyKind.CASE,
        summary=f"Case closed: {case.closed_reason}",
        agency=actor.agency,
        source=case,
    )
    return case


def _refuse_implausible_note_time(occurred_at: datetime, *, case: Case) -> None:
    """What a note records happened in the child's lifetime (or, without an exact date of
    birth, within the oldest age Haven records) and not in the future."""
    now = timezone.now()
    if occurred_at > now + timedelta(minutes=5):
        raise ValidationError({"occurred_at": "When it happened must be in the past."})
    person = case.person
    born = person.date_of_birth if person.dob_precision == DobPrecision.EXACT else None
    earliest = born if born and born <= now.date() else earliest_date_of_birth(now.date())
    if occurred_at.date() < earliest:
        raise ValidationError(
            {"occurred_at": f"When it happened must be after {earliest.day} {earliest:%B %Y}."}
        )


@transaction.atomic
def case_note_add(
    *,
    actor: User,
    case: Case,
    text: str,
    sensitivity: str = Sensitivity.STANDARD,
    occurred_at: datetime | None = None,
) -> CaseNote:
    access = case_access(actor, case)
    if access is None or not access.can_change(CaseSection.NOTES):
        raise PermissionDenied("You cannot add notes to this case.")
    if sensitivity == Sensitivity.RESTRICTED and not access.leads:
        raise ValidationError({"sensitivity": "Only the lead authority can restrict a note."})
    if occurred_at is not None:
        _refuse_implausible_note_time(occurred_at, case=case)
    note = CaseNote(
        case=case,
        author=actor,
        agency=actor.agency,
        text=text.strip(),
        sensitivity=sensitivity,
        occurred_at=occurred_at or timezone.now(),
    )
    note.full_clean()
    note.save()
    audit_record(
        actor=actor,
        verb=Verb.CASE_NOTE_ADDED,
        target=note,
        person_id=case.person_id,
        changes=diff(None, {"sensitivity": sensitivity}),
    )
    chronology_add(
        case=case,
        occurred_at=note.occurred_at,
        kind=ChronologyKind.NOTE,
        summary=note.text,
        agency=actor.agency,
        section=CaseSection.NOTES,
        sensitivity=sensitivity,
        source=note,
    )
    return note


@transaction.atomic
def case_share_create(
    *,
    actor: User,
    case: Case,
    agency,
    sections: list[str],
    reason: str,
    lawful_basis: str,
    expires_at: datetime,
    team=None,
) -> CaseShare:
    """Share chosen sections of a case with another agency (or one of its teams) until a date."""
    _require_lead(actor, case)
    errors = {}
    sections = sorted(set(sections))
    if not sections or not set(sections) <= ALL_SECTIONS:
        errors["sections"] = f"Choose at least one of: {', '.join(sorted(ALL_SECTIONS))}."
    if agency.pk == case.lead_agency_id:
        errors["agency"] = "The lead authority already sees the whole case."
    if team is not None and team.agency_id != agency.pk:
        errors["team"] = "The team must belong to the chosen agency."
    if len(reason.strip()) < MIN_REASON_LENGTH:
        errors["reason"] = "Say why this agency needs to see the case."
    if expires_at <= timezone.now():
        errors["expires_at"] = "The end date must be in the future."
    elif expires_at > timezone.now() + timedelta(days=366):
        errors["expires_at"] = "Share for at most a year; share again if still needed."
    if errors:
        raise ValidationError(errors)
    share = CaseShare(
        case=case,
        agency=agency,
        team=team,
        sections=sections,
        reason=reason.strip(),
        lawful_basis=lawful_basis,
        granted_by=actor,
        granted_at=timezone.now(),
        expires_at=expires_at,
    )
    share.full_clean()
    share.save()
    audit_record(
        actor=actor,
        verb=Verb.SHARE_GRANTED,
        target=share,
        person_id=case.person_id,
        reason=share.reason,
        changes=diff(
            None,
            {
                "case": case.pk,
                "agency": agency.pk,
                "team": team.pk if team else None,
                "sections": sections,
                "lawful_basis": lawful_basis,
                "expires_at": expires_at,
            },
        ),
    )
    chronology_add(
        case=case,
        occurred_at=share.granted_at,
        kind=ChronologyKind.SHARE,
        summary=(
            f"Shared with {team.name if team else agency.name} until "
            f"{timezone.localtime(expires_at):%d %B %Y}: {', '.join(sections)}."
        ),
        agency=actor.agency,
        source=share,
    )
    recipients = User.objects.filter(agency=agency, role__in=[Role.MANAGER, Role.PRACTITIONER])
    if team is not None:
        recipients = recipients.filter(team=team)
    notify(
        recipients=recipients,
        subject="A case has been shared with you",
        body=f"{actor.agency.name} shared case {case.reference} with you to safeguard a child.",
        link=f"/cases/{case.pk}/",
    )
    return share


@transaction.atomic
def case_share_revoke(*, actor: User, share: CaseShare) -> CaseShare:
    _require_lead(actor, share.case)
    if share.revoked_at is not None:
        return share
    share.revoked_at = timezone.now()
    share.revoked_by = actor
    share.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        verb=Verb.SHARE_REVOKED,
        target=share,
        person_id=share.case.person_id,
        changes=diff({"revoked_at": None}, {"revoked_at": share.revoked_at}),
    )
    chronology_add(
        case=share.case,
        occurred_at=share.revoked_at,
        kind=ChronologyKind.SHARE,
        summary=f"Sharing with {share.team.name if share.team else share.agency.name} ended.",
        agency=actor.agency,
        source=share,
    )
    return share


def break_glass_used_today(user, *, now=None) -> int:
    """Break-glass requests granted or waiting in the last 24 hours (the daily limit)."""
    since = (now or timezone.now()) - timedelta(hours=24)
    return BreakGlassAccess.objects.filter(
        user=user,
        requested_at__gt=since,
        status__in=[BreakGlassStatus.GRANTED, BreakGlassStatus.AWAITING_APPROVAL],
    ).count()


BREAK_GLASS_REASON_MIN_LENGTH = 20


def break_glass_reason_problem(reason: str) -> str | None:
    """What is wrong with a break-glass reason, if anything. The page asks before it looks the
    case up (``BreakGlassForm``); ``break_glass_open`` refuses it."""
    if len(reason.strip()) < BREAK_GLASS_REASON_MIN_LENGTH:
        return (
            "Describe the urgent safeguarding reason (at least "
            f"{BREAK_GLASS_REASON_MIN_LENGTH} characters)."
        )
    return None


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, reason: str) -> BreakGlassAccess:
    """Emergency access for an urgent safeguarding reason: time-limited, and the case's lead
    managers and auditors are told at once. ``case`` comes from ``case_for_break_glass`` (a
    valid "known to" reference). Beyond ``HAVEN_BREAK_GLASS_DAILY_LIMIT`` uses in 24 hours the
    request waits for a manager of the actor's own agency (``break_glass_decide``)."""
    if not may_break_glass(actor):
        raise PermissionDenied("Break-glass is for those with out-of-hours safeguarding duty.")
    if case_access(actor, case) is not None:
        raise ValidationError({"reason": "You can already see this case."})
    problem = break_glass_reason_problem(reason)
    if problem:
        raise ValidationError({"reason": problem})
    # One request at a time per user: the count below cannot be raced past the limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    over_limit = break_glass_used_today(actor) >= settings.HAVEN_BREAK_GLASS_DAILY_LIMIT
    access = BreakGlassAccess.objects.create(
        case=case,
        user=actor,
        reason=reason.strip(),
        status=BreakGlassStatus.AWAITING_APPROVAL if over_limit else BreakGlassStatus.GRANTED,
        requested_at=timezone.now(),
    )
    if over_limit:
        audit_record(
            actor=actor,
            verb=Verb.BREAK_GLASS_REQUESTED,
            target=case,
            person_id=case.person_id,
            reason=access.reason,
            changes=diff(None, {"status": access.status}),
        )
        notify(
            recipients=User.objects.filter(
                agency_id=actor.agency_id, role=Role.MANAGER, is_active=True
            ).exclude(pk=actor.pk),
            subject="A break-glass request needs your approval",
            body=(
                f"{actor.full_name} has asked for break-glass access to a case led by "
                f"{case.lead_agency.name}, beyond the limit of "
                f"{settings.HAVEN_BREAK_GLASS_DAILY_LIMIT} in 24 hours. Their reason: "
                f"{access.reason}"
            ),
            link="/break-glass/approvals/",
        )
        return access
    _break_glass_grant(actor=actor, access=access)
    return access


def _break_glass_grant(*, actor: User, access: BreakGlassAccess) -> None:
    """Open the case for the requester, record it, and tell the lead authority at once."""
    now = timezone.now()
    case, requester = access.case, access.user
    access.status = BreakGlassStatus.GRANTED
    access.granted_at = now
    access.expires_at = now + timedelta(hours=settings.HAVEN_BREAK_GLASS_HOURS)
    access.save(update_fields=["status", "granted_at", "expires_at"])
    audit_record(
        actor=actor,
        verb=Verb.BREAK_GLASS_USED,
        target=case,
        person_id=case.person_id,
        reason=access.reason,
        changes={
            **diff(None, {"status": access.status, "expires_at": access.expires_at}),
            "requested_by": requester.pk,
        },
    )
    chronology_add(
        case=case,
        occurred_at=now,
        kind=ChronologyKind.CASE,
        summary=(
            f"Break-glass access by {requester.full_name} ({requester.agency.name}): "
            f"{access.reason}"
        ),
        agency=requester.agency,
        source=access,
    )
    lead_managers = User.objects.filter(agency=case.lead_agency, role=Role.MANAGER, is_active=True)
    auditors = User.objects.filter(agency=case.lead_agency, role=Role.AUDITOR, is_active=True)
    notify(
        recipients=[case.lead_practitioner, *lead_managers, *auditors],
        subject="Break-glass access to a case",
        body=(
            f"{requester.full_name} of {requester.agency.name} opened case {case.reference} "
            f"without a share, giving an urgent safeguarding reason: {access.reason} Access "
            f"lasts {settings.HAVEN_BREAK_GLASS_HOURS} hours and is on the auditors' review list."
        ),
        link=f"/cases/{case.pk}/",
    )


@transaction.atomic
def break_glass_decide(*, actor: User, access: BreakGlassAccess, approve: bool) -> BreakGlassAccess:
    """A manager of the requester's own agency (not the requester) approves or refuses a
    request beyond the daily limit."""
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    if not actor.has_role_permission(roles.APPROVE) or actor.agency_id != access.user.agency_id:
        raise PermissionDenied("Only a manager of the requester's agency can decide.")
    if actor.pk == access.user_id:
        raise ValidationError({"approve": "Another manager must decide on your own request."})
    if access.status != BreakGlassStatus.AWAITING_APPROVAL:
        raise ValidationError({"approve": "This request has already been decided."})
    access.decided_by = actor
    access.save(update_fields=["decided_by"])
    if approve:
        # The manager's decision, then the access it grants (break_glass_used, as for any grant).
        audit_record(
            actor=actor,
            verb=Verb.BREAK_GLASS_APPROVED,
            target=access,
            person_id=access.case.person_id,
            changes={
                **diff(
                    {"status": BreakGlassStatus.AWAITING_APPROVAL},
                    {"status": BreakGlassStatus.GRANTED},
                ),
                "requested_by": access.user_id,
            },
        )
        _break_glass_grant(actor=actor, access=access)
    else:
        access.status = BreakGlassStatus.REFUSED
        access.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb=Verb.BREAK_GLASS_REQUEST_REFUSED,
            target=access,
            person_id=access.case.person_id,
            changes={
                **diff({"status": BreakGlassStatus.AWAITING_APPROVAL}, {"status": access.status}),
                "requested_by": access.user_id,
            },
        )
    notify(
        recipients=[access.user],
        subject=f"Break-glass request {'approved' if approve else 'refused'}",
        body=(
            f"{actor.full_name} {'approved' if approve else 'refused'} your break-glass request "
            f"for case {access.case.reference}."
        ),
        link=f"/cases/{access.case_id}/" if approve else "/break-glass/",
    )
    return access


@transaction.atomic
def break_glass_review(
    *, actor: User, access: BreakGlassAccess, outcome: str, note: str
) -> BreakGlassAccess:
    """An auditor of the lead authority judges a use: justified or not, with notes."""
    if not actor.has_role_permission(roles.REVIEW_BREAK_GLASS):
        raise PermissionDenied("Only auditors review break-glass access.")
    if access.reviewed_at is not None:
        raise ValidationError({"note": "This access has already been reviewed."})
    errors = {}
    if outcome not in BreakGlassOutcome.values:
        errors["outcome"] = "Select whether the access was justified."
    if len(note.strip()) < MIN_REASON_LENGTH:
        errors["note"] = "Record your review."
    if errors:
        raise ValidationError(errors)
    access.reviewed_at = timezone.now()
    access.reviewed_by = actor
    access.review_outcome = outcome
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_note"])
    audit_record(
        actor=actor,
        verb=Verb.BREAK_GLASS_REVIEWED,
        target=access,
        person_id=access.case.person_id,
        changes={"review_outcome": outcome},
        reason=access.review_note,
    )
    return access


# --- The case summary: printed or exported ------------------------------------------------------


def case_summary_printed(*, actor: User, case: Case) -> None:
    """Record that the printable summary was opened: it is made to leave Haven on paper."""
    audit_record(
        actor=actor,
        verb=Verb.CASE_SUMMARY_EXPORTED,
        target=case,
        person_id=case.person_id,
        reason="Case summary opened to print",
        changes={"format": "print"},
    )


def case_summary_pdf(*, actor: User, case: Case, html: str) -> bytes:
    """Render the case summary to PDF and record the export."""
    pdf = pdf_from_html(html)
    audit_record(
        actor=actor,
        verb=Verb.CASE_SUMMARY_EXPORTED,
        target=case,
        person_id=case.person_id,
        reason="Case summary exported as PDF",
        changes={"format": "pdf"},
    )
    return pdf


# --- Allocation and transfer (decision 0017) -----------------------------------------------------

# A transfer to another authority leaves the sending team these sections for this long, to hand
# over; the new lead authority may end the share sooner or share more.
HANDOVER_SECTIONS = (CaseSection.CHRONOLOGY, CaseSection.NOTES, CaseSection.TASKS)
HANDOVER_DAYS = 28


def lead_team_workers(team: Team) -> QuerySet[User]:
    """Who may lead a case of ``team``: its active practitioners and managers."""
    return User.objects.filter(
        team=team, is_active=True, role__in=[Role.PRACTITIONER, Role.MANAGER]
    ).order_by("full_name", "pk")


def _team_managers(team: Team) -> QuerySet[User]:
    return User.objects.filter(team=team, role=Role.MANAGER, is_active=True)


def _manages_team(user, team_id: int) -> bool:
    return (
        user.is_authenticated
        and user.has_role_permission(roles.ALLOCATE_CASES)
        and user.team_id is not None
        and user.team_id == team_id
    )


def may_allocate(user, case: Case) -> bool:
    """A manager of the case's lead team allocates it and asks to transfer it."""
    return _manages_team(user, case.lead_team_id)


def allocation_require(*, actor: User, case: Case) -> None:
    """403 for anyone who sees the case but is not a manager of its lead team."""
    if not may_allocate(actor, case):
        raise PermissionDenied(
            "Only a manager of the lead team can allocate or transfer this case."
        )


def _case_for_change(case: Case) -> Case:
    """The case read afresh and locked: one allocation or transfer at a time."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("person", "lead_agency", "lead_team", "lead_practitioner")
        .get(pk=case.pk)
    )


def _tell_lead_practitioner(*, actor: User, case: Case) -> None:
    """The new lead practitioner may see the case, so Haven names the child; the email does not."""
    if case.lead_practitioner is None or case.lead_practitioner_id == actor.pk:
        return
    notify(
        recipients=[case.lead_practitioner],
        subject="A case has been allocated to you",
        body=(
            f"{actor.full_name} made you the lead practitioner for {case.person.full_name} "
            f"(case {case.reference})."
        ),
        email_body=f"{actor.full_name} made you the lead practitioner for case {case.reference}.",
        link=f"/cases/{case.pk}/",
    )


@transaction.atomic
def case_allocate(*, actor: User, case: Case, practitioner_id: int, expected_version: int) -> Case:
    """A manager of the lead team makes one of its active practitioners or managers the lead
    practitioner (allocates, or reallocates); the new lead is told."""
    allocation_require(actor=actor, case=case)
    case = _case_for_change(case)
    require_version(case, expected_version)
    if case.status != CaseStatus.OPEN:
        raise ValidationError({"practitioner": "The case is closed: it cannot be allocated"})
    practitioner = lead_team_workers(case.lead_team).filter(pk=practitioner_id).first()
    if practitioner is None:
        raise ValidationError(
            {"practitioner": f"Select a practitioner or manager of {case.lead_team.name}"}
        )
    if practitioner.pk == case.lead_practitioner_id:
        raise ValidationError(
            {"practitioner": f"{practitioner.full_name} is already the lead practitioner"}
        )
    previous = case.lead_practitioner
    before = snapshot(case, ("lead_practitioner",))
    case.lead_practitioner = practitioner
    save_versioned_and_audit(
        actor=actor,
        instance=case,
        expected_version=expected_version,
        fields=("lead_practitioner",),
        before=before,
        person_id=case.person_id,
        verb=Verb.CASE_ALLOCATED,
    )
    moved = f"from {previous.full_name} " if previous is not None else ""
    chronology_add(
        case=case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.ALLOCATION,
        summary=f"Allocated {moved}to {practitioner.full_name} by {actor.full_name}.",
        agency=actor.agency,
        source=case,
    )
    _tell_lead_practitioner(actor=actor, case=case)
    return case


def transfer_teams(case: Case) -> QuerySet[Team]:
    """Where a case may move: any other team of a local authority in Haven (a case is led by
    a local authority; an area outside Haven is told by the cross-border notification)."""
    return (
        Team.objects.filter(agency__agency_type=AgencyType.LOCAL_AUTHORITY, agency__is_active=True)
        .exclude(pk=case.lead_team_id)
        .select_related("agency")
        .order_by("agency__name", "name")
    )


def _open_case_elsewhere(*, case: Case, agency_id: int) -> Case | None:
    """The child's open case led by ``agency_id``, other than ``case``: one per authority."""
    return (
        Case.objects.filter(
            person_id=case.person_id, lead_agency_id=agency_id, status=CaseStatus.OPEN
        )
        .exclude(pk=case.pk)
        .first()
    )


@transaction.atomic
def case_transfer_request(
    *, actor: User, case: Case, to_team_id: int | None, reason: str
) -> CaseTransfer:
    """A manager of the lead team asks another team (of the same or another authority) to take
    the case over. The sending team stays lead until that team's manager accepts."""
    allocation_require(actor=actor, case=case)
    case = _case_for_change(case)
    if case.status != CaseStatus.OPEN:
        raise ValidationError({"to_team": "The case is closed: it cannot be transferred"})
    if case.transfers.filter(status=TransferStatus.PENDING).exists():
        raise ValidationError(
            {
                "to_team": "A transfer of this case is already waiting for a decision: withdraw it "
                "first"
            }
        )
    errors = {}
    to_team = transfer_teams(case).filter(pk=to_team_id).first() if to_team_id else None
    if to_team is None:
        errors["to_team"] = "Select the team to transfer the case to"
    elif not _team_managers(to_team).exists():
        errors["to_team"] = (
            f"{to_team.name} has no manager in Haven to accept the case: select another team"
        )
    elif to_team.agency_id != case.lead_agency_id and _open_case_elsewhere(
        case=case, agency_id=to_team.agency_id
    ):
        errors["to_team"] = (
            f"{to_team.agency.name} already has an open case for this child: ask them to add "
            "what you know to it instead of transferring this one"
        )
    if len(reason.strip()) < MIN_REASON_LENGTH:
        errors["reason"] = "Enter why the case should move to this team"
    if errors:
        raise ValidationError(errors)
    transfer = CaseTransfer.objects.create(
        case=case,
        from_agency=case.lead_agency,
        from_team=case.lead_team,
        to_agency=to_team.agency,
        to_team=to_team,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        verb=Verb.CASE_TRANSFER_REQUESTED,
        target=transfer,
        person_id=case.person_id,
        reason=transfer.reason,
        changes=diff(
            None,
            {
                "case": case.pk,
                "from_team": case.lead_team_id,
                "to_agency": to_team.agency_id,
                "to_team": to_team.pk,
            },
        ),
    )
    chronology_add(
        case=case,
        occurred_at=transfer.requested_at,
        kind=ChronologyKind.ALLOCATION,
        summary=(
            f"Transfer to {to_team.name}, {to_team.agency.name} asked for by "
            f"{actor.full_name}: {transfer.reason}"
        ),
        agency=actor.agency,
        # Why a case moves often says where the child now lives: shared agencies see it only
        # with the notes section, as a sensitive note.
        sensitivity=Sensitivity.SENSITIVE,
        source=transfer,
    )
    notify(
        recipients=_team_managers(to_team),
        subject="A case transfer needs your decision",
        body=(
            f"{actor.full_name} of {case.lead_team.name}, {case.lead_agency.name} asks your team "
            f"to take over case {case.reference}. Accept or decline it."
        ),
        link=f"/transfers/{transfer.pk}/",
    )
    return transfer


def may_decide_transfer(user, transfer: CaseTransfer) -> bool:
    """A manager of the team asked to take the case over accepts or declines."""
    return _manages_team(user, transfer.to_team_id)


def transfer_decision_require(*, actor: User, transfer: CaseTransfer) -> None:
    if not may_decide_transfer(actor, transfer):
        raise PermissionDenied("Only a manager of the receiving team can accept or decline.")


def _pending_transfer_for_change(transfer: CaseTransfer, *, field: str) -> CaseTransfer:
    transfer = (
        CaseTransfer.objects.select_for_update(of=("self",))
        .select_related("case__person", "from_agency", "from_team", "to_agency", "to_team")
        .get(pk=transfer.pk)
    )
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(
            {field: f"This transfer has already been {transfer.get_status_display().lower()}"}
        )
    return transfer


def _tell_sender(
    *, transfer: CaseTransfer, subject: str, body: str, link: str, lead: User | None = None
) -> None:
    """Whoever asked, the sending team's managers and (on acceptance) the lead practitioner the
    case had."""
    notify(
        recipients=[transfer.requested_by, *_team_managers(transfer.from_team), lead],
        subject=subject,
        body=body,
        link=link,
    )


@transaction.atomic
def case_transfer_acceptance_record(
    *, actor: User, transfer: CaseTransfer, lead_practitioner_id: int | None = None
) -> CaseTransfer:
    """The receiving team's manager accepts: the case's lead authority, team and lead
    practitioner (one of the team's, or none yet) change. Between authorities, the receiving
    one must have no other open case for the child, and the sending team keeps a share of
    ``HANDOVER_SECTIONS`` for ``HANDOVER_DAYS`` to hand over. The tasks follow the case in the
    workflow (``haven.workflows.case_transfer``)."""
    transfer_decision_require(actor=actor, transfer=transfer)
    transfer = _pending_transfer_for_change(transfer, field="decision")
    case = _case_for_change(transfer.case)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(
            {"decision": "The case has been closed since the transfer was asked for"}
        )
    errors = {}
    lead_practitioner = None
    if lead_practitioner_id is not None:
        lead_practitioner = (
            lead_team_workers(transfer.to_team).filter(pk=lead_practitioner_id).first()
        )
        if lead_practitioner is None:
            errors["lead_practitioner"] = (
                f"Select a practitioner or manager of {transfer.to_team.name}, or allocate the "
                "case later"
            )
    existing = (
        _open_case_elsewhere(case=case, agency_id=transfer.to_agency_id)
        if transfer.between_authorities
        else None
    )
    if existing is not None:
        errors["decision"] = (
            f"Your authority already has an open case for this child ({existing.reference}): "
            "decline this transfer and add to that case"
        )
    if errors:
        raise ValidationError(errors)
    previous = case.lead_practitioner
    before = snapshot(case, ("lead_agency", "lead_team", "lead_practitioner"))
    case.lead_agency = transfer.to_agency
    case.lead_team = transfer.to_team
    case.lead_practitioner = lead_practitioner
    save_versioned_and_audit(
        actor=actor,
        instance=case,
        expected_version=case.version,
        fields=("lead_agency", "lead_team", "lead_practitioner"),
        before=before,
        person_id=case.person_id,
        verb=Verb.CASE_TRANSFER_ACCEPTED,
        extra={"transfer": transfer.pk},
    )
    now = timezone.now()
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by = actor
    transfer.decided_at = now
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    led_by = (
        f"Lead practitioner: {lead_practitioner.full_name}."
        if lead_practitioner is not None
        else "Not yet allocated to a practitioner."
    )
    chronology_add(
        case=case,
        occurred_at=now,
        kind=ChronologyKind.ALLOCATION,
        summary=(
            f"Case transferred from {transfer.from_team.name}, {transfer.from_agency.name} to "
            f"{transfer.to_team.name}, {transfer.to_agency.name}: accepted by "
            f"{actor.full_name}. {led_by}"
        ),
        agency=actor.agency,
        source=transfer,
    )
    handover = ""
    if transfer.between_authorities:
        case_share_create(
            actor=actor,
            case=case,
            agency=transfer.from_agency,
            team=transfer.from_team,
            sections=list(HANDOVER_SECTIONS),
            reason=f"Handover after the case moved to {transfer.to_agency.name}.",
            lawful_basis=LawfulBasis.SAFEGUARDING,
            expires_at=now + timedelta(days=HANDOVER_DAYS),
        )
        handover = (
            f" Your team may see its chronology, notes and tasks for {HANDOVER_DAYS} days to "
            "hand over."
        )
    _tell_sender(
        transfer=transfer,
        subject="Case transfer accepted",
        body=(
            f"{actor.full_name} of {transfer.to_team.name}, {transfer.to_agency.name} accepted "
            f"case {case.reference}: it is theirs now.{handover}"
        ),
        link=f"/transfers/{transfer.pk}/",
        lead=previous,
    )
    _tell_lead_practitioner(actor=actor, case=case)
    return transfer


@transaction.atomic
def case_transfer_decline(*, actor: User, transfer: CaseTransfer, reason: str) -> CaseTransfer:
    """The receiving team's manager declines, saying why: the sending team still leads."""
    transfer_decision_require(actor=actor, transfer=transfer)
    transfer = _pending_transfer_for_change(transfer, field="reason")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": "Enter why your team cannot take the case over"})
    before = snapshot(transfer, ("status", "decision_reason"))
    transfer.status = TransferStatus.DECLINED
    transfer.decision_reason = reason.strip()
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        verb=Verb.CASE_TRANSFER_DECLINED,
        target=transfer,
        person_id=transfer.case.person_id,
        reason=transfer.decision_reason,
        changes=diff(before, snapshot(transfer, before.keys())),
    )
    chronology_add(
        case=transfer.case,
        occurred_at=transfer.decided_at,
        kind=ChronologyKind.ALLOCATION,
        summary=(
            f"Transfer to {transfer.to_team.name}, {transfer.to_agency.name} declined by "
            f"{actor.full_name}: {transfer.decision_reason}"
        ),
        agency=actor.agency,
        sensitivity=Sensitivity.SENSITIVE,
        source=transfer,
    )
    # The reason may say more about the child than an email should: it is on the transfer.
    _tell_sender(
        transfer=transfer,
        subject="Case transfer declined",
        body=(
            f"{actor.full_name} of {transfer.to_team.name}, {transfer.to_agency.name} declined "
            f"to take over case {transfer.case.reference}; your team still leads it. Their "
            "reason is on the transfer."
        ),
        link=f"/transfers/{transfer.pk}/",
    )
    return transfer


@transaction.atomic
def case_transfer_withdraw(*, actor: User, transfer: CaseTransfer) -> CaseTransfer:
    """A manager of the lead team withdraws a transfer still waiting for a decision."""
    allocation_require(actor=actor, case=transfer.case)
    transfer = _pending_transfer_for_change(transfer, field="transfer")
    before = snapshot(transfer, ("status",))
    transfer.status = TransferStatus.WITHDRAWN
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        verb=Verb.CASE_TRANSFER_WITHDRAWN,
        target=transfer,
        person_id=transfer.case.person_id,
        changes=diff(before, snapshot(transfer, before.keys())),
    )
    chronology_add(
        case=transfer.case,
        occurred_at=transfer.decided_at,
        kind=ChronologyKind.ALLOCATION,
        summary=(
            f"Transfer to {transfer.to_team.name}, {transfer.to_agency.name} withdrawn by "
            f"{actor.full_name}."
        ),
        agency=actor.agency,
        source=transfer,
    )
    notify(
        recipients=_team_managers(transfer.to_team),
        subject="Case transfer withdrawn",
        body=(
            f"{actor.full_name} of {transfer.from_team.name}, {transfer.from_agency.name} "
            f"withdrew the request that your team take over case {transfer.case.reference}."
        ),
        link="/transfers/",
    )
    return transfer
