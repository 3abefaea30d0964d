"""Haven's people as the matching engine's plain records."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from haven.matching.records import Alias, DobPrecision, Identifier, IdentifierKind, PersonRecord
from haven.people.models import Address, Person


def people_for_matching() -> QuerySet[Person]:
    return (
        Person.objects.filter(merged_into__isnull=True)
        .select_related("recorded_by_agency")
        .prefetch_related(
            "aliases__recorded_by_agency",
            "identifiers",
            "phones",
            Prefetch(
                "addresses",
                # Confidential addresses never feed matching: their postcodes could be echoed
                # in an explanation shown to someone not named on them.
                queryset=Address.objects.filter(is_confidential=False).order_by(
                    "-from_date", "-pk"
                ),
            ),
        )
    )


def record_from_person(person: Person) -> PersonRecord:
    address = next(iter(person.addresses.all()), None)
    return PersonRecord(
        record_id=str(person.pk),
        given_name=person.given_name,
        family_name=person.family_name,
        aliases=tuple(
            Alias(
                given_name=alias.given_name,
                family_name=alias.family_name,
                recorded_by=alias.recorded_by_agency.name,
            )
            for alias in person.aliases.all()
        ),
        date_of_birth=person.date_of_birth,
        dob_precision=DobPrecision(person.dob_precision),
        dob_assigned_by_age_assessment=person.dob_assigned_by_age_assessment,
        gender=person.gender if person.gender != "unknown" else "",
        nationality=tuple(str(code) for code in person.nationalities),
        postcode=address.postcode if address else "",
        address=address.one_line if address else "",
        phones=tuple(phone.number for phone in person.phones.all()),
        identifiers=tuple(
            Identifier(value=i.value, kind=IdentifierKind(i.kind)) for i in person.identifiers.all()
        ),
        recorded_by=person.recorded_by_agency.name,
    )


def records_from_people(people: Iterable[Person]) -> list[PersonRecord]:
    return [record_from_person(person) for person in people]
