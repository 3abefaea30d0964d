"""Guards for the next modules: every foreign key to ``Person`` in any installed model is either
moved by a merge (and back by an unmerge) or deliberately left where it is, so a new module's
rows (a missing episode, an NRM referral) are never orphaned on a merged record.

``movable_relations()`` finds the keys itself; these tests fail, naming the key, if it misses
one, and prove with real rows of every movable relation that a merge and its reversal move them
all.
"""

import pytest
from django.apps import apps

from haven.cases.tests.world import open_case, raise_concern
from haven.core.tests.support import model_factories
from haven.matching.models import PersonMerge
from haven.matching.services import (
    NOT_MOVED,
    candidate_agree_merge,
    movable_relations,
    people_unmerge,
)
from haven.matching.tests.factories import DuplicateCandidateFactory
from haven.people.models import Person


def person_keys() -> set[str]:
    """``app.model.field`` of every concrete foreign key or one-to-one field pointing at
    ``Person``, in every installed model (the tables of many-to-many fields included)."""
    keys = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                continue
            if field.related_model._meta.concrete_model is Person:
                keys.add(f"{model._meta.label_lower}.{field.name}")
    return keys


def moved_keys(movable) -> set[str]:
    return {f"{model._meta.label_lower}.{field}" for _, model, field in movable}


def unhandled(keys: set[str], movable, not_moved: set[str]) -> list[str]:
    """The keys to a person that a merge neither moves nor deliberately leaves."""
    return sorted(keys - moved_keys(movable) - not_moved)


# --- Every key to a person is handled ----------------------------------------------------------


def test_every_key_to_a_person_is_moved_by_a_merge_or_deliberately_not():
    missing = unhandled(person_keys(), movable_relations(), NOT_MOVED)
    assert missing == [], (
        f"Rows of {missing} point at a person, but a merge neither moves them nor leaves them "
        "deliberately: movable_relations() must find them, or NOT_MOVED in "
        "haven/matching/services.py must say why they stay."
    )


def test_every_key_left_behind_exists_and_is_not_also_moved():
    keys, moved = person_keys(), moved_keys(movable_relations())
    assert sorted(NOT_MOVED - keys) == [], "NOT_MOVED names a key that does not exist (a typo?)"
    assert sorted(NOT_MOVED & moved) == []
    assert moved <= keys


def test_each_movable_relation_has_its_own_label():
    labels = [label for label, _, _ in movable_relations()]
    assert len(labels) == len(set(labels))


def test_the_guard_names_a_key_nobody_handles():
    """The guard itself bites: a key left out of the moved relations (or a new module's key
    that nothing handles) is named."""
    movable = movable_relations()
    without_tasks = [relation for relation in movable if relation[0] != "actions.task"]
    assert unhandled(person_keys(), without_tasks, NOT_MOVED) == ["actions.task.person"]
    new_module = person_keys() | {"missing.episode.person"}
    assert unhandled(new_module, movable, NOT_MOVED) == ["missing.episode.person"]


# --- A merge moves a row of every movable relation, and an unmerge moves it back ---------------


def rows_of(person: Person) -> dict[str, list[int]]:
    """The ids of the rows of each movable relation that point at ``person``."""
    return {
        label: sorted(model._base_manager.filter(**{field: person}).values_list("pk", flat=True))
        for label, model, field in movable_relations()
    }


def pointing_at(label: str, ids: list[int]) -> set[int]:
    """The people the rows ``ids`` of relation ``label`` point at."""
    [(model, field)] = [(m, f) for name, m, f in movable_relations() if name == label]
    return set(model._base_manager.filter(pk__in=ids).values_list(f"{field}_id", flat=True))


def give_a_row_of_every_relation(person: Person) -> None:
    """At least one row of every movable relation on ``person``: those the services have not
    made already are made by the model's factory, whatever module the model is in."""
    factories = model_factories()
    for label, model, field in movable_relations():
        if model._base_manager.filter(**{field: person}).exists():
            continue
        if model not in factories:
            pytest.fail(
                f"No factory for {model._meta.label} ({label}): add one to "
                f"{model._meta.app_config.name.replace('.', '/')}/tests/factories.py so the "
                "merge guard can give the merged record a row of it."
            )
        factories[model](**{field: person})


@pytest.mark.django_db
def test_merge_and_unmerge_move_a_row_of_every_movable_relation(world):
    police, halton, warrington = world.police, world.la("halton"), world.la("warrington")
    survivor = open_case(world, area="halton", given_name="Muhammad", family_name="Aly").person
    merged = open_case(world, area="warrington", given_name="Mohamad", family_name="Ali").person
    # Each authority owns one record and must know the other to review the pair: a concern
    # about it waits at its front door.
    raise_concern(police.practitioner, merged, home_area="halton")
    raise_concern(police.practitioner, survivor, home_area="warrington")
    give_a_row_of_every_relation(merged)
    survivor_rows, merged_rows = rows_of(survivor), rows_of(merged)
    assert [label for label, ids in merged_rows.items() if not ids] == []
    candidate = DuplicateCandidateFactory(person_a=survivor, person_b=merged)

    # Both owners agree, Halton (whose case keeps the record) first.
    assert (
        candidate_agree_merge(
            actor=halton.manager,
            candidate=candidate,
            survivor=survivor,
            reason="Same phone, same boy: confirmed with Warrington.",
        )
        is None
    )
    merge = candidate_agree_merge(
        actor=warrington.manager,
        candidate=candidate,
        survivor=survivor,
        reason="Same boy: our record is the duplicate.",
    )

    assert isinstance(merge, PersonMerge)
    assert set(merge.moved) == {label for label, _, _ in movable_relations()}
    assert {label: sorted(ids) for label, ids in merge.moved.items()} == merged_rows
    for label, ids in merged_rows.items():
        assert pointing_at(label, ids) == {survivor.pk}, label
    for label, ids in survivor_rows.items():
        assert pointing_at(label, ids) == ({survivor.pk} if ids else set()), label
    assert all(ids == [] for ids in rows_of(merged).values())

    people_unmerge(actor=halton.manager, merge=merge, reason="Police say these are brothers.")

    for label, ids in merged_rows.items():
        assert pointing_at(label, ids) == {merged.pk}, label
    assert rows_of(merged) == merged_rows
    assert rows_of(survivor) == survivor_rows
    assert Person.objects.get(pk=merged.pk).merged_into_id is None
