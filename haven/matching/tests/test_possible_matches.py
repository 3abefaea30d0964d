"""Possible matches while recording a person: found despite spelling and uncertain dates, and
shown with their evidence only to users who may see the record."""

import pytest

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import date_of_birth_for_age, make_child, open_case
from haven.people.services import alias_add, phone_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def aly(world):
    """Muhammad Aly, 16, born 1 January (assigned by an age assessment), known to Halton."""
    case = open_case(
        world,
        area="halton",
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=date_of_birth_for_age(16, month=1, day=1),
        dob_assigned_by_age_assessment=True,
        nationalities=["SD"],
        gender="male",
    )
    alias_add(
        actor=world.police.practitioner, person=case.person, given_name="Mo", family_name="Ali"
    )
    phone_add(actor=world.la("halton").practitioner, person=case.person, number="07700 900123")
    return case.person


def ask(verified_api_client, user, **body):
    response = verified_api_client(user).post(
        "/api/v1/people/possible-matches/", body, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_unseen_record_is_only_possibly_known_to_its_holder(world, aly, verified_api_client):
    results = ask(
        verified_api_client,
        world.health.practitioner,
        given_name="Mohamad",
        family_name="Ali",
        birth_year=aly.date_of_birth.year,
    )
    assert results, "the transliterated name and year should find Muhammad Aly"
    first = results[0]
    assert first == {
        "visible": False,
        "known_to": first["known_to"],
        "message": first["message"],
    }
    assert first["message"].startswith("Possibly known to Halton children's social care")
    body = str(results)
    assert "Muhammad" not in body and "Aly" not in body and str(aly.date_of_birth.year) not in body


def test_visible_record_comes_with_why(world, aly, verified_api_client):
    results = ask(
        verified_api_client,
        world.la("halton").practitioner,
        given_name="Mo",
        family_name="Ali",
        phones=["07700900123"],
    )
    match = results[0]
    assert match["visible"] is True
    assert match["person_id"] == aly.pk
    why = " ".join(match["why"]).lower()
    assert "alias 'mo ali' recorded by cheshire constabulary" in why
    assert "phone" in why


def test_lookup_is_audited_and_unrelated_names_do_not_match(world, aly, verified_api_client):
    make_child(world.police.practitioner, given_name="Chloe", family_name="Brennan")
    results = ask(
        verified_api_client, world.health.practitioner, given_name="Chloe", family_name="Brennan"
    )
    assert all("Halton" not in r["message"] for r in results)
    assert AuditEvent.objects.filter(
        actor=world.health.practitioner,
        verb=Verb.SEARCHED,
        reason="Possible matches while recording a person",
    ).exists()


def test_bad_input_is_refused(world, verified_api_client):
    response = verified_api_client(world.health.practitioner).post(
        "/api/v1/people/possible-matches/", {"birth_year": 1200, "gender": "x"}, format="json"
    )
    assert response.status_code == 400
    assert {"birth_year", "gender"} <= set(response.json()["errors"])


def test_roles_without_concerns_cannot_look_up(world, verified_api_client):
    response = verified_api_client(world.admin).post(
        "/api/v1/people/possible-matches/", {"given_name": "Mo"}, format="json"
    )
    assert response.status_code == 403


def test_index_follows_changes_to_people(world, aly, verified_api_client):
    user = world.la("halton").practitioner
    assert not ask(verified_api_client, user, given_name="Zainab", family_name="Okafor")
    make_child(user, given_name="Zainab", family_name="Okafor")
    assert ask(verified_api_client, user, given_name="Zainab", family_name="Okafor")


def test_index_follows_a_new_alias(world, aly, verified_api_client):
    user = world.la("halton").practitioner
    assert not ask(verified_api_client, user, given_name="Zed", family_name="Quayle")
    alias_add(actor=user, person=aly, given_name="Zed", family_name="Quayle")
    assert ask(verified_api_client, user, given_name="Zed", family_name="Quayle")


def test_a_record_the_user_may_see_is_not_crowded_out_by_ones_they_may_not(
    world, verified_api_client
):
    # Six namesakes born the same day recorded by health, then one by the police: all seven
    # agree on everything asked. Each candidate is weighed once, with what the user may learn
    # from (the query for the police's own record, the coarsened query for health's), so the
    # police record is among the five shown although six others would tie with it first.
    born = date_of_birth_for_age(14, month=3, day=9)
    for _ in range(6):
        make_child(
            world.health.practitioner, given_name="Amira", family_name="Haddad", date_of_birth=born
        )
    own = make_child(
        world.police.practitioner, given_name="Amira", family_name="Haddad", date_of_birth=born
    )
    results = ask(
        verified_api_client,
        world.police.practitioner,
        given_name="Amira",
        family_name="Haddad",
        date_of_birth=born.isoformat(),
    )
    assert len(results) == 5
    assert [r["person_id"] for r in results if r["visible"]] == [own.pk]
    assert results[0]["person_id"] == own.pk, "matched on more than the unseen ones may be"
