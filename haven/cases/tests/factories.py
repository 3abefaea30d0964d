"""Factories for concerns, cases, case notes, shares and transfers: rows a test needs to exist.

They write no audit trail, chronology, screening or task. A test that depends on those goes
through the workflows and services instead (``raise_concern``, ``open_case`` and ``share`` in
``haven.cases.tests.world``). Every date is relative to the clock the test runs at.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from haven.accounts.models import AgencyType, Area, Role, TeamFunction
from haven.accounts.tests.factories import (
    AgencyFactory,
    LocalAuthorityFactory,
    TeamFactory,
    UserFactory,
)
from haven.cases.models import (
    Case,
    CaseNote,
    CaseSection,
    CaseShare,
    CaseStatus,
    CaseTransfer,
    Concern,
    ConcernStatus,
    LawfulBasis,
    Sensitivity,
)
from haven.core.working_days import add_working_days
from haven.people.tests.factories import PersonFactory


def front_door_team(agency):
    """The authority's front door team (``build_world`` makes one), or a new one."""
    return agency.teams.filter(function=TeamFunction.FRONT_DOOR).first() or TeamFactory(
        agency=agency, name=f"{agency.name} front door", function=TeamFunction.FRONT_DOOR
    )


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case, opened an hour ago, led by Warrington's front door (the authority of the
    ``world`` fixture when there is one)."""

    class Meta:
        model = Case

    class Params:
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            closed_at=factory.LazyFunction(timezone.now),
            closed_reason="Safety plan in place; no further involvement needed.",
        )

    person = factory.SubFactory(PersonFactory)
    lead_agency = factory.SubFactory(LocalAuthorityFactory, area_code=Area.WARRINGTON)
    lead_team = factory.LazyAttribute(lambda o: front_door_team(o.lead_agency))
    status = CaseStatus.OPEN
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern about a child raised two hours ago by a police officer, waiting at Warrington's
    front door with its one-working-day clock."""

    class Meta:
        model = Concern

    class Params:
        accepted = factory.Trait(
            status=ConcernStatus.ACCEPTED,
            case=factory.SubFactory(CaseFactory, person=factory.SelfAttribute("..person")),
            decided_at=factory.LazyFunction(timezone.now),
            decided_by=factory.SubFactory(
                UserFactory,
                agency=factory.SelfAttribute("..case.lead_agency"),
                team=factory.SelfAttribute("..case.lead_team"),
                role=Role.MANAGER,
            ),
        )

    person = factory.SubFactory(PersonFactory)
    raised_by = factory.SubFactory(
        UserFactory, agency=factory.SubFactory(AgencyFactory, agency_type=AgencyType.POLICE)
    )
    raised_by_agency = factory.SelfAttribute("raised_by.agency")
    raised_by_team = factory.SelfAttribute("raised_by.team")
    description = "Seen getting into a taxi arranged by an unrelated adult after school."
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    location = "Warrington bus station"
    indicator_codes = factory.LazyFunction(
        lambda: ["ind.sexual_activity_with_adults", "ind.transport_arranged_by_adult"]
    )
    home_area = Area.WARRINGTON
    status = ConcernStatus.AWAITING_DECISION
    referred_at = factory.LazyAttribute(lambda o: o.occurred_at + timedelta(minutes=30))
    decision_due_at = factory.LazyAttribute(lambda o: add_working_days(start=o.referred_at, days=1))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    """A standard note written an hour ago by a practitioner of the lead authority."""

    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    author = factory.SubFactory(
        UserFactory,
        agency=factory.SelfAttribute("..case.lead_agency"),
        team=factory.SelfAttribute("..case.lead_team"),
    )
    agency = factory.SelfAttribute("author.agency")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    text = factory.Sequence(lambda n: f"Visited school ({n}).")
    sensitivity = Sensitivity.STANDARD


class CaseShareFactory(factory.django.DjangoModelFactory):
    """The chronology and notes shared with a school for 30 days from now, granted by a manager
    of the lead authority."""

    class Meta:
        model = CaseShare

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory, agency_type=AgencyType.EDUCATION)
    sections = factory.LazyFunction(lambda: [CaseSection.CHRONOLOGY, CaseSection.NOTES])
    reason = "School needs to support the child's safety plan."
    lawful_basis = LawfulBasis.SAFEGUARDING
    granted_by = factory.SubFactory(
        UserFactory,
        agency=factory.SelfAttribute("..case.lead_agency"),
        team=factory.SelfAttribute("..case.lead_team"),
        role=Role.MANAGER,
    )
    granted_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.granted_at + timedelta(days=30))


class CaseTransferFactory(factory.django.DjangoModelFactory):
    """A transfer asked for an hour ago by a manager of the case's lead team, to another
    authority's front door, waiting for its decision."""

    class Meta:
        model = CaseTransfer

    case = factory.SubFactory(CaseFactory)
    from_agency = factory.SelfAttribute("case.lead_agency")
    from_team = factory.SelfAttribute("case.lead_team")
    to_agency = factory.SubFactory(LocalAuthorityFactory, area_code=Area.HALTON)
    to_team = factory.LazyAttribute(lambda o: front_door_team(o.to_agency))
    reason = "The child has moved to Runcorn to live with her aunt."
    requested_by = factory.SubFactory(
        UserFactory,
        agency=factory.SelfAttribute("..case.lead_agency"),
        team=factory.SelfAttribute("..case.lead_team"),
        role=Role.MANAGER,
    )
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
