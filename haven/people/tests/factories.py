"""Factories for people and what agencies know them by: rows a test needs to exist.

A test that depends on what recording a person does (the audit trail, the checks of
``person_create`` and the small ``*_add`` services) goes through the services instead. Dates
are relative to the clock the test runs at: a child made here is a child whatever the day.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from haven.accounts.tests.factories import AgencyFactory, UserFactory
from haven.cases.tests.world import date_of_birth_for_age
from haven.people.models import (
    Address,
    AddressKind,
    Alias,
    DobPrecision,
    Gender,
    Identifier,
    IdentifierKind,
    Person,
    PersonKind,
    Phone,
    Relationship,
    RelationshipKind,
)

GIVEN_NAMES = ("Amira", "Bilal", "Chloe", "Dawit", "Ewa", "Farah", "Georgi", "Hana")
FAMILY_NAMES = ("Haddad", "Nouri", "Okafor", "Popescu", "Quinn", "Rahimi", "Shala", "Tran")


def born(age: int, days_since_birthday: int) -> date:
    """A date of birth that makes a person ``age`` today, their last birthday that many days
    ago (at least 100, under 300: never near a birthday, never 29 February)."""
    day = date_of_birth_for_age(age) - timedelta(days=days_since_birthday - 100)
    return day - timedelta(days=1) if (day.month, day.day) == (2, 29) else day


class PersonFactory(factory.django.DjangoModelFactory):
    """A child of 14 today, recorded by a new agency. Names and birthdays vary (a birthday 100
    to 299 days ago, never near one), so two made here are unlikely to look like one child."""

    class Meta:
        model = Person

    class Params:
        age = 14
        days_since_birthday = factory.Sequence(lambda n: 100 + (n * 37) % 200)
        adult = factory.Trait(
            kind=PersonKind.ADULT_OF_CONCERN, age=34, gender=Gender.MALE, first_language=""
        )

    kind = PersonKind.CHILD
    given_name = factory.Sequence(lambda n: GIVEN_NAMES[n % len(GIVEN_NAMES)])
    family_name = factory.Sequence(
        lambda n: FAMILY_NAMES[(n // len(GIVEN_NAMES)) % len(FAMILY_NAMES)]
    )
    date_of_birth = factory.LazyAttribute(lambda o: born(o.age, o.days_since_birthday))
    dob_precision = DobPrecision.EXACT
    gender = Gender.FEMALE
    nationalities = factory.LazyFunction(lambda: ["GB"])
    first_language = "English"
    recorded_by_agency = factory.SubFactory(AgencyFactory)


class DetailFactory(factory.django.DjangoModelFactory):
    """Something an agency knows a person by, recorded by the agency that recorded them."""

    class Meta:
        abstract = True

    person = factory.SubFactory(PersonFactory)
    recorded_by_agency = factory.SelfAttribute("person.recorded_by_agency")


class AliasFactory(DetailFactory):
    class Meta:
        model = Alias

    given_name = factory.Sequence(lambda n: f"Alias{n}")
    family_name = factory.SelfAttribute("person.family_name")
    note = "street name"


class IdentifierFactory(DetailFactory):
    """A police reference, different each time (NHS numbers and UPNs carry check digits)."""

    class Meta:
        model = Identifier

    kind = IdentifierKind.POLICE_REFERENCE
    value = factory.Sequence(lambda n: f"CC-TEST-{n:06d}")


class AddressFactory(DetailFactory):
    """A home address lived at since a year ago."""

    class Meta:
        model = Address

    kind = AddressKind.HOME
    line_1 = factory.Sequence(lambda n: f"{n + 1} Bridge Street")
    town = "Warrington"
    postcode = "WA1 1AA"
    from_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class PhoneFactory(DetailFactory):
    class Meta:
        model = Phone

    number = factory.Sequence(lambda n: f"07700 9{n % 100000:05d}")


class RelationshipFactory(factory.django.DjangoModelFactory):
    """``person`` is the parent of ``other`` (a new child), recorded by someone of the agency
    that recorded ``person``."""

    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory, adult=True, kind=PersonKind.PARENT_OR_CARER)
    other = factory.SubFactory(PersonFactory)
    kind = RelationshipKind.PARENT
    recorded_by = factory.SubFactory(
        UserFactory, agency=factory.SelfAttribute("..person.recorded_by_agency")
    )
    recorded_by_agency = factory.SelfAttribute("recorded_by.agency")
