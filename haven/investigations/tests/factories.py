"""A police investigation on a case, opened today by the force, and a suspect in it. No audit
trail, chronology or access checks: a test that depends on those opens one through
``haven.investigations.services``."""

import factory
from django.utils import timezone

from haven.accounts.models import AgencyType
from haven.accounts.tests.factories import AgencyFactory, UserFactory
from haven.cases.tests.factories import CaseFactory
from haven.investigations.models import Investigation, Suspect, VictimStatement
from haven.people.models import PersonKind
from haven.people.tests.factories import PersonFactory


class InvestigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investigation

    case = factory.SubFactory(CaseFactory)
    officer_in_charge = "DC Sam Ward"
    offences = ["msa2015_s2"]
    victim_statement = VictimStatement.NOT_GIVEN
    opened_on = factory.LazyFunction(timezone.localdate)
    agency = factory.SubFactory(
        AgencyFactory, agency_type=AgencyType.POLICE, slug="cheshire-constabulary"
    )
    created_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))


class SuspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suspect

    investigation = factory.SubFactory(InvestigationFactory)
    person = factory.SubFactory(PersonFactory, kind=PersonKind.ADULT_OF_CONCERN)
    added_by = factory.SelfAttribute("investigation.created_by")
