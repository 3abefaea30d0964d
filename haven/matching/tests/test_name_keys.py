"""The name keys person search asks (decision 0042) follow every change of a name in the same
transaction: a person recorded or renamed, an alias added or removed, a merge and its reversal
(a merged record's names travel to the survivor). After each change the stored keys are exactly
the keys rebuilt from the names."""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from haven.cases.tests.world import make_child
from haven.matching.models import (
    DuplicateCandidate,
    PersonBlockingKey,
    PersonMatchingRecord,
    PersonNameKey,
    PersonNamePart,
)
from haven.matching.name_keys import name_key_rows, names_of, stored_keys_rows
from haven.matching.people_records import (
    matching_records,
    record_values,
    stored_matching_records,
)
from haven.matching.selectors import name_variant_person_ids, person_search
from haven.matching.services import candidate_agree_merge, duplicates_find, people_unmerge
from haven.matching.stored_keys import NAME_PART_FIELDS
from haven.people.models import Alias, Person, PersonSearchText
from haven.people.selectors import SEARCH_LIMIT
from haven.people.services import (
    address_add,
    alias_add,
    identifier_add,
    person_update,
    phone_add,
)
from haven.people.tests.search_text_rows import rebuilt_search_text, stored_search_text

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


def stored_derived() -> tuple[set, set, dict]:
    """Blocking keys and name parts (decision 0045) and the records possible matches score
    (decision 0049) as stored."""
    return (
        set(PersonBlockingKey.objects.values_list("person_id", "rule", "block_key", "sort_key")),
        set(PersonNamePart.objects.values_list("person_id", *NAME_PART_FIELDS)),
        dict(PersonMatchingRecord.objects.values_list("person_id", "record")),
    )


def rebuilt_derived() -> tuple[set, set, dict]:
    block_rows, part_rows = stored_keys_rows(matching_records())
    return (
        {tuple(row.values()) for row in block_rows},
        {(row["person_id"], *(row[field] for field in NAME_PART_FIELDS)) for row in part_rows},
        {values["id"]: values for values in record_values()},
    )


def assert_keys_current() -> None:
    assert stored_keys() == rebuilt_keys()
    assert stored_derived() == rebuilt_derived()
    # And the people search's text (decision 0047), which follows the same changes.
    assert stored_search_text() == rebuilt_search_text()


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


def test_blocking_keys_follow_each_detail_matching_reads(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    before = stored_derived()
    phone = phone_add(actor=police, person=child, number="07700 900123")
    identifier = identifier_add(
        actor=police, person=child, kind="police_reference", value="01/123456/24"
    )
    address = address_add(
        actor=police,
        person=child,
        line_1="1 Mersey Road",
        town="Widnes",
        postcode="WA8 0AA",
    )
    with_details = stored_derived()
    assert len(with_details[0]) > len(before[0])
    assert_keys_current()
    child.refresh_from_db()
    person_update(
        actor=police, person=child, expected_version=child.version, date_of_birth=date(2012, 2, 3)
    )
    assert stored_derived() != with_details
    assert_keys_current()
    for detail in (phone, identifier, address):
        detail.delete()
        assert_keys_current()


def test_a_change_that_is_not_a_name_leaves_the_keys(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    before = stored_keys(), stored_derived()
    rows = set(PersonBlockingKey.objects.filter(person=child).values_list("pk", flat=True))
    person_update(
        actor=police, person=child, expected_version=child.version, first_language="Arabic"
    )
    assert (stored_keys(), stored_derived()) == before
    # Not even rewritten: a change of a field matching does not read costs it nothing.
    assert set(PersonBlockingKey.objects.filter(person=child).values_list("pk", flat=True)) == rows


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


def test_the_migration_fills_the_blocking_keys_of_people_recorded_before_them(world, pair):
    alias_add(actor=world.police.practitioner, person=pair[0], given_name="Mo", family_name="Aly")
    expected = stored_derived()
    assert expected[0] and expected[1]
    PersonBlockingKey.objects.all().delete()
    PersonNamePart.objects.all().delete()
    migration = importlib.import_module("haven.matching.migrations.0004_stored_blocking_keys")
    migration.fill_stored_keys(apps, None)
    assert stored_derived() == expected


def test_the_migration_fills_the_stored_records_of_people_recorded_before_them(world, pair):
    alias_add(actor=world.police.practitioner, person=pair[0], given_name="Mo", family_name="Aly")
    expected = stored_derived()
    assert len(expected[2]) == 2
    PersonMatchingRecord.objects.all().delete()
    migration = importlib.import_module("haven.matching.migrations.0005_person_matching_records")
    migration.fill_matching_records(apps, None)
    assert stored_derived() == expected


def test_possible_matches_score_the_stored_records_as_read_from_peoples_rows(world, pair):
    # Decision 0049: the lookup reads ``PersonMatchingRecord``; each must be the record
    # ``matching_records`` reads from the person's own rows, agencies named as they are now.
    police = world.police.practitioner
    alias_add(actor=police, person=pair[0], given_name="Mo", family_name="Aly")
    phone_add(actor=police, person=pair[1], number="07700 900123")
    address_add(
        actor=police, person=pair[1], line_1="1 Mersey Road", town="Widnes", postcode="WA8 0AA"
    )
    ids = [person.pk for person in pair]
    assert stored_matching_records(ids) == matching_records(ids)
    assert stored_matching_records(ids)[1].postcode == "WA8 0AA"
    world.police.agency.name = "Cheshire Constabulary"
    world.police.agency.save()
    stored = stored_matching_records(ids)
    assert stored == matching_records(ids)
    assert stored[0].aliases[0].recorded_by == "Cheshire Constabulary"


def test_a_records_nationalities_are_its_country_codes(world):
    # Stored joined by commas: read before as their letters ("G", "B"), so any two British
    # people with any two Bulgarians shared a nationality.
    child = make_child(world.police.practitioner, nationalities=["GB", "ER"])
    (record,) = matching_records([child.pk])
    assert sorted(record.nationality) == ["ER", "GB"]
    assert stored_matching_records([child.pk]) == [record]


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


def test_every_derived_row_is_rebuilt_after_changes_that_bypassed_the_signals(world, pair):
    # ``manage.py refresh_people_derived_rows``: an update in SQL fires no signal, so the
    # derived rows go stale until they are rebuilt, a batch of people at a time.
    alias_add(actor=world.police.practitioner, person=pair[0], given_name="Mo", family_name="Aly")
    Person.objects.filter(pk=pair[1].pk).update(given_name="Zainab", nationalities="ER")
    PersonMatchingRecord.objects.filter(person=pair[0]).delete()
    PersonSearchText.objects.all().delete()
    with pytest.raises(AssertionError):
        assert_keys_current()
    out = io.StringIO()
    call_command("refresh_people_derived_rows", batch=1, stdout=out)
    assert_keys_current()
    assert name_variant_person_ids("Zainab Ali") == [pair[1].pk]
    assert out.getvalue() == (
        "Rows derived from 2 people rebuilt by: matching_keys, search_text.\n"
    )


def test_refreshing_derived_rows_refuses_an_empty_batch():
    with pytest.raises(CommandError, match="--batch must be at least 1"):
        call_command("refresh_people_derived_rows", batch=0)
