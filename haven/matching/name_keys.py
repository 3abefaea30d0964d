"""Name keys: every word of every name and alias, as name matching compares words, kept in
``PersonNameKey`` so person search finds spelling variants with indexed lookups instead of
reading every name (decision 0042).

The keys change with the names, in the same transaction: saving a person or an alias
(``post_save``), a versioned change of a person's names (``people.signals.names_changed``), a
merge and its reversal (``services``, whose moves bypass ``save``). Deleting an alias deletes
its keys (``on_delete=CASCADE``)."""

from collections.abc import Iterable

from haven.matching.models import PersonNameKey
from haven.matching.normalise import canonical_token, consonant_skeleton, name_tokens
from haven.people.models import Alias, Person

# Changes to a person that change which names match: their own name, or merging.
NAME_FIELDS = frozenset({"given_name", "family_name", "merged_into"})


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


def name_keys_refresh(person_ids: Iterable[int]) -> None:
    """Rebuild the name keys of these people from their names as stored now."""
    ids = set(person_ids)
    PersonNameKey.objects.filter(person_id__in=ids).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(**row) for name in names_of(ids) for row in name_key_rows(*name)
    )


def person_saved(sender, instance: Person, update_fields=None, **kwargs) -> None:
    if update_fields is None or NAME_FIELDS & set(update_fields):
        name_keys_refresh([instance.pk])


def alias_saved(sender, instance: Alias, **kwargs) -> None:
    name_keys_refresh([instance.person_id])


def names_changed(sender, person_ids: Iterable[int], **kwargs) -> None:
    name_keys_refresh(person_ids)
