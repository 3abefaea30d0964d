"""The text person search reads one stored row per person (decision 0047): every name they are
known by and their identifiers. After every change the stored rows are exactly the rows
rebuilt from the records, and a search finds what it found when it read the names, aliases
and identifiers themselves: a part of any one name, a whole identifier, a date or a year of
birth; never words joined across two names, nor a part of an identifier."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.tests.world import DEMO_DAY, make_child
from haven.people.models import Alias, Identifier, Person, PersonSearchText
from haven.people.search_text import (
    SEPARATOR,
    identifier_token,
    identifiers_text,
    names_text,
)
from haven.people.selectors import _search, search_text_matches
from haven.people.services import alias_add, identifier_add, person_update
from haven.people.signals import person_changed
from haven.people.tests.search_text_rows import rebuilt_search_text, stored_search_text

words = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=12)


def test_names_are_upper_cased_and_joined_by_spaces_own_name_first():
    assert names_text([("Amira", "Haddad"), ("", "Osman"), ("Mira", "")]) == (
        "AMIRA HADDAD OSMAN MIRA"
    )
    assert names_text([("", "")]) == ""


def test_each_identifier_stands_between_separators():
    assert identifiers_text(["CC-2026-000111", "", "4857773456"]) == (
        f"{SEPARATOR}CC-2026-000111{SEPARATOR}4857773456{SEPARATOR}"
    )
    assert identifiers_text([]) == ""
    assert identifier_token("cc-1") == f"{SEPARATOR}CC-1{SEPARATOR}"
    assert identifier_token("") is None
    assert identifier_token(f"A{SEPARATOR}B") is None


@given(names=st.lists(st.tuples(words, words), min_size=1, max_size=4), word=words)
def test_a_word_is_in_the_names_text_exactly_when_it_is_part_of_one_name(names, word):
    in_one = any(word.upper() in part.upper() for pair in names for part in pair)
    assert (word.upper() in names_text(names)) == in_one


@given(values=st.lists(words, max_size=4), word=words)
def test_an_identifier_is_found_only_whole(values, word):
    found = identifier_token(word) in identifiers_text(values)
    assert found == (word.upper() in {value.upper() for value in values})


pytestmark_db = pytest.mark.django_db
# The tests below record children born on fixed days: a clock that stands still keeps them
# children, whatever day the suite runs.
pytestmark = pytest.mark.time_machine(DEMO_DAY)


def texts() -> set[tuple]:
    """The names and identifiers each stored row holds."""
    return set(PersonSearchText.objects.values_list("person_id", "names", "identifiers"))


def found(query: str) -> list[int]:
    return sorted(search_text_matches(query=query).values_list("pk", flat=True))


@pytestmark_db
def test_the_search_text_follows_every_change_of_a_name_or_identifier(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    assert stored_search_text() == rebuilt_search_text()
    assert texts() == {(child.pk, "AMIRA HADDAD", "")}
    alias = alias_add(actor=police, person=child, given_name="Mira", family_name="Osman")
    reference = identifier_add(
        actor=police, person=child, kind="police_reference", value="cc-2026-000111"
    )
    assert stored_search_text() == rebuilt_search_text()
    assert found("Osman") == found("CC-2026-000111") == [child.pk]
    child.refresh_from_db()
    person_update(actor=police, person=child, expected_version=child.version, family_name="Idris")
    assert stored_search_text() == rebuilt_search_text()
    assert found("Idris") == [child.pk] and found("Haddad") == []
    alias.delete()
    reference.delete()
    assert stored_search_text() == rebuilt_search_text()
    assert texts() == {(child.pk, "AMIRA IDRIS", "")}
    assert found("Osman") == found("CC-2026-000111") == []


@pytestmark_db
def test_the_search_text_follows_the_date_of_birth_and_a_merge(world):
    """The row holds what the search filters and orders by (decision 0056): it follows a
    change of the date of birth, and a merge (saved as the merge saves it) or its reversal."""
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    other = make_child(police, given_name="Amira", family_name="Hadad")
    person_update(
        actor=police, person=child, expected_version=child.version, date_of_birth="2011-04-02"
    )
    assert stored_search_text() == rebuilt_search_text()
    assert found("amira 02/04/2011") == [child.pk]
    other.merged_into = child
    other.save(update_fields=["merged_into"])
    assert stored_search_text() == rebuilt_search_text()
    assert PersonSearchText.objects.get(person=other).merged is True
    assert found("amira") == [child.pk]
    Person.objects.filter(pk=other.pk).update(merged_into=None)
    person_changed.send(sender=Person, person_ids=[child.pk, other.pk])
    assert stored_search_text() == rebuilt_search_text()
    assert found("amira") == sorted([child.pk, other.pk])


@pytestmark_db
def test_a_change_of_another_field_leaves_the_row(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    PersonSearchText.objects.filter(person=child).update(names="AS STORED")
    person_update(
        actor=police, person=child, expected_version=child.version, first_language="Arabic"
    )
    assert PersonSearchText.objects.get(person=child).names == "AS STORED"


@pytestmark_db
def test_a_search_finds_parts_of_names_whole_identifiers_and_dates(world):
    police = world.police.practitioner
    amira = make_child(
        police, given_name="Amira", family_name="Haddad", date_of_birth=date(2011, 4, 2)
    )
    alias_add(actor=police, person=amira, given_name="Mira", family_name="Osman")
    identifier_add(actor=police, person=amira, kind="nhs_number", value="943 476 5919")
    other = make_child(
        police, given_name="Hadi", family_name="Amir", date_of_birth=date(2012, 1, 1)
    )
    assert found("amir") == sorted([amira.pk, other.pk])
    assert found("amir 2011") == [amira.pk]
    assert found("amir 02/04/2011") == [amira.pk]
    assert found("mira osman") == [amira.pk]
    # Words of the own name and an alias both count, as before: each word is in some name.
    assert found("haddad osman") == [amira.pk]
    # An NHS number is found whole, in the forms people type it; never a part of it.
    assert found("9434765919") == found("943-476-5919") == [amira.pk]
    assert found("9434765") == []
    # Words never join across two names.
    assert found("ahaddad") == found("amirahaddad") == []
    # A merged record is found through its survivor only.
    other.merged_into = amira
    other.save(update_fields=["merged_into"])
    assert found("hadi") == []


@pytestmark_db
def test_the_migration_fills_the_rows_of_people_recorded_before_them(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Amira", family_name="Haddad")
    alias_add(actor=police, person=child, given_name="Mira", family_name="Osman")
    identifier_add(actor=police, person=child, kind="police_reference", value="CC-1")
    expected = stored_search_text()
    assert Alias.objects.exists() and Identifier.objects.exists()
    PersonSearchText.objects.all().delete()
    migration = importlib.import_module("haven.people.migrations.0005_person_search_text")
    migration._fill(apps, None)
    assert stored_search_text() == expected


@pytestmark_db
def test_the_migration_gives_stored_rows_their_persons_name_date_and_merged_state(world):
    """Rows stored before decision 0056 take the rest from their person in one statement."""
    police = world.police.practitioner
    child = make_child(
        police, given_name="Amira", family_name="Haddad", date_of_birth=date(2011, 4, 2)
    )
    merged = make_child(police, given_name="Mira", family_name="Hadad")
    merged.merged_into = child
    merged.save(update_fields=["merged_into"])
    expected = stored_search_text()
    PersonSearchText.objects.update(given_name="", family_name="", date_of_birth=None, merged=False)
    assert stored_search_text() != expected
    migration = importlib.import_module(
        "haven.people.migrations.0006_search_text_sort_name_and_state"
    )
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert stored_search_text() == expected


@pytestmark_db
def test_a_search_reads_the_search_text_alone(world):
    """Decision 0056: the rows matching a search, with their dates and names to order them,
    come from one table with no join, however many terms the query has."""
    police = world.police.practitioner
    child = make_child(
        police, given_name="Amira", family_name="Haddad", date_of_birth=date(2011, 4, 2)
    )
    with CaptureQueriesContext(connection) as queries:
        matches = _search("amira haddad 2011 02/04/2011")
    assert [p.pk for p in matches.first] == [child.pk]
    matching = [q["sql"] for q in queries if "people_personsearchtext" in q["sql"]]
    assert matching and all("JOIN" not in sql.upper() for sql in matching)


@pytestmark_db
@pytest.mark.parametrize("sorted_here", [1000, 3])
def test_the_first_matches_in_name_order_whoever_orders_them(world, monkeypatch, sorted_here):
    """A few thousand matches are put in name order here, more by the database: the same
    people either way, in the same order."""
    monkeypatch.setattr("haven.people.selectors.SORTED_HERE", sorted_here)
    police = world.police.practitioner
    for first_name, family in [
        ("Zara", "Amir"),
        ("Adam", "Amir"),
        ("Omar", "Amirov"),
        ("Amira", ""),
    ]:
        make_child(police, given_name=first_name, family_name=family)
    for n in range(30):
        make_child(police, given_name=f"Amir{n:02d}", family_name="Zed")
    matches = _search("amir")
    first = matches.first
    assert len(first) == 25
    # Every match's id when they were all read and ordered here.
    assert len(matches.ids) == (34 if sorted_here == 1000 else 25)
    assert [(p.family_name, p.given_name) for p in first[:4]] == [
        ("", "Amira"),
        ("Amir", "Adam"),
        ("Amir", "Zara"),
        ("Amirov", "Omar"),
    ]
    assert [p.given_name for p in first[4:]] == [f"Amir{n:02d}" for n in range(21)]
