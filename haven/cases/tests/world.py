"""A small partnership for tests: the four authorities with front doors, the police, a health
trust and a school, with one practitioner and one manager each, plus the roles with no case
content. ``build_world()`` returns it; each test gets a fresh one."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from haven.accounts.models import AgencyType, Area, Role, TeamFunction, User
from haven.accounts.tests.factories import AgencyFactory, TeamFactory, UserFactory
from haven.cases.models import Case, Concern
from haven.cases.services import case_share_create
from haven.people.models import Person
from haven.people.services import address_add, person_create
from haven.screening.models import ScreeningTrigger
from haven.workflows.concern_raised import concern_raise
from haven.workflows.front_door import concern_decide
from haven.workflows.new_information import circumstance_record

# The demo data set (haven/demo/data/) writes its dates of birth as on 24 November 2026 (the
# loader's DEMO_AGES_ON) and moves them to keep each person's age whatever day it is loaded. Tests
# that check its exact dates travel to that day: ``@pytest.mark.time_machine(DEMO_DAY)``.
# Tuesday 24 November 2026, 10:00 in London (GMT), as screening's tests use.
DEMO_DAY = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@dataclass
class AgencyUsers:
    agency: object
    team: object
    practitioner: User
    manager: User
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    authorities: dict[str, AgencyUsers]
    police: AgencyUsers
    health: AgencyUsers
    school: AgencyUsers
    admin: User
    strategic_lead: User
    auditor: User

    def la(self, area: str) -> AgencyUsers:
        return self.authorities[area]


def _agency_users(agency, team_name: str, function: str) -> AgencyUsers:
    team = TeamFactory(agency=agency, name=team_name, function=function)
    slug = agency.slug
    return AgencyUsers(
        agency=agency,
        team=team,
        practitioner=UserFactory(
            email=f"practitioner@{slug}.test",
            full_name=f"Practitioner {agency.name}",
            agency=agency,
            team=team,
        ),
        manager=UserFactory(
            email=f"manager@{slug}.test",
            full_name=f"Manager {agency.name}",
            agency=agency,
            team=team,
            role=Role.MANAGER,
        ),
    )


def build_world() -> World:
    authorities = {}
    for area in Area:
        agency = AgencyFactory(
            name=f"{area.label} children's social care",
            slug=area.value.replace("_", "-"),
            agency_type=AgencyType.LOCAL_AUTHORITY,
            area_code=area.value,
            is_first_responder=True,
            email=f"csc@{area.value}.test",
        )
        authorities[area.value] = _agency_users(
            agency, f"{area.label} front door (MASH)", TeamFunction.FRONT_DOOR
        )
    police = _agency_users(
        AgencyFactory(
            name="Cheshire Constabulary",
            slug="cheshire-constabulary",
            agency_type=AgencyType.POLICE,
            is_first_responder=True,
        ),
        "Child exploitation unit",
        TeamFunction.CSE_UNIT,
    )
    health = _agency_users(
        AgencyFactory(name="Health trust", slug="health", agency_type=AgencyType.HEALTH),
        "Safeguarding children team",
        TeamFunction.SAFEGUARDING,
    )
    school = _agency_users(
        AgencyFactory(
            name="Bridgewater Park High School",
            slug="school",
            agency_type=AgencyType.EDUCATION,
            area_code="warrington",
        ),
        "Designated safeguarding lead",
        TeamFunction.SAFEGUARDING,
    )
    warrington = authorities["warrington"].agency
    return World(
        authorities=authorities,
        police=police,
        health=health,
        school=school,
        admin=UserFactory(email="admin@warrington.test", agency=warrington, role=Role.ADMIN),
        strategic_lead=UserFactory(
            email="lead@warrington.test", agency=warrington, role=Role.STRATEGIC_LEAD
        ),
        auditor=UserFactory(email="auditor@warrington.test", agency=warrington, role=Role.AUDITOR),
    )


def date_of_birth_for_age(age: int, *, month: int | None = None, day: int | None = None) -> date:
    """A date of birth that makes a person ``age`` today: the London date by the clock the test
    runs at (the real one, ``HAVEN_TEST_NOW``'s, or the test's own time-machine travel), so a
    child stays a child whenever the suite runs.

    Without ``month`` and ``day`` the last birthday was 100 days ago, so the age holds all day and
    is not near a birthday (never 29 February). With them (1 January for a date of birth assigned
    by an age assessment), the year is the one that makes that birthday give ``age`` today.
    """
    today = timezone.localdate()
    if (month is None) != (day is None):
        raise ValueError("give both month and day, or neither")
    if month is None:
        last_birthday = today - timedelta(days=100)
        if (last_birthday.month, last_birthday.day) == (2, 29):
            last_birthday -= timedelta(days=1)  # most years have no 29 February
        month, day = last_birthday.month, last_birthday.day
    year = today.year - age - ((month, day) > (today.month, today.day))
    return date(year, month, day)


def make_child(actor, **fields) -> Person:
    """A child (by default Amira Haddad, 14 today) recorded by ``actor``."""
    defaults = {
        "given_name": "Amira",
        "family_name": "Haddad",
        "date_of_birth": date_of_birth_for_age(14),
        "dob_precision": "exact",
        "gender": "female",
        "nationalities": ["GB"],
        "first_language": "English",
    }
    return person_create(actor=actor, **{**defaults, **fields})


def raise_concern(actor, person, **fields) -> Concern:
    defaults = {
        "description": "Seen getting into a taxi arranged by an unrelated adult after school.",
        "occurred_at": timezone.now() - timedelta(hours=2),
        "home_area": "warrington",
        "location": "Warrington bus station",
        "indicator_codes": ["ind.transport_arranged_by_adult", "ind.sexual_activity_with_adults"],
    }
    return concern_raise(actor=actor, person=person, **{**defaults, **fields})


def open_case(world: World, area: str = "warrington", **child_fields) -> Case:
    """A child known via a police concern, accepted into a case by the area's front door."""
    child = make_child(world.police.practitioner, **child_fields)
    concern = raise_concern(world.police.practitioner, child, home_area=area)
    concern = concern_decide(actor=world.la(area).manager, concern=concern, decision="accept")
    return concern.case


def share(world: World, case: Case, with_users: AgencyUsers, sections, days=30):
    return case_share_create(
        actor=world.la(case.lead_agency.area_code).manager,
        case=case,
        agency=with_users.agency,
        sections=list(sections),
        reason="School needs to support the child's safety plan.",
        lawful_basis="safeguarding_children",
        expires_at=timezone.now() + timedelta(days=days),
    )


def learn(actor, case: Case, name: str, value, *, trigger=ScreeningTrigger.NEW_INFORMATION):
    """``actor`` records a new fact about the child's situation (a ``Circumstance``) on
    ``case``, which is re-screened at once: newly required actions become tasks."""
    return circumstance_record(
        actor=actor, case=case, name=name, value=value, rescreen_trigger=trigger
    )


def hide_placement(authority: AgencyUsers, person: Person, line_1: str, *, named_users, **fields):
    """A confidential placement address of ``person``, recorded by the authority's manager and
    held by its team: shown only to ``named_users``."""
    return address_add(
        actor=authority.manager,
        person=person,
        kind="placement",
        line_1=line_1,
        is_confidential=True,
        held_by_team=authority.team,
        named_users=list(named_users),
        **fields,
    )
