"""Reading Philomena Protocol profiles, through the access door (decision 0021).

Who keeps (sees, edits, adds a photograph to, prints the grab pack of) a child's profile:

- whoever may see the missing section of an open case about the child (the lead authority,
  break-glass, a share of that section);
- the profile's responsible local authority and the carer's agency named on it, case or no
  case: a looked-after child needs a profile before anything goes wrong;
- before a profile exists and with no open case, the local authority that recorded the child
  starts it.

Only roles that work cases (practitioners, managers) ever do; everyone else gets "not found".
Every read is audited."""

from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import AgencyType
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import can_work_cases, details_visible_q, may_see_record
from haven.cases.models import Case, CaseSection, CaseStatus
from haven.people.models import Address, AddressKind, Person, PersonKind
from haven.philomena.models import PhilomenaProfile, ProfilePhotograph
from haven.philomena.photos import photo_storage


def open_cases_about(person: Person) -> list[Case]:
    return list(
        Case.objects.filter(person=person, status=CaseStatus.OPEN).order_by("-opened_at", "-pk")
    )


def profile_of(person: Person) -> PhilomenaProfile | None:
    """The child's profile (after a merge of two records each with one, the latest reviewed)."""
    return (
        PhilomenaProfile.objects.filter(person=person)
        .select_related("responsible_agency", "carer_agency", "reviewed_by")
        .first()
    )


def may_keep_profile(user, *, person: Person, profile: PhilomenaProfile | None) -> bool:
    if not can_work_cases(user) or user.agency_id is None or person.kind != PersonKind.CHILD:
        return False
    cases = open_cases_about(person)
    if any(may_see_record(user, section=CaseSection.MISSING, case=case) for case in cases):
        return True
    if profile is not None:
        return user.agency_id in (profile.responsible_agency_id, profile.carer_agency_id)
    return (
        not cases
        and user.agency.agency_type == AgencyType.LOCAL_AUTHORITY
        and person.recorded_by_agency_id == user.agency_id
    )


def responsible_agency_for(user, person: Person):
    """Who a new profile belongs to: the authority leading the child's open case, else the
    local authority starting it."""
    cases = open_cases_about(person)
    return cases[0].lead_agency if cases else user.agency


def is_stale(profile: PhilomenaProfile, *, at=None) -> bool:
    """Not reviewed for ``HAVEN_PHILOMENA_REVIEW_DAYS`` (about three months): the description,
    photograph and associates of a child change quickly."""
    age = (at or timezone.now()) - profile.reviewed_at
    return age > timedelta(days=settings.HAVEN_PHILOMENA_REVIEW_DAYS)


@dataclass(frozen=True)
class ProfileView:
    person: Person
    profile: PhilomenaProfile | None
    photograph: ProfilePhotograph | None

    @property
    def stale(self) -> bool:
        return self.profile is not None and is_stale(self.profile)

    @property
    def review_due(self):
        if self.profile is None:
            return None
        return self.profile.reviewed_at + timedelta(days=settings.HAVEN_PHILOMENA_REVIEW_DAYS)


def current_photograph(profile: PhilomenaProfile | None) -> ProfilePhotograph | None:
    if profile is None:
        return None
    return profile.photographs.filter(replaced_at__isnull=True).first()


def profile_get_for_user(*, user, person_id: int, record_view: bool = True) -> ProfileView:
    """The child's profile (None inside when there is none yet) if ``user`` may keep it;
    otherwise "not found", as for a child who does not exist. Records the view of an existing
    profile (a caller about to change it passes ``record_view=False``: the change is audited)."""
    person = (
        Person.objects.select_related("recorded_by_agency")
        .filter(pk=person_id, merged_into__isnull=True)
        .first()
    )
    if person is None:
        raise Http404("No such person")
    profile = profile_of(person)
    if not may_keep_profile(user, person=person, profile=profile):
        raise Http404("No such profile")
    if record_view and profile is not None:
        audit_record(
            actor=user, verb=Verb.PHILOMENA_PROFILE_VIEWED, target=profile, person_id=person.pk
        )
    return ProfileView(person=person, profile=profile, photograph=current_photograph(profile))


def existing_profile_for_user(*, user, person_id: int, record_view: bool = True) -> ProfileView:
    """As ``profile_get_for_user``, and "not found" when no profile has been started."""
    view = profile_get_for_user(user=user, person_id=person_id, record_view=record_view)
    if view.profile is None:
        raise Http404("No profile yet")
    return view


@dataclass(frozen=True)
class PhotographFile:
    photograph: ProfilePhotograph
    file: BinaryIO


def photograph_file_for_user(*, user, person_id: int) -> PhotographFile:
    """The current photograph's file, opened for ``user``, the view audited with the SHA-256 of
    what is served; "not found" without access or without a photograph."""
    view = profile_get_for_user(user=user, person_id=person_id, record_view=False)
    if view.photograph is None:
        raise Http404("No photograph")
    photograph = view.photograph
    file = photo_storage().open(photograph.stored_name, "rb")
    audit_record(
        actor=user,
        verb=Verb.PHILOMENA_PHOTO_VIEWED,
        target=photograph,
        person_id=view.person.pk,
        changes={"sha256": photograph.sha256},
    )
    return PhotographFile(photograph=photograph, file=file)


@dataclass(frozen=True)
class HomeAddress:
    """The child's current home or placement as one user may see it: a confidential address
    (a placement or safe house) only for users named on it, otherwise who holds it."""

    kind: str
    text: str
    confidential: bool


def current_addresses_for_user(*, user, person: Person) -> list[HomeAddress]:
    # Details added in a case belong to its people section (the door's details_visible_q); a
    # user named on a confidential address sees it wherever it was added.
    addresses = (
        Address.objects.filter(details_visible_q(user) | Q(named_users=user))
        .filter(
            person=person,
            to_date__isnull=True,
            kind__in=(AddressKind.HOME, AddressKind.PLACEMENT, AddressKind.SAFE_HOUSE),
        )
        .distinct()
        .select_related("held_by_team__agency")
        .prefetch_related("named_users")
    )
    shown = []
    for address in addresses:
        named = any(named.pk == user.pk for named in address.named_users.all())
        if address.is_confidential and not named:
            team = address.held_by_team
            text = f"Confidential address held by {team.name}, {team.agency.name}"
        else:
            text = address.one_line
        shown.append(
            HomeAddress(
                kind=address.get_kind_display(),
                text=text,
                confidential=address.is_confidential and not named,
            )
        )
    return shown


def profile_panel_for_user(*, user, person: Person) -> ProfileView | None:
    """What the case page's panel shows (no view recorded: it names no detail of the profile),
    or None for a user who may not keep the profile."""
    profile = profile_of(person)
    if not may_keep_profile(user, person=person, profile=profile):
        return None
    return ProfileView(person=person, profile=profile, photograph=current_photograph(profile))
