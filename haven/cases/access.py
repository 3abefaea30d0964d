"""Need-to-know access to cases, concerns and people, and to every record attached to a case:
the one access door. Every selector asks it; views, serializers and template tags never decide.

- The lead authority sees the whole case.
- An agency or team a case is shared with sees the shared sections until the share expires or
  is revoked.
- A break-glass user sees the whole case for a limited time.
- The agency that raised a concern sees that concern and its outcome.
- A front door sees the concerns about children of its area.
- A transfer of a case is seen by the authority that leads the case, the authority that asked
  for it, and the managers of the team asked to take it over (who see the case itself only
  once they accept).
- An auditor reads, never changes, the cases in the sample of a case audit of theirs while it
  is open (decision 0032); completing the audit ends it.
- Everyone else gets "not found". Only roles that work cases (practitioners and managers) get
  case content at all, and auditors the cases they are auditing; administrators and strategic
  leads never do.
"""

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from haven.accounts import roles
from haven.accounts.models import AgencyType
from haven.case_audits.models import AuditStatus, SampledCase
from haven.cases.models import (
    BreakGlassAccess,
    BreakGlassStatus,
    Case,
    CaseSection,
    CaseShare,
    CaseTransfer,
    Concern,
)
from haven.core.limits import ID_MAX
from haven.core.lookups import AnyOf
from haven.people.models import Person

ALL_SECTIONS = frozenset(CaseSection.values)


class Via(StrEnum):
    """How a user sees a case."""

    LEAD = "lead"
    SHARE = "share"
    BREAK_GLASS = "break_glass"
    AUDIT = "audit"


@dataclass(frozen=True)
class CaseAccess:
    via: Via
    sections: frozenset[str]

    @property
    def full(self) -> bool:
        """The whole case: the lead authority, or break-glass."""
        return self.via in (Via.LEAD, Via.BREAK_GLASS)

    @property
    def leads(self) -> bool:
        """The lead authority: the only one that closes, shares, overrides or schedules."""
        return self.via == Via.LEAD

    @property
    def read_only(self) -> bool:
        """An auditor reading a sampled case: they see it to grade it and change nothing."""
        return self.via == Via.AUDIT

    def can_see(self, section: str) -> bool:
        return section in self.sections

    def can_change(self, section: str) -> bool:
        """Add to ``section`` (a note, a document): whoever sees it, unless only to audit it."""
        return not self.read_only and self.can_see(section)


def can_work_cases(user) -> bool:
    return user.is_authenticated and user.has_role_permission(roles.WORK_CASES)


def active_shares_for(user, *, at=None) -> QuerySet[CaseShare]:
    at = at or timezone.now()
    return CaseShare.objects.filter(
        Q(team__isnull=True, agency_id=user.agency_id)
        | Q(team_id=user.team_id, team__isnull=False),
        revoked_at__isnull=True,
        expires_at__gt=at,
    )


def active_break_glass_for(user, *, at=None) -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.filter(
        user=user, status=BreakGlassStatus.GRANTED, expires_at__gt=at or timezone.now()
    )


# --- Break-glass: who may, and the references that "known to" answers give --------------------


def may_break_glass(user) -> bool:
    """An emergency power of those with out-of-hours safeguarding duty: practitioners and
    managers (the role permission) of the configured agency types (default: local authorities,
    emergency duty teams and the police)."""
    agency = getattr(user, "agency", None)
    return (
        user.is_authenticated
        and user.has_role_permission(roles.BREAK_GLASS)
        and agency is not None
        and agency.agency_type in settings.HAVEN_BREAK_GLASS_AGENCY_TYPES
    )


_HOUR = 3600
_REFERENCE = re.compile(r"^HVN-(\d{6,})-([0-9A-Z]{1,8})-([A-Z2-7]{12})$")


def _reference_code(user_id: int, case_id: int, stamp: str) -> str:
    digest = salted_hmac(
        "haven.cases.break-glass-reference", f"{user_id}:{case_id}:{stamp}", algorithm="sha256"
    ).digest()
    return base64.b32encode(digest).decode()[:12]


def break_glass_reference(user, case: Case, *, at=None) -> str:
    """The reference a "known to" answer gives ``user`` for ``case``: the case reference, when
    it was issued and a code only Haven can make for this user and this case. Break-glass
    accepts it for ``HAVEN_BREAK_GLASS_REFERENCE_HOURS``; a case reference alone (they are
    sequential) is not enough, and a reference passed to someone else does not work for them."""
    hours = int((at or timezone.now()).timestamp()) // _HOUR
    stamp = _base36(hours)
    return f"{case.reference}-{stamp}-{_reference_code(user.pk, case.pk, stamp)}"


def break_glass_reference_case_id(user, reference: str, *, at=None) -> int | None:
    """The case a reference opens for ``user``, or None (malformed, someone else's, expired)."""
    match = _REFERENCE.match("".join(reference.split()).upper())
    if match is None:
        return None
    case_id, stamp, code = int(match.group(1)), match.group(2), match.group(3)
    if not constant_time_compare(code, _reference_code(user.pk, case_id, stamp)):
        return None
    age_hours = int((at or timezone.now()).timestamp()) // _HOUR - int(stamp, 36)
    if not 0 <= age_hours < settings.HAVEN_BREAK_GLASS_REFERENCE_HOURS:
        return None
    return case_id


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if number == 0:
            return text


def may_audit_cases(user) -> bool:
    return user.is_authenticated and user.has_role_permission(roles.AUDIT_CASES)


def _audited_case_ids(user, case_ids) -> set[int]:
    return set(
        SampledCase.objects.filter(
            audit__auditor=user, audit__status=AuditStatus.OPEN, case_id__in=case_ids
        ).values_list("case_id", flat=True)
    )


def case_accesses(user, cases, *, at=None) -> dict[int, CaseAccess]:
    """How ``user`` may see each of ``cases`` (absent: not at all), in two queries whatever
    the number of cases: lead authority first, then break-glass, then shares. An auditor (who
    never works cases) reads the cases of their open audits' samples, read-only."""
    if may_audit_cases(user) and not can_work_cases(user):
        audited = _audited_case_ids(user, [case.pk for case in cases])
        return {
            case.pk: CaseAccess(via=Via.AUDIT, sections=ALL_SECTIONS)
            for case in cases
            if case.pk in audited
        }
    if not can_work_cases(user) or user.agency_id is None:
        return {}
    # The lead authority needs no lookup; others are checked for break-glass and shares.
    ids = [case.pk for case in cases if case.lead_agency_id != user.agency_id]
    glass: set[int] = set()
    shared: dict[int, set[str]] = {}
    if ids:
        glass = set(
            active_break_glass_for(user, at=at)
            .filter(case_id__in=ids)
            .values_list("case_id", flat=True)
        )
        grants = active_shares_for(user, at=at).filter(case_id__in=ids)
        for grant in grants.only("case_id", "sections"):
            shared.setdefault(grant.case_id, set()).update(grant.sections)
    accesses = {}
    for case in cases:
        if case.lead_agency_id == user.agency_id:
            accesses[case.pk] = CaseAccess(via=Via.LEAD, sections=ALL_SECTIONS)
        elif case.pk in glass:
            accesses[case.pk] = CaseAccess(via=Via.BREAK_GLASS, sections=ALL_SECTIONS)
        elif shared.get(case.pk):
            accesses[case.pk] = CaseAccess(
                via=Via.SHARE, sections=frozenset(shared[case.pk]) & ALL_SECTIONS
            )
    return accesses


def case_access(user, case: Case, *, at=None) -> CaseAccess | None:
    """How ``user`` may see ``case``, or None."""
    return case_accesses(user, [case], at=at).get(case.pk)


def cases_visible_to(user, *, at=None) -> QuerySet[Case]:
    if not can_work_cases(user) or user.agency_id is None:
        return Case.objects.none()
    at = at or timezone.now()
    shared = active_shares_for(user, at=at).values("case_id")
    glass = active_break_glass_for(user, at=at).values("case_id")
    return Case.objects.filter(
        Q(lead_agency_id=user.agency_id) | Q(pk__in=shared) | Q(pk__in=glass)
    )


def cases_with_section_visible_to(user, section: str, *, at=None) -> QuerySet[Case]:
    """Cases whose ``section`` the user may see, as ``case_accesses`` decides one by one: the
    lead authority's, those broken into, and those shared with that section. For a list
    counted in the database."""
    if not can_work_cases(user) or user.agency_id is None:
        return Case.objects.none()
    at = at or timezone.now()
    return Case.objects.filter(
        Q(lead_agency_id=user.agency_id)
        | Q(pk__in=active_break_glass_for(user, at=at).values("case_id"))
        | Q(pk__in=_shared_case_ids(user, section, at=at))
    )


def transfers_visible_to(user) -> QuerySet[CaseTransfer]:
    """Transfers of the cases the user's authority leads or asked to transfer, and those asking
    the user's team to take a case over when the user may decide (a manager of that team): the
    request names the child, so the receiving team's other members learn of it only when the
    case is theirs."""
    if not can_work_cases(user) or user.agency_id is None:
        return CaseTransfer.objects.none()
    visible = Q(case__lead_agency_id=user.agency_id) | Q(from_agency_id=user.agency_id)
    if user.team_id is not None and user.has_role_permission(roles.ALLOCATE_CASES):
        visible |= Q(to_team_id=user.team_id)
    return CaseTransfer.objects.filter(visible)


def is_front_door_for(user, area_code: str) -> bool:
    agency = user.agency
    return (
        user.is_authenticated
        and user.has_role_permission(roles.DECIDE_FRONT_DOOR)
        and agency is not None
        and agency.agency_type == AgencyType.LOCAL_AUTHORITY
        and agency.area_code == area_code
    )


def concerns_visible_to(user, *, at=None) -> QuerySet[Concern]:
    """Concerns the user's agency raised, concerns at their front door, and concerns in cases
    they may see the chronology of."""
    if not user.is_authenticated or user.agency_id is None:
        return Concern.objects.none()
    if not (
        user.has_role_permission(roles.RAISE_CONCERN) or user.has_role_permission(roles.WORK_CASES)
    ):
        return Concern.objects.none()
    visible = Q(raised_by_agency_id=user.agency_id)
    agency = user.agency
    if (
        user.has_role_permission(roles.DECIDE_FRONT_DOOR)
        and agency.agency_type == AgencyType.LOCAL_AUTHORITY
        and agency.area_code
    ):
        visible |= Q(home_area=agency.area_code, case__isnull=True)
    if can_work_cases(user):
        at = at or timezone.now()
        visible |= (
            Q(case__lead_agency_id=user.agency_id)
            | Q(case_id__in=active_break_glass_for(user, at=at).values("case_id"))
            | Q(case_id__in=_shared_case_ids(user, CaseSection.CHRONOLOGY, at=at))
        )
    return Concern.objects.filter(visible)


def _row_ids(values: Iterable) -> list[int]:
    """The values that can be a row's id: anything else (not a number, beyond 64 bits, where the
    database driver would overflow) is no one's."""
    ids = []
    for value in values:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 1 <= number <= ID_MAX:
            ids.append(number)
    return ids


def people_visible_to(user, *, at=None, among: Iterable[int] | None = None) -> QuerySet[Person]:
    """People the user's agency recorded, and people in cases whose people section (or the
    whole case) the user may see. ``among``: only these people's ids are asked about (a page,
    a search's results). It is what makes asking about a few cheap at national size: the cases
    read are theirs, not every case the user's agency leads."""
    if not can_work_cases(user) and not user.has_role_permission(roles.RAISE_CONCERN):
        return Person.objects.none()
    if user.agency_id is None:
        return Person.objects.none()
    ids = None if among is None else _row_ids(among)
    visible = Q(recorded_by_agency_id=user.agency_id)
    if can_work_cases(user):
        at = at or timezone.now()
        people_shares = _shared_case_ids(user, CaseSection.PEOPLE, at=at)
        glass = active_break_glass_for(user, at=at).values("case_id")
        cases = (
            Case.objects.all() if ids is None else Case.objects.filter(AnyOf(F("person_id"), ids))
        )
        case_people = cases.filter(
            Q(lead_agency_id=user.agency_id) | Q(pk__in=people_shares) | Q(pk__in=glass)
        ).values("person_id")
        visible |= Q(pk__in=case_people)
    people = Person.objects.filter(visible, merged_into__isnull=True)
    return people if ids is None else people.filter(AnyOf(F("pk"), ids))


def visible_person_ids(user, among: Iterable[int], *, at=None) -> set[int]:
    """Which of ``among`` (people's ids) ``user`` may see: ``people_visible_to`` asked only
    for ids, unordered (a set needs no sort by name)."""
    return set(people_visible_to(user, at=at, among=among).order_by().values_list("pk", flat=True))


def agencies_seeing_people(*, person_ids, case_person_ids=None, at=None) -> set[int]:
    """Agencies whose users may see a record made of ``person_ids`` (the agencies that recorded
    them) holding the cases of ``case_person_ids`` (default: the same people): each case's lead
    authority and the agencies its people section is shared with. Merging asks this of the
    records before and of the merged record after, so a merge never widens access."""
    at = at or timezone.now()
    case_person_ids = person_ids if case_person_ids is None else case_person_ids
    agencies = set(
        Person.objects.filter(pk__in=person_ids).values_list("recorded_by_agency_id", flat=True)
    )
    cases = Case.objects.filter(person_id__in=case_person_ids)
    agencies.update(cases.values_list("lead_agency_id", flat=True))
    shares = CaseShare.objects.filter(
        case__in=cases, revoked_at__isnull=True, expires_at__gt=at
    ).only("agency_id", "sections")
    agencies.update(share.agency_id for share in shares if CaseSection.PEOPLE in share.sections)
    return agencies


def case_of_details(user, person: Person) -> Case | None:
    """The case in whose context ``user`` adds to ``person``'s record: none when their agency
    recorded the person (it is its own record), else the case about the person they lead (the
    newest) or have broken glass into."""
    if person.recorded_by_agency_id == user.agency_id:
        return None
    cases = Case.objects.filter(person=person).order_by("-opened_at", "-pk")
    return (
        cases.filter(lead_agency_id=user.agency_id).first()
        or cases.filter(pk__in=active_break_glass_for(user).values("case_id")).first()
    )


def details_visible_q(user, *, at=None) -> Q:
    """Which details of a person's record ``user`` sees: those added outside any case, those
    their own agency added, and those added in a case whose people section they may see
    (leading it, break-glass, a share of that section)."""
    at = at or timezone.now()
    people_sections = Case.objects.filter(
        Q(lead_agency_id=user.agency_id)
        | Q(pk__in=active_break_glass_for(user, at=at).values("case_id"))
        | Q(pk__in=_shared_case_ids(user, CaseSection.PEOPLE, at=at))
    ).values("pk")
    return (
        Q(case__isnull=True)
        | Q(recorded_by_agency_id=user.agency_id)
        | Q(case_id__in=people_sections)
    )


def person_editable_by(user, person: Person) -> bool:
    """A person's core details are changed by the agency that recorded them or by an authority
    leading (or breaking glass into) a case about them, not by agencies a case is shared with."""
    if not can_work_cases(user) or user.agency_id is None:
        return False
    if person.recorded_by_agency_id == user.agency_id:
        return True
    cases = Case.objects.filter(person=person)
    return (
        cases.filter(lead_agency_id=user.agency_id).exists()
        or cases.filter(pk__in=active_break_glass_for(user).values("case_id")).exists()
    )


def _shared_case_ids(user, section: str, *, at) -> list[int]:
    # Sections are a short JSON list; filtering them in Python works on SQLite and PostgreSQL.
    return [
        share.case_id
        for share in active_shares_for(user, at=at).only("case_id", "sections")
        if section in share.sections
    ]


# --- Records attached to a case: tasks, screenings, meetings, and the modules to come ---------


def may_see_record(
    user,
    *,
    section: str,
    case: Case | None = None,
    concern: Concern | None = None,
    owner_team_id: int | None = None,
    at=None,
) -> bool:
    """May ``user`` see a record of ``section`` attached to ``case`` (and, before it joined a
    case, to ``concern``)? Yes for whoever may see that section of the case (lead authority,
    break-glass, a share of that section); for a concern's records, the agency that raised it
    and the front door of the child's home area; for a record a team owns (a task), that team.
    Roles that do not work cases or raise concerns never see case content, except an auditor
    the cases of their open audit's sample (read-only: ``may_change_record``)."""
    if not user.is_authenticated or user.agency_id is None:
        return False
    if owner_team_id is not None and can_work_cases(user) and owner_team_id == user.team_id:
        return True
    if case is not None:
        access = case_access(user, case, at=at)
        if access is not None and access.can_see(section):
            return True
    if concern is not None and (
        user.has_role_permission(roles.RAISE_CONCERN) or can_work_cases(user)
    ):
        return concern.raised_by_agency_id == user.agency_id or is_front_door_for(
            user, concern.home_area
        )
    return False


def may_change_record(user, *, section: str, case: Case | None = None, **where) -> bool:
    """``may_see_record``, for adding to or changing a record: never on read-only access (an
    auditor reading a sampled case)."""
    if case is not None:
        access = case_access(user, case, at=where.get("at"))
        if access is not None and access.read_only:
            return False
    return may_see_record(user, section=section, case=case, **where)


def require_record(user, **where) -> None:
    """``may_see_record`` or "not found", exactly as for a record that does not exist."""
    if not may_see_record(user, **where):
        raise Http404("Not found")


def may_see_suspects(user, case: Case, *, at=None) -> bool:
    """Who an investigation on ``case`` suspects (names, links to their records) is for the
    police and the lead authority (and break-glass, which sees the whole case); an agency the
    case is shared with learns it only when the share names both the investigation and the
    people sections. Others who see the investigation see that there are suspects, not who."""
    access = case_access(user, case, at=at)
    if access is None or not access.can_see(CaseSection.INVESTIGATION):
        return False
    if access.full or user.agency.agency_type == AgencyType.POLICE:
        return True
    return access.can_see(CaseSection.PEOPLE)


def agencies_seeing_section(case: Case, section: str, *, at=None) -> set[int]:
    """The agencies whose users may see ``section`` of ``case`` as a matter of course: the lead
    authority and the agencies with a live share of that section (break-glass is personal and
    short, so it is not counted). The NRM page names the First Responders among them."""
    at = at or timezone.now()
    shares = CaseShare.objects.filter(case=case, revoked_at__isnull=True, expires_at__gt=at).only(
        "agency_id", "sections"
    )
    return {case.lead_agency_id} | {
        share.agency_id for share in shares if section in share.sections
    }
