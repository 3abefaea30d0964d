"""Haven's people as the matching engine's plain records.

Read as plain values, five queries whatever the number of people, never as model instances:
a possible-matches lookup reads a few hundred records per keystroke pause and the duplicate
job reads everyone (decision 0045)."""

from collections.abc import Iterable

from django.apps import apps as installed_apps

from haven.matching.records import Alias, DobPrecision, Identifier, IdentifierKind, PersonRecord


def matching_records(person_ids: Iterable[int] | None = None, *, apps=None) -> list[PersonRecord]:
    """The records of these people (everyone when None) that are not merged into another,
    by id. ``apps`` gives the models (a migration's historical ones); the installed by
    default."""
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

    def of(model: str, *fields: str, **only) -> dict[int, list[tuple]]:
        Detail = models.get_model("people", model)
        by_person: dict[int, list[tuple]] = {}
        # The model's own ordering: the order a person's page lists them in.
        for person, *values in (
            Detail._base_manager.filter(**details, **only)
            .order_by(*Detail._meta.ordering)
            .values_list("person_id", *fields)
        ):
            by_person.setdefault(person, []).append(tuple(values))
        return by_person

    aliases = of("Alias", "given_name", "family_name", "recorded_by_agency__name")
    identifiers = of("Identifier", "kind", "value")
    phones = of("Phone", "number")
    # Confidential addresses never feed matching: their postcodes could be echoed in an
    # explanation shown to someone not named on them. The latest address is the one compared.
    addresses = of("Address", "line_1", "line_2", "town", "postcode", is_confidential=False)
    records = []
    for (
        pk,
        given,
        family,
        born,
        precision,
        assessed,
        gender,
        nationalities,
        agency,
    ) in people.values_list(
        "pk",
        "given_name",
        "family_name",
        "date_of_birth",
        "dob_precision",
        "dob_assigned_by_age_assessment",
        "gender",
        "nationalities",
        "recorded_by_agency__name",
    ):
        address = addresses.get(pk, [()])[0]
        records.append(
            PersonRecord(
                record_id=str(pk),
                given_name=given,
                family_name=family,
                aliases=tuple(
                    Alias(given_name=alias_given, family_name=alias_family, recorded_by=by)
                    for alias_given, alias_family, by in aliases.get(pk, ())
                ),
                date_of_birth=born,
                dob_precision=DobPrecision(precision),
                dob_assigned_by_age_assessment=assessed,
                gender=gender if gender != "unknown" else "",
                nationality=tuple(str(code) for code in nationalities),
                postcode=address[3] if address else "",
                address=", ".join(part for part in address if part),
                phones=tuple(number for (number,) in phones.get(pk, ())),
                identifiers=tuple(
                    Identifier(value=value, kind=IdentifierKind(kind))
                    for kind, value in identifiers.get(pk, ())
                ),
                recorded_by=agency,
            )
        )
    return records
