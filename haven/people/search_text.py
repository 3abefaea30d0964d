"""The text person search reads (decision 0047): one row per person with every name they are
known by (their own and each alias) and their identifiers, so each word of a search is one
indexed condition on one table rather than a union over three. The row also holds the own
name, date of birth and merged state, so the search never joins the people (decision 0056).

Names are upper-cased and joined by spaces: a search word holds no space, so it matches the
text exactly when it is part of one of the names. Identifiers are kept apart, each between
separators, so a word finds an identifier only when it is the whole identifier (never a part
of one, as before)."""

from collections.abc import Iterable

from django.apps import apps as installed_apps

from haven.people.models import PersonSearchText

SEPARATOR = "\x1f"
# Fields of a person the search text holds (a change naming only others changes nothing).
SEARCHED_FIELDS = frozenset({"given_name", "family_name", "date_of_birth", "merged_into"})


def names_text(names: Iterable[tuple[str, str]]) -> str:
    """Every non-empty part of the (given, family) names, upper-cased, in order."""
    return " ".join(part.upper() for pair in names for part in pair if part)


def identifiers_text(values: Iterable[str]) -> str:
    """The identifiers' values, each between separators (empty when there are none)."""
    values = [value.upper() for value in values if value]
    return f"{SEPARATOR}{SEPARATOR.join(values)}{SEPARATOR}" if values else ""


def identifier_token(value: str) -> str | None:
    """What ``identifiers_text`` holds for an identifier ``value``: found as a whole only. A
    value with a separator in it can be no identifier (None)."""
    if not value or SEPARATOR in value:
        return None
    return f"{SEPARATOR}{value.upper()}{SEPARATOR}"


def search_text_rows(person_ids: Iterable[int], *, apps=None) -> list:
    """The rows of these people as their records stand now (none for an id not recorded).
    ``apps`` gives the models (a migration's historical ones); the installed by default."""
    models = apps or installed_apps
    ids = set(person_ids)
    people = {
        pk: (given, family, born, merged_into is not None)
        for pk, given, family, born, merged_into in models.get_model("people", "Person")
        .objects.filter(pk__in=ids)
        .values_list("pk", "given_name", "family_name", "date_of_birth", "merged_into")
    }
    names: dict[int, list[tuple[str, str]]] = {
        pk: [(given, family)] for pk, (given, family, _born, _merged) in people.items()
    }
    for person_id, given, family in (
        models.get_model("people", "Alias")
        .objects.filter(person_id__in=names)
        .order_by("pk")
        .values_list("person_id", "given_name", "family_name")
    ):
        names[person_id].append((given, family))
    values: dict[int, list[str]] = {}
    for person_id, value in (
        models.get_model("people", "Identifier")
        .objects.filter(person_id__in=names)
        .order_by("pk")
        .values_list("person_id", "value")
    ):
        values.setdefault(person_id, []).append(value)
    row = models.get_model("people", "PersonSearchText")
    # A migration's historical model may hold fewer of the fields than the installed one.
    held = {field.attname for field in row._meta.concrete_fields}
    rows = []
    for pk, person_names in names.items():
        given, family, born, merged = people[pk]
        values_of_row = {
            "person_id": pk,
            "names": names_text(person_names),
            "identifiers": identifiers_text(values.get(pk, ())),
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "merged": merged,
        }
        rows.append(row(**{name: v for name, v in values_of_row.items() if name in held}))
    return rows


def search_text_refresh(person_ids: Iterable[int]) -> None:
    """Rebuild these people's rows from their records as stored now."""
    ids = set(person_ids)
    PersonSearchText.objects.filter(person_id__in=ids).delete()
    PersonSearchText.objects.bulk_create(search_text_rows(ids))
