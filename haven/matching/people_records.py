"""Haven's people as the matching engine's plain records.

Read as plain values, five queries whatever the number of people, never as model instances:
the duplicate job reads everyone. Each person's values are also stored whole in
``PersonMatchingRecord`` when they change, so a possible-matches lookup reads the few hundred
records it scores from one table by primary key (decisions 0045 and 0049)."""

from collections.abc import Iterable
from datetime import date

from django.apps import apps as installed_apps
from django.db.models import F

from haven.core.lookups import AnyOf
from haven.matching.records import Alias, DobPrecision, Identifier, IdentifierKind, PersonRecord


def record_values(person_ids: Iterable[int] | None = None, *, apps=None) -> list[dict]:
    """What matching reads of these people (everyone when None) that are not merged into
    another, by id, as JSON values: agencies by id, so renaming one changes no stored record.
    ``apps`` gives the models (a migration's historical ones); the installed by default."""
    models = apps or installed_apps
    Person = models.get_model("people", "Person")
    people = Person._base_manager.filter(merged_into__isnull=True).order_by("pk")
    # Details of a merged record are not read: they moved to the survivor with the merge.
    details = {"person__merged_into__isnull": True}
    if person_ids is not None:
        ids = list(person_ids)
        people = people.filter(pk__in=ids)
        # A merged one among these has no record made: its details need no join to skip.
        details = {"person_id__in": ids}

    def of(model: str, *fields: str, **only) -> dict[int, list[list]]:
        Detail = models.get_model("people", model)
        by_person: dict[int, list[list]] = {}
        # The model's own ordering: the order a person's page lists them in.
        for person, *values in (
            Detail._base_manager.filter(**details, **only)
            .order_by(*Detail._meta.ordering)
            .values_list("person_id", *fields)
        ):
            by_person.setdefault(person, []).append(values)
        return by_person

    aliases = of("Alias", "given_name", "family_name", "recorded_by_agency")
    identifiers = of("Identifier", "kind", "value")
    phones = of("Phone", "number")
    # Confidential addresses never feed matching: their postcodes could be echoed in an
    # explanation shown to someone not named on them. The latest address is the one compared.
    addresses = of("Address", "line_1", "line_2", "town", "postcode", is_confidential=False)
    return [
        {
            "id": pk,
            "given": given,
            "family": family,
            "born": born.isoformat() if born else None,
            "precision": precision,
            "assessed": assessed,
            "gender": gender,
            # A multiple ``CountryField`` reads as stored: the codes joined by commas.
            "nationalities": [code for code in nationalities.split(",") if code],
            "agency": agency,
            "aliases": aliases.get(pk, []),
            "identifiers": identifiers.get(pk, []),
            "phones": [number for (number,) in phones.get(pk, ())],
            "address": addresses.get(pk, [None])[0],
        }
        for pk, given, family, born, precision, assessed, gender, nationalities, agency in (
            people.values_list(
                "pk",
                "given_name",
                "family_name",
                "date_of_birth",
                "dob_precision",
                "dob_assigned_by_age_assessment",
                "gender",
                "nationalities",
                "recorded_by_agency",
            )
        )
    ]


def agency_names(*, apps=None) -> dict[int, str]:
    Agency = (apps or installed_apps).get_model("accounts", "Agency")
    return dict(Agency._base_manager.values_list("pk", "name"))


def record_from_values(values: dict, agencies: dict[int, str]) -> PersonRecord:
    """The engine's record of one person's ``record_values``, agencies named by ``agencies``."""
    address = values["address"]
    return PersonRecord(
        record_id=str(values["id"]),
        given_name=values["given"],
        family_name=values["family"],
        aliases=tuple(
            Alias(given_name=given, family_name=family, recorded_by=agencies.get(agency, ""))
            for given, family, agency in values["aliases"]
        ),
        date_of_birth=date.fromisoformat(values["born"]) if values["born"] else None,
        dob_precision=DobPrecision(values["precision"]),
        dob_assigned_by_age_assessment=values["assessed"],
        gender=values["gender"] if values["gender"] != "unknown" else "",
        nationality=tuple(values["nationalities"]),
        postcode=address[3] if address else "",
        address=", ".join(part for part in address if part) if address else "",
        phones=tuple(values["phones"]),
        identifiers=tuple(
            Identifier(value=value, kind=IdentifierKind(kind))
            for kind, value in values["identifiers"]
        ),
        recorded_by=agencies.get(values["agency"], ""),
    )


def matching_records(person_ids: Iterable[int] | None = None, *, apps=None) -> list[PersonRecord]:
    """The records of these people (everyone when None) that are not merged into another,
    by id, read from their own rows."""
    agencies = agency_names(apps=apps)
    return [record_from_values(values, agencies) for values in record_values(person_ids, apps=apps)]


def stored_matching_records(
    person_ids: Iterable[int], *, agencies: dict[int, str] | None = None
) -> list[PersonRecord]:
    """``matching_records`` of these people as stored when they last changed: one query by
    primary key (and one for the agencies' names unless given)."""
    PersonMatchingRecord = installed_apps.get_model("matching", "PersonMatchingRecord")
    stored = (
        PersonMatchingRecord.objects.filter(AnyOf(F("person_id"), list(person_ids)))
        .order_by("person_id")
        .values_list("record", flat=True)
    )
    agencies = agency_names() if agencies is None else agencies
    return [record_from_values(values, agencies) for values in stored]
