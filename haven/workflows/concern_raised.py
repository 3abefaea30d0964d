"""A concern raised: the person (picked or new), the concern, its screening, the tasks the
screening requires, and the front door told, in one transaction (if the concern is refused,
a new person is not kept)."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import User
from haven.cases.access import people_visible_to
from haven.cases.models import Concern, ConcernStatus
from haven.cases.services import (
    ConcernAlreadyRecorded,
    concern_adult_routes_record,
    concern_create,
    concern_just_recorded,
    front_door_notify,
    person_create_with_details,
    prefixed_errors,
)
from haven.people.models import Person
from haven.screening.services import (
    is_child_or_presumed_child,
    screening_record_for_concern,
    validate_indicator_codes,
)
from haven.workflows.screening import tasks_for_screening


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    person: Person,
    description: str,
    occurred_at: datetime,
    home_area: str,
    location: str = "",
    indicator_codes: list[str] = (),
    immediate_danger: bool = False,
    submission_token: UUID | None = None,
    places_mentioned: list[dict] = (),
    phones_mentioned: list[str] = (),
) -> Concern:
    """Record a concern about ``person``. Anyone the screening treats as a child goes straight
    to the front door of the home area (the date of birth decides, not the kind chosen: DOMAIN
    §2 rule 3); an adult's concern records the adult routes. Either way it is screened."""
    child = is_child_or_presumed_child(person, at=timezone.now())
    concern = concern_create(
        actor=actor,
        person=person,
        description=description,
        occurred_at=occurred_at,
        home_area=home_area,
        to_front_door=child,
        location=location,
        indicator_codes=validate_indicator_codes(list(indicator_codes)),
        immediate_danger=immediate_danger,
        submission_token=submission_token,
        places_mentioned=places_mentioned,
        phones_mentioned=phones_mentioned,
    )
    screening = screening_record_for_concern(actor=actor, concern=concern)
    tasks_for_screening(actor=actor, screening=screening)
    if not child:
        concern_adult_routes_record(
            concern=concern, codes=[a["code"] for a in screening.result["required_actions"]]
        )
    if concern.status == ConcernStatus.AWAITING_DECISION:
        front_door_notify(concern=concern)
    return concern


@transaction.atomic
def concern_record(
    *,
    actor: User,
    description: str,
    occurred_at: datetime,
    home_area: str,
    person_id: int | None = None,
    new_person: dict | None = None,
    location: str = "",
    indicator_codes: list[str] = (),
    immediate_danger: bool = False,
    submission_token: UUID | None = None,
    places_mentioned: list[dict] = (),
    phones_mentioned: list[str] = (),
) -> Concern:
    """Record a concern about a person the actor may see (``person_id``) or about someone new
    (``new_person``: the fields of ``person_create`` plus ``aliases``, ``identifiers`` and
    ``phones``), in one transaction: if the concern is refused, the new person is not kept.

    Errors about the new person are named ``person.<field>``; a ``person_id`` the actor may not
    see is refused exactly like one that does not exist.

    ``submission_token`` makes the recording idempotent: a second call with the same token by
    the same user raises ``ConcernAlreadyRecorded`` with the first concern, and records nothing.
    """
    if not actor.has_role_permission(roles.RAISE_CONCERN) or actor.agency_id is None:
        raise PermissionDenied("Your role cannot record concerns.")
    if submission_token is not None:
        already = Concern.objects.filter(raised_by=actor, submission_token=submission_token).first()
        if already is not None:
            raise ConcernAlreadyRecorded(already)
    already = concern_just_recorded(
        actor=actor,
        description=description,
        occurred_at=occurred_at,
        person_id=person_id,
        new_person=new_person,
    )
    if already is not None:
        raise ConcernAlreadyRecorded(already)
    if (person_id is None) == (new_person is None):
        raise ValidationError(
            {
                "person": "Give either the person's details (person) or the id of a person "
                "already recorded (person_id), not both."
            }
        )
    errors: dict[str, list[str]] = {}
    try:
        validate_indicator_codes(list(indicator_codes))
    except ValidationError as error:
        errors.update(error.message_dict)
    person = None
    if person_id is not None:
        person = people_visible_to(actor, among=[person_id]).first()
        if person is None:
            errors["person_id"] = [
                "No person with this id is recorded that you can see: search for them, or give "
                "their details instead."
            ]
    else:
        try:
            with transaction.atomic():
                person = person_create_with_details(actor=actor, fields=new_person)
        except ValidationError as error:
            errors.update(prefixed_errors(error, "person"))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return concern_raise(
                actor=actor,
                person=person,
                description=description,
                occurred_at=occurred_at,
                home_area=home_area,
                location=location,
                indicator_codes=indicator_codes,
                immediate_danger=immediate_danger,
                submission_token=submission_token,
                places_mentioned=places_mentioned,
                phones_mentioned=phones_mentioned,
            )
    except IntegrityError:
        # The same token sent twice at once: the other request recorded it.
        already = Concern.objects.filter(raised_by=actor, submission_token=submission_token).first()
        if submission_token is None or already is None:
            raise
        raise ConcernAlreadyRecorded(already) from None
