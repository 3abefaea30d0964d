"""A small partnership for tests: the four authorities with front doors, the police, a health
trust and a school, with one practitioner and one manager each, plus the roles with no case
content. ``build_world()`` returns it; each test gets a fresh one."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from haven.accounts.models import AgencyType, Area, Role, TeamFunction, User
from haven.accounts.tests.factories import AgencyFactory, TeamFactory, UserFactory
from haven.cases.models import Case, Concern
from haven.cases.services import case_share_create, concern_decide, concern_raise
from haven.people.models import Person
from haven.people.services import person_create


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


def make_child(actor, **fields) -> Person:
    defaults = {
        "given_name": "Amira",
        "family_name": "Haddad",
        "date_of_birth": date(2012, 3, 4),
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
