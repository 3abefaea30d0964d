"""Practitioner trial point 6: person search uses the same name matching as live matching, so
"Mohamed Ali" finds "Muhammad Aly" and a transliterated alias is found, with "known to" answers
for records the searcher cannot see."""

import pytest

from haven.cases.tests.world import date_of_birth_for_age, make_child
from haven.matching.models import PersonNameKey
from haven.matching.selectors import _stored_spellings, name_variant_person_ids, person_search
from haven.people.services import alias_add

pytestmark = pytest.mark.django_db


def test_search_finds_a_spelling_variant_of_the_name(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Muhammad", family_name="Aly", gender="male")
    [result] = person_search(user=police, query="Mohamed Ali")
    assert result.visible and result.person.pk == child.pk


def test_search_finds_a_transliterated_alias(world):
    police = world.police.practitioner
    child = make_child(police, given_name="Ibrahim", family_name="Abakar", gender="male")
    alias_add(actor=police, person=child, given_name="Ebrahim", family_name="Abbakar")
    assert name_variant_person_ids("Ibraheem Abakar") == [child.pk]
    assert [r.person.pk for r in person_search(user=police, query="Ibraheem Abakar")] == [child.pk]


def test_a_variant_of_a_hidden_record_is_only_known_to(world):
    police = world.police.practitioner
    make_child(police, given_name="Muhammad", family_name="Aly", gender="male")
    [result] = person_search(user=world.la("halton").practitioner, query="Mohamed Ali")
    assert not result.visible and result.person is None
    assert result.known_to.agency == world.police.agency.name


def test_variant_matches_keep_to_the_date_searched_for(world):
    police = world.police.practitioner
    born = date_of_birth_for_age(15)
    child = make_child(police, given_name="Muhammad", family_name="Aly", date_of_birth=born)
    on_the_day = person_search(user=police, query=f"Mohamed Ali {born:%d/%m/%Y}")
    assert [r.person.pk for r in on_the_day] == [child.pk]
    assert person_search(user=police, query=f"Mohamed Ali {born.year - 3}") == []


def test_stepping_a_date_with_a_variant_name_learns_nothing_about_a_hidden_child(world):
    police = world.police.practitioner
    born = date_of_birth_for_age(15)
    make_child(police, given_name="Muhammad", family_name="Aly", date_of_birth=born)
    halton = world.la("halton").practitioner
    answers = {
        len(person_search(user=halton, query=f"Mohamed Ali {day:02d}/{born.month:02d}/{born.year}"))
        for day in (1, 2, born.day)
    }
    assert answers == {1}


def test_names_that_only_share_letters_are_not_matched(world):
    make_child(world.police.practitioner, given_name="Amira", family_name="Haddad")
    assert name_variant_person_ids("Omar Hadid") == []


def test_each_stored_spelling_of_a_skeleton_is_read_once(world):
    """The spellings of the query's skeletons are read by skipping along the (skeleton,
    canonical) index: every distinct spelling, however many names share it, and none of a
    skeleton not asked for."""
    police = world.police.practitioner
    for family in ("Jones", "Jones", "Jones", "Yohannes", "Jonas"):
        make_child(police, given_name="Sam", family_name=family)
    wanted = ["yns", "sm", "ns", "zzz"]
    expected = set(
        PersonNameKey.objects.filter(skeleton__in=wanted).values_list("skeleton", "canonical")
    )
    assert {("yns", "jones"), ("yns", "yohannes"), ("sm", "sam")} <= expected
    read = _stored_spellings(wanted)
    assert len(read) == len(set(read))
    assert set(read) == expected
    assert _stored_spellings(["zzz"]) == []


def test_the_words_must_be_in_one_name_not_spread_over_two(world):
    """A given name from the child's own name and a family name from an alias are two names,
    not one: the name keys are joined name by name (the own name's alias is empty)."""
    police = world.police.practitioner
    child = make_child(police, given_name="Ibrahim", family_name="Abakar", gender="male")
    alias_add(actor=police, person=child, given_name="Yusuf", family_name="Idris")
    assert name_variant_person_ids("Ibraheem Idriss") == []
    assert name_variant_person_ids("Yousef Idriss") == [child.pk]
    assert name_variant_person_ids("Ibraheem Abakar") == [child.pk]
    assert name_variant_person_ids("Abakar") == [child.pk]
