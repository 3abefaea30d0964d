"""The name keys person search asks (decision 0042) follow every change of a name in the same
transaction: a person recorded or renamed, an alias added or removed, a merge and its reversal
(a merged record's names travel to the survivor). After each change the stored keys are exactly
the keys rebuilt from the names."""

import importlib

import pytest
from django.apps import apps

from haven.cases.tests.world import make_child
from haven.matching.models import DuplicateCandidate, PersonNameKey
from haven.matching.name_keys import name_key_rows, names_of
from haven.matching.selectors import name_variant_person_ids, person_search
from haven.matching.services import candidate_agree_merge, duplicates_find, people_unmerge
from haven.people.models import Alias, Person
from haven.people.selectors import SEARCH_LIMIT
from haven.people.services import alias_add, person_update

pytestmark = pytest.mark.django_db


def stored_keys() -> set[tuple]:
    return set(PersonNameKey.objects.values_list("person_id", "alias_id", "canonical", "skeleton"))


def rebuilt_keys() -> set[tuple]:
    everyone = Person.objects.values_list("pk", flat=True)
    return {
        (row["person_id"], row["alias_id"], row["canonical"], row["skeleton"])
        for name in names_of(everyone)
        for row in name_key_rows(*name)
    }


def assert_keys_current() -> None:
    assert stored_keys() == rebuilt_keys()


def test_recording_a_person_keys_each_word_of_their_name(world):
    child = make_child(world.police.practitioner, given_name="Muhammad", family_name="Al-Hassan")
    assert set(
        PersonNameKey.objects.filter(person=child).values_list("alias_id", "canonical", "skeleton")
    ) == {(None, "muhammad", "md"), (None, "hassan", "hsn")}
    assert_keys_current()


def test_a_person_recorded_after_a_search_is_found_by_the_next_one(world):
    police = world.police.practitioner
    assert name_variant_person_ids("Mohamed Ali") == []
    child = make_child(police, given_name="Muhammad", family_name="Aly", gender="male")
    assert name_variant_person_ids("Mohamed Ali") == [child.pk]


def test_a_changed_name_is_found_at_once_and_the_old_one_no_longer(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Ibrahim", family_name="Abakar")
    assert name_variant_person_ids("Ebrahim Abakar") == [child.pk]
    person_update(actor=police, person=child, expected_version=child.version, family_name="Idris")
    assert name_variant_person_ids("Ebrahim Abakar") == []
    assert name_variant_person_ids("Ibraheem Idriss") == [child.pk]
    assert_keys_current()


def test_a_change_that_is_not_a_name_leaves_the_keys(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    before = stored_keys()
    person_update(
        actor=police, person=child, expected_version=child.version, first_language="Arabic"
    )
    assert stored_keys() == before


def test_an_alias_added_is_found_and_a_removed_one_is_not(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    alias = alias_add(actor=police, person=child, given_name="Mira", family_name="Hadad")
    assert name_variant_person_ids("Mira Haddad") == [child.pk]
    assert_keys_current()
    Alias.objects.filter(pk=alias.pk).delete()
    assert name_variant_person_ids("Mira Haddad") == []
    assert_keys_current()


def test_words_of_different_names_do_not_combine(world):
    # "Mira" is an alias and "Haddad" the own name: no single name has both words.
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    alias_add(actor=police, person=child, given_name="Mira", family_name="Osman")
    assert name_variant_person_ids("Mira Haddad") == []
    assert name_variant_person_ids("Mira Osman") == [child.pk]


def test_a_merged_records_names_travel_to_the_survivor_and_back(world, pair):
    aly, ali = pair
    alias_add(actor=world.police.practitioner, person=ali, given_name="Hamoudi", family_name="Ali")
    assert name_variant_person_ids("Hamoudi Ali") == [ali.pk]
    duplicates_find()
    candidate = DuplicateCandidate.objects.get()
    reason = "Same phone, same boy: confirmed with police."
    candidate_agree_merge(
        actor=world.police.manager, candidate=candidate, survivor=aly, reason=reason
    )
    merge = candidate_agree_merge(
        actor=world.la("halton").manager, candidate=candidate, survivor=aly, reason=reason
    )
    # The moved alias and the merged record's own name (now an alias) find the survivor only.
    assert name_variant_person_ids("Hamoudi Ali") == [aly.pk]
    assert name_variant_person_ids("Mohamad Ali") == [aly.pk]
    assert not PersonNameKey.objects.filter(person=ali).exists()
    assert_keys_current()

    people_unmerge(actor=world.la("halton").manager, merge=merge, reason="They are brothers.")
    assert name_variant_person_ids("Hamoudi Ali") == [ali.pk]
    assert name_variant_person_ids("Mohamad Ali") == sorted([aly.pk, ali.pk])
    assert_keys_current()


def test_the_migration_fills_the_keys_of_people_recorded_before_them(world, pair):
    expected = stored_keys()
    PersonNameKey.objects.all().delete()
    migration = importlib.import_module("haven.matching.migrations.0003_person_name_keys")
    migration.fill_name_keys(apps, None)
    assert stored_keys() == expected


def test_a_common_names_variants_are_cut_at_the_search_limit_in_name_order(world):
    # Found only as spelling variants ("Mohamed" is not in "Muhammad"): loaded no further
    # than the search shows.
    police = world.police.practitioner
    children = [
        make_child(police, given_name="Muhammad", family_name="Aly", gender="male")
        for _ in range(SEARCH_LIMIT + 2)
    ]
    found = person_search(user=police, query="Mohamed Ali")
    assert [r.person.pk for r in found] == [child.pk for child in children[:SEARCH_LIMIT]]
