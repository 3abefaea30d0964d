"""Writing missing episodes and return home interviews. Each write checks who may make it,
validates (one message per field, in GOV.UK words, for the page and the API alike), writes,
audits with its own verb and adds to the case's chronology, in one transaction.

What follows from an episode in other modules (the concern raised for a child with no case,
the re-screen on return, the interview task completed, a disclosure raised as a concern) is the
workflow's: ``haven.workflows.missing_episodes``."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.versioning import save_versioned_and_audit
from haven.cases.models import Case, CaseSection, ChronologyKind, Concern
from haven.cases.services import chronology_add
from haven.core.contact_details import mentions_checked, registration_normalised
from haven.missing.models import (
    PLACEMENTS,
    EpisodeStatus,
    InterviewResponse,
    MissingEpisode,
    MissingFrom,
    PoliceRiskLevel,
    ReturnHomeInterview,
)
from haven.missing.rules import postcode_normalised
from haven.missing.selectors import episode_case, may_change_episode
from haven.people.models import Person

FUTURE = "{what} must be in the past"
REPORT_FIELDS = (
    "reported_missing_at",
    "missing_from",
    "looked_after",
    "reported_to_police_at",
    "police_reference",
    "police_risk_level",
    "last_seen_at",
    "last_seen_place",
    "last_seen_with",
    "clothing",
)
POLICE_FIELDS = ("reported_to_police_at", "police_reference", "police_risk_level")
RETURN_FIELDS = (
    "status",
    "returned_at",
    "found_at_address",
    "found_at_postcode",
    "found_with",
    "collected_by",
    "collected_in_vehicle",
    "how_returned",
    "injuries_or_concerns",
    "safe_and_well_check_at",
    "safe_and_well_check_by",
    "return_recorded_by",
)
INTERVIEW_FIELDS = (
    "offered_at",
    "offered_by_name",
    "offered_by_organisation",
    "independent_of_placement",
    "response",
    "declined_reason",
    "another_offer_to_follow",
    "held_at",
    "held_by",
    "staying_safe_information_given",
)


def _past(errors: dict, name: str, value: datetime | None, what: str, now: datetime) -> None:
    if value is not None and value > now:
        errors.setdefault(name, FUTURE.format(what=what))


def _choice(errors: dict, name: str, value: str, choices, what: str, *, blank=False) -> None:
    """One of ``choices`` (or, with ``blank``, nothing chosen)."""
    if not (value in choices.values or (blank and value == "")):
        errors[name] = f"Select {what}"


def episode_report_problems(
    *,
    reported_missing_at: datetime | None,
    missing_from: str,
    reported_to_police_at: datetime | None = None,
    police_risk_level: str = "",
    last_seen_at: datetime | None = None,
    **_,
) -> dict[str, str]:
    """What is wrong with an episode's report, by field (empty: nothing). The workflow asks
    before it raises a concern, so a refused report leaves nothing behind."""
    now = timezone.now()
    errors: dict[str, str] = {}
    if reported_missing_at is None:
        errors["reported_missing_at"] = "Enter when the child was reported missing"
    _past(errors, "reported_missing_at", reported_missing_at, "The time reported missing", now)
    _past(errors, "reported_to_police_at", reported_to_police_at, "The time reported", now)
    _past(errors, "last_seen_at", last_seen_at, "The time last seen", now)
    _choice(errors, "missing_from", missing_from, MissingFrom, "where the child went missing from")
    _choice(
        errors,
        "police_risk_level",
        police_risk_level,
        PoliceRiskLevel,
        "the risk level",
        blank=True,
    )
    if reported_missing_at and last_seen_at and last_seen_at > reported_missing_at:
        errors.setdefault(
            "last_seen_at", "The time last seen must be before the child was reported missing"
        )
    if (
        reported_missing_at
        and reported_to_police_at
        and reported_to_police_at < reported_missing_at
    ):
        errors.setdefault(
            "reported_to_police_at",
            "The time reported to the police must be after the child was reported missing",
        )
    return errors


def may_report_missing(user) -> bool:
    return user.has_role_permission(roles.RAISE_CONCERN) or user.has_role_permission(
        roles.WORK_CASES
    )


@transaction.atomic
def episode_create(
    *,
    actor: User,
    person: Person,
    case: Case | None,
    concern: Concern | None,
    reported_missing_at: datetime,
    missing_from: str,
    looked_after: bool,
    reported_to_police_at: datetime | None = None,
    police_reference: str = "",
    police_risk_level: str = "",
    last_seen_at: datetime | None = None,
    last_seen_place: str = "",
    last_seen_with: str = "",
    clothing: str = "",
) -> MissingEpisode:
    """Record that ``person`` (a child the actor may see: the workflow checks) is missing, on
    their open ``case`` or on the ``concern`` raised for them."""
    if not may_report_missing(actor) or actor.agency_id is None:
        raise PermissionDenied("Your role cannot report a child missing.")
    fields = {
        "reported_missing_at": reported_missing_at,
        "missing_from": missing_from,
        "looked_after": looked_after,
        "reported_to_police_at": reported_to_police_at,
        "police_reference": police_reference.strip(),
        "police_risk_level": police_risk_level,
        "last_seen_at": last_seen_at,
        "last_seen_place": last_seen_place.strip(),
        "last_seen_with": last_seen_with.strip(),
        "clothing": clothing.strip(),
    }
    errors = episode_report_problems(**fields)
    if errors:
        raise ValidationError(errors)
    episode = MissingEpisode(
        person=person,
        case=case,
        concern=concern,
        reported_by=actor,
        reported_by_agency_id=actor.agency_id,
        reported_by_team_id=actor.team_id,
        **fields,
    )
    episode.full_clean()
    episode.save()
    audit_record(
        actor=actor,
        verb=Verb.MISSING_EPISODE_REPORTED,
        target=episode,
        person_id=person.pk,
        changes=diff(None, snapshot(episode, ("status", *REPORT_FIELDS))),
    )
    _chronology(
        actor=actor,
        episode=episode,
        at=reported_missing_at,
        kind=ChronologyKind.MISSING_EPISODE,
        summary=f"Reported missing from {episode.get_missing_from_display().lower()}.",
    )
    return episode


def _chronology(*, actor, episode: MissingEpisode, at, kind, summary: str) -> None:
    case = episode_case(episode)
    if case is not None:
        chronology_add(
            case=case,
            occurred_at=at,
            kind=kind,
            summary=summary,
            agency=actor.agency,
            section=CaseSection.MISSING,
            source=episode,
        )


def _require_episode(actor, episode: MissingEpisode) -> None:
    if not may_change_episode(actor, episode):
        raise PermissionDenied("You cannot change this missing episode.")


@transaction.atomic
def episode_police_update(
    *,
    actor: User,
    episode: MissingEpisode,
    expected_version: int,
    reported_to_police_at: datetime | None,
    police_reference: str,
    police_risk_level: str,
) -> MissingEpisode:
    """The police report: when, its reference and the police's risk level (often known only
    after the report)."""
    _require_episode(actor, episode)
    errors: dict[str, str] = {}
    now = timezone.now()
    _past(errors, "reported_to_police_at", reported_to_police_at, "The time reported", now)
    _choice(
        errors,
        "police_risk_level",
        police_risk_level,
        PoliceRiskLevel,
        "the risk level",
        blank=True,
    )
    if reported_to_police_at and reported_to_police_at < episode.reported_missing_at:
        errors.setdefault(
            "reported_to_police_at",
            "The time reported to the police must be after the child was reported missing",
        )
    if not police_reference.strip():
        errors["police_reference"] = "Enter the police reference"
    if errors:
        raise ValidationError(errors)
    before = snapshot(episode, POLICE_FIELDS)
    episode.reported_to_police_at = reported_to_police_at
    episode.police_reference = police_reference.strip()
    episode.police_risk_level = police_risk_level
    save_versioned_and_audit(
        actor=actor,
        instance=episode,
        expected_version=expected_version,
        fields=POLICE_FIELDS,
        before=before,
        person_id=episode.person_id,
        verb=Verb.MISSING_EPISODE_POLICE_UPDATED,
    )
    return episode


@transaction.atomic
def episode_return_record(
    *,
    actor: User,
    episode: MissingEpisode,
    expected_version: int,
    returned_at: datetime | None,
    found_at_address: str = "",
    found_at_postcode: str = "",
    found_with: str = "",
    collected_by: str = "",
    collected_in_vehicle: str = "",
    how_returned: str = "",
    injuries_or_concerns: str = "",
    safe_and_well_check_at: datetime | None = None,
    safe_and_well_check_by: str = "",
) -> MissingEpisode:
    """The child is back or found: when, where (address and postcode kept apart), with whom,
    who collected them and in what vehicle, how, injuries or concerns, and the police's safe
    and well check."""
    _require_episode(actor, episode)
    errors: dict[str, str] = {}
    now = timezone.now()
    if episode.status != EpisodeStatus.MISSING:
        errors["returned_at"] = "The return from this episode has already been recorded"
    if returned_at is None:
        errors.setdefault("returned_at", "Enter when the child returned or was found")
    _past(errors, "returned_at", returned_at, "The time of the return", now)
    if returned_at is not None and returned_at < episode.reported_missing_at:
        errors.setdefault("returned_at", "The return must be after the child was reported missing")
    _past(errors, "safe_and_well_check_at", safe_and_well_check_at, "The check", now)
    if returned_at and safe_and_well_check_at and safe_and_well_check_at < returned_at:
        errors.setdefault(
            "safe_and_well_check_at", "The safe and well check must be after the return"
        )
    postcode = postcode_normalised(found_at_postcode)
    if postcode is None:
        errors["found_at_postcode"] = "Enter a real postcode"
    vehicle = registration_normalised(collected_in_vehicle) if collected_in_vehicle.strip() else ""
    if vehicle is None:
        errors["collected_in_vehicle"] = "Enter a registration mark, like AB12 CDE"
    if errors:
        raise ValidationError(errors)
    before = snapshot(episode, RETURN_FIELDS)
    episode.status = EpisodeStatus.RETURNED
    episode.returned_at = returned_at
    episode.found_at_address = found_at_address.strip()
    episode.found_at_postcode = postcode
    episode.found_with = found_with.strip()
    episode.collected_by = collected_by.strip()
    episode.collected_in_vehicle = vehicle
    episode.how_returned = how_returned.strip()
    episode.injuries_or_concerns = injuries_or_concerns.strip()
    episode.safe_and_well_check_at = safe_and_well_check_at
    episode.safe_and_well_check_by = safe_and_well_check_by.strip()
    episode.return_recorded_by = actor
    save_versioned_and_audit(
        actor=actor,
        instance=episode,
        expected_version=expected_version,
        fields=RETURN_FIELDS,
        before=before,
        person_id=episode.person_id,
        verb=Verb.MISSING_EPISODE_RETURN_RECORDED,
    )
    _chronology(
        actor=actor,
        episode=episode,
        at=returned_at,
        kind=ChronologyKind.MISSING_EPISODE,
        summary=(
            "Returned or found after "
            f"{_hours(episode.duration)} missing"
            + (f", found with {episode.found_with}" if episode.found_with else "")
            + "."
        ),
    )
    return episode


def _hours(duration) -> str:
    hours = int(duration.total_seconds() // 3600)
    return "less than an hour" if hours < 1 else f"{hours} hour{'s' if hours != 1 else ''}"


@transaction.atomic
def interview_record(
    *,
    actor: User,
    episode: MissingEpisode,
    offered_at: datetime | None,
    offered_by_me: bool,
    independent_of_placement: bool,
    response: str,
    offered_by_name: str = "",
    offered_by_organisation: str = "",
    declined_reason: str = "",
    another_offer_to_follow: bool | None = None,
    held_at: datetime | None = None,
    held_by: str = "",
    childs_account: str = "",
    why_they_went: str = "",
    push_factors: str = "",
    pull_factors: str = "",
    harm_not_disclosed_at_safe_and_well_check: str = "",
    what_would_help: str = "",
    staying_safe_information_given: bool = False,
    disclosure: str = "",
    places_mentioned: list[dict] = (),
    phones_mentioned: list[str] = (),
) -> ReturnHomeInterview:
    """A return home interview offered after ``episode`` (returned), and accepted and held or
    declined. It must be offered by someone independent of the placement: the person offering
    confirms it, and Haven refuses a member of the team that reported the child missing from
    their placement."""
    _require_episode(actor, episode)
    now = timezone.now()
    errors: dict[str, str] = {}
    if episode.status != EpisodeStatus.RETURNED:
        errors["__all__"] = "Record the child's return before the return home interview"
    if offered_at is None:
        errors["offered_at"] = "Enter when the interview was offered"
    _past(errors, "offered_at", offered_at, "The time offered", now)
    if offered_at and episode.returned_at and offered_at < episode.returned_at:
        errors.setdefault("offered_at", "The interview must be offered after the return")
    if offered_by_me:
        offered_by_name = actor.full_name
        offered_by_organisation = actor.agency.name if actor.agency else ""
        if (
            episode.missing_from in PLACEMENTS
            and episode.reported_by_team_id is not None
            and actor.team_id == episode.reported_by_team_id
        ):
            errors["offered_by_me"] = (
                "The interview must be offered by someone independent of the placement: your "
                "team reported the child missing from it"
            )
    else:
        if not offered_by_name.strip():
            errors["offered_by_name"] = "Enter the name of the person who offered the interview"
        if not offered_by_organisation.strip():
            errors["offered_by_organisation"] = "Enter their organisation"
    if not independent_of_placement:
        errors["independent_of_placement"] = (
            "Confirm the interview was offered by someone independent of the placement"
        )
    if response not in InterviewResponse.values:
        errors["response"] = "Select whether the child accepted or declined the interview"
    elif response == InterviewResponse.DECLINED:
        if not declined_reason.strip():
            errors["declined_reason"] = "Enter why the child declined"
        if another_offer_to_follow is None:
            errors["another_offer_to_follow"] = "Select whether another offer will follow"
    else:
        if held_at is None:
            errors["held_at"] = "Enter when the interview was held"
        _past(errors, "held_at", held_at, "The time held", now)
        if held_at and offered_at and held_at < offered_at:
            errors.setdefault("held_at", "The interview must be held after it was offered")
        if not held_by.strip():
            errors["held_by"] = "Enter who held the interview"
    places_mentioned, phones_mentioned = mentions_checked(
        places_mentioned, phones_mentioned, errors
    )
    if errors:
        raise ValidationError(errors)
    accepted = response == InterviewResponse.ACCEPTED
    interview = ReturnHomeInterview.objects.create(
        episode=episode,
        offered_at=offered_at,
        offered_by=actor if offered_by_me else None,
        offered_by_name=offered_by_name.strip(),
        offered_by_organisation=offered_by_organisation.strip(),
        independent_of_placement=True,
        response=response,
        declined_reason="" if accepted else declined_reason.strip(),
        another_offer_to_follow=None if accepted else another_offer_to_follow,
        held_at=held_at if accepted else None,
        held_by=held_by.strip() if accepted else "",
        childs_account=childs_account.strip(),
        why_they_went=why_they_went.strip(),
        push_factors=push_factors.strip(),
        pull_factors=pull_factors.strip(),
        harm_not_disclosed_at_safe_and_well_check=harm_not_disclosed_at_safe_and_well_check.strip(),
        what_would_help=what_would_help.strip(),
        staying_safe_information_given=staying_safe_information_given,
        places_mentioned=places_mentioned,
        phones_mentioned=phones_mentioned,
        disclosure=disclosure.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    audit_record(
        actor=actor,
        verb=Verb.RETURN_INTERVIEW_RECORDED,
        target=interview,
        person_id=episode.person_id,
        changes=diff(None, snapshot(interview, INTERVIEW_FIELDS)),
    )
    _chronology(
        actor=actor,
        episode=episode,
        at=held_at if accepted else offered_at,
        kind=ChronologyKind.RETURN_INTERVIEW,
        summary=(
            f"Return home interview held by {interview.held_by}."
            if accepted
            else f"Return home interview offered and declined: {interview.declined_reason}"
        ),
    )
    return interview


@transaction.atomic
def interview_disclosure_link(
    *, actor: User, interview: ReturnHomeInterview, concern: Concern
) -> ReturnHomeInterview:
    """The concern a disclosure at the interview raised (the workflow raised it)."""
    interview.disclosure_concern = concern
    interview.save(update_fields=["disclosure_concern"])
    audit_record(
        actor=actor,
        verb=Verb.RETURN_INTERVIEW_DISCLOSURE_RAISED,
        target=interview,
        person_id=interview.episode.person_id,
        changes={"concern": concern.pk},
    )
    return interview
