"""Merging duplicate people keeps everything and is reversible; rejections are remembered."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import date_of_birth_for_age, make_child, open_case
from haven.matching.engine import POSSIBLE_MATCH_THRESHOLD
from haven.matching.models import CandidateStatus, DuplicateCandidate
from haven.matching.services import (
    candidate_agree_merge,
    candidate_reject,
    duplicates_find,
    people_merge,
    people_unmerge,
)
from haven.people.models import Person

pytestmark = pytest.mark.django_db


def snapshot(person: Person) -> dict:
    person.refresh_from_db()
    return {
        "aliases": sorted(person.aliases.values_list("given_name", "family_name")),
        "identifiers": sorted(person.identifiers.values_list("kind", "value")),
        "phones": sorted(person.phones.values_list("number", flat=True)),
        "concerns": sorted(person.concerns.values_list("pk", flat=True)),
        "cases": sorted(person.cases.values_list("pk", flat=True)),
        "merged_into": person.merged_into_id,
    }


def test_background_job_proposes_the_pair_once(world, pair):
    aly, ali = pair
    first = duplicates_find()
    assert first["proposed"] >= 1
    candidate = DuplicateCandidate.objects.get(person_a=min(aly, ali, key=lambda p: p.pk))
    assert candidate.probability >= 0.5
    assert any("phone" in e["explanation"].lower() for e in candidate.evidence)
    assert duplicates_find()["proposed"] == 0


def test_the_job_proposes_mohamed_ali_for_muhammad_aly_both_dated_by_age_assessment(world):
    # Practitioner trial, issue 8 point 6: two agencies' records of one boy, nothing in common
    # but spellings of his name and the 1 January date his age assessment gave him.
    assigned = date_of_birth_for_age(16, month=1, day=1)
    born = {
        "date_of_birth": assigned,
        "dob_assigned_by_age_assessment": True,
        "nationalities": ["SD"],
        "gender": "male",
    }
    aly = open_case(world, area="halton", given_name="Muhammad", family_name="Aly", **born)
    ali = make_child(
        world.la("halton").practitioner, given_name="Mohamed", family_name="Ali", **born
    )

    assert duplicates_find()["proposed"] == 1
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.person_a_id, candidate.person_b_id} == {aly.person_id, ali.pk}
    assert candidate.probability >= POSSIBLE_MATCH_THRESHOLD
    words = [item["words"] for item in candidate.evidence]
    assert "Family name sounds alike (Aly / Ali)" in words
    assert "Given name sounds alike (Muhammad / Mohamed)" in words


def test_rejection_is_remembered(world, pair):
    duplicates_find()
    candidate = DuplicateCandidate.objects.get()
    candidate_reject(
        actor=world.la("halton").manager,
        candidate=candidate,
        note="Different boys: checked with school.",
    )
    assert duplicates_find()["proposed"] == 0
    assert DuplicateCandidate.objects.get().status == CandidateStatus.REJECTED


def test_only_reviewers_of_either_person_may_review(world, pair):
    duplicates_find()
    candidate = DuplicateCandidate.objects.get()
    with pytest.raises(PermissionDenied):
        candidate_reject(
            actor=world.la("warrington").manager, candidate=candidate, note="Not mine to say."
        )
    with pytest.raises(PermissionDenied):
        candidate_reject(
            actor=world.la("halton").practitioner,
            candidate=candidate,
            note="Practitioners do not review.",
        )


def test_merge_and_unmerge_round_trip_with_audit(world, pair):
    aly, ali = pair
    before = {"aly": snapshot(aly), "ali": snapshot(ali)}
    duplicates_find()
    candidate = DuplicateCandidate.objects.get()
    manager = world.la("halton").manager
    # Both owners agree: the police (who recorded Ali) first, then Halton (who leads Aly's case).
    assert (
        candidate_agree_merge(
            actor=world.police.manager,
            candidate=candidate,
            survivor=aly,
            reason="Same phone, same boy: our record is a duplicate.",
        )
        is None
    )
    merge = candidate_agree_merge(
        actor=manager,
        candidate=candidate,
        survivor=aly,
        reason="Same phone, same boy: confirmed with police.",
    )
    merged = snapshot(aly)
    assert ("Mohamad", "Ali") in merged["aliases"]
    assert ("police_reference", "CC-2026-000111") in merged["identifiers"]
    assert set(before["ali"]["concerns"]) <= set(merged["concerns"])
    assert snapshot(ali)["merged_into"] == aly.pk
    assert AuditEvent.objects.filter(verb=Verb.PEOPLE_MERGED, person_id=ali.pk).exists()

    people_unmerge(actor=manager, merge=merge, reason="Police say these are brothers.")
    assert snapshot(aly) == before["aly"]
    assert snapshot(ali) == before["ali"]
    assert AuditEvent.objects.filter(verb=Verb.PEOPLE_UNMERGED, person_id=aly.pk).exists()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED


def test_merge_refuses_two_open_cases_of_one_authority(world):
    first = open_case(world, area="warrington")
    second = open_case(world, area="warrington", given_name="Amirah")
    with pytest.raises(ValidationError, match="open case led by the same authority"):
        people_merge(
            actor=world.la("warrington").manager,
            survivor=first.person,
            merged=second.person,
            reason="Same child, two records.",
        )
    assert Person.objects.get(pk=second.person_id).merged_into_id is None


def test_schedule_command_runs_the_duplicate_job(world, pair, capsys):
    call_command("run_schedule", "--now")
    out = capsys.readouterr().out
    assert "find_duplicates" in out and "check_task_clocks" in out
    assert DuplicateCandidate.objects.exists()
