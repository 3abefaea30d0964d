"""Rows derived from people's records that matching reads instead of everyone's records,
kept current in the same transaction as the change:

- name keys (``PersonNameKey``): every word of every name and alias, so person search finds
  spelling variants with indexed lookups (decision 0042);
- blocking keys and name parts (``PersonBlockingKey``, ``PersonNamePart``): the blocks a
  record is in and its names as counted, so possible matches are found and weighed in the
  database (decision 0045, ``stored_keys``);
- the record itself (``PersonMatchingRecord``), which possible matches score (decision 0049).

``keys_refresh`` follows people through ``people.signals.follow_people`` (connected in
``apps``): saving a person, an alias, an identifier, a phone or an address, deleting any of the
last four, a versioned change of a person and a merge and its reversal (``person_changed``)."""

from collections.abc import Iterable

from haven.matching.models import (
    PersonBlockingKey,
    PersonMatchingRecord,
    PersonNameKey,
    PersonNamePart,
)
from haven.matching.normalise import canonical_token, consonant_skeleton, name_tokens
from haven.matching.people_records import agency_names, record_from_values, record_values
from haven.matching.records import PersonRecord
from haven.matching.stored_keys import blocking_key_rows, name_part_rows
from haven.people.models import Alias, Person

# Saved fields of a person that matching reads (a save naming only others changes nothing).
MATCHED_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "merged_into",
        "date_of_birth",
        "dob_precision",
        "dob_assigned_by_age_assessment",
        "gender",
        "nationalities",
    }
)


def word_keys(name: str) -> list[tuple[str, str]]:
    """(canonical spelling, consonant skeleton) of each name word of ``name``."""
    keys = []
    for token in name_tokens(name):
        canonical = canonical_token(token)
        keys.append((canonical, consonant_skeleton(canonical)))
    return keys


def name_key_rows(person_id: int, alias_id: int | None, given: str, family: str) -> list[dict]:
    """The ``PersonNameKey`` fields of one name, each word once."""
    return [
        {"person_id": person_id, "alias_id": alias_id, "canonical": canonical, "skeleton": skeleton}
        for canonical, skeleton in dict.fromkeys(word_keys(f"{given} {family}"))
    ]


def names_of(person_ids: Iterable[int]) -> list[tuple[int, int | None, str, str]]:
    """(person, alias or None, given, family) of every name of these people that is not merged
    into another: their own names and their aliases."""
    ids = list(person_ids)
    own = (
        Person.objects.filter(pk__in=ids, merged_into__isnull=True)
        .order_by()
        .values_list("pk", "given_name", "family_name")
    )
    aliases = (
        Alias.objects.filter(person_id__in=ids, person__merged_into__isnull=True)
        .order_by()
        .values_list("person_id", "pk", "given_name", "family_name")
    )
    return [(pk, None, given, family) for pk, given, family in own] + list(aliases)


def stored_keys_rows(records: list[PersonRecord]) -> tuple[list[dict], list[dict]]:
    """(``PersonBlockingKey``, ``PersonNamePart``) fields of these people's records
    (``people_records.matching_records``)."""
    blocking = blocking_key_rows(records)
    block_rows = [
        {
            "person_id": int(records[record].record_id),
            "rule": rule,
            "block_key": key,
            "sort_key": sort,
        }
        for record, rule, key, sort in zip(
            blocking.records.tolist(),
            blocking.rules.tolist(),
            blocking.keys.tolist(),
            blocking.sort_keys.tolist(),
            strict=True,
        )
    ]
    part_rows = [
        {"person_id": int(record.record_id), **part}
        for record in records
        for part in name_part_rows(record)
    ]
    return block_rows, part_rows


def keys_refresh(person_ids: Iterable[int]) -> None:
    """Rebuild every row matching derives from these people's records as stored now."""
    ids = set(person_ids)
    PersonNameKey.objects.filter(person_id__in=ids).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(**row) for name in names_of(ids) for row in name_key_rows(*name)
    )
    # A record merged into another has none: its names travel to the survivor as aliases.
    values = record_values(ids)
    agencies = agency_names()
    block_rows, part_rows = stored_keys_rows([record_from_values(v, agencies) for v in values])
    PersonMatchingRecord.objects.filter(person_id__in=ids).delete()
    PersonMatchingRecord.objects.bulk_create(
        PersonMatchingRecord(person_id=v["id"], record=v) for v in values
    )
    PersonBlockingKey.objects.filter(person_id__in=ids).delete()
    PersonBlockingKey.objects.bulk_create(PersonBlockingKey(**row) for row in block_rows)
    PersonNamePart.objects.filter(person_id__in=ids).delete()
    PersonNamePart.objects.bulk_create(PersonNamePart(**row) for row in part_rows)
