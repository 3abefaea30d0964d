"""The duplicate review pages (issue 8, point 7: "merging blind"): each pair side by side as far
as its reviewer may see each record, the evidence in words, the record a merge keeps and why,
and a merge confirmed in words with a way to undo it.

The ``pair`` (conftest): Halton leads a case for Muhammad Aly, whom the police recorded; the
police recorded Mohamad Ali, and their concern about him waits at Halton's front door. So
Halton's manager sees Aly's record but knows Ali only from the concern; the police manager
sees both records, but not the phone number Halton added in its case."""

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.core.tests.support import page_text
from haven.matching.models import CandidateStatus, DuplicateCandidate, PersonMerge
from haven.matching.services import candidate_agree_merge, duplicates_find
from haven.people.age import age_on
from haven.people.models import Person

pytestmark = pytest.mark.django_db

HIDDEN = "Held by Cheshire Constabulary: you cannot see this record's details"


@pytest.fixture
def candidate(pair) -> DuplicateCandidate:
    duplicates_find()
    return DuplicateCandidate.objects.get()


def compare(client, candidate) -> str:
    return page_text(client.get(reverse("matching:candidate", args=[candidate.pk])))


def test_the_queue_names_both_records_with_a_band_and_links_to_the_comparison(
    world, pair, candidate, verified_client
):
    page = page_text(
        verified_client(world.la("halton").manager).get(reverse("matching:review_queue"))
    )
    assert "Muhammad Aly and Mohamad Ali" in page
    assert "Likely the same person" in page or "Very likely the same person" in page
    assert reverse("matching:candidate", args=[candidate.pk]) in page


def test_a_reviewer_who_sees_one_record_sees_the_other_only_as_held_by_its_agency(
    world, pair, candidate, verified_client
):
    aly, ali = pair
    page = compare(verified_client(world.la("halton").manager), candidate)
    # Halton leads Aly's case: his record in full, with the phone it added in the case.
    assert "Muhammad Aly" in page and "Mo Ali" in page and "07700 900123" in page
    assert reverse("people:detail", args=[aly.pk]) in page
    # Ali is known to Halton only from the police concern at its front door: his name and age,
    # as the concern shows them, and for each detail who holds it.
    age = age_on(ali.date_of_birth, timezone.localdate())
    assert "Mohamad Ali" in page and f"About {age} (estimated date of birth)" in page
    # Who recorded it, other names, gender, nationality, language, ids, addresses, phones.
    assert page.count(HIDDEN) == 8
    assert "CC-2026-000111" not in page and "07700900123" not in page
    assert reverse("people:detail", args=[ali.pk]) not in page
    concern = ali.concerns.get()
    assert reverse("cases:concern_detail", args=[concern.pk]) in page


def test_a_reviewer_who_sees_both_records_sees_each_detail_the_door_allows(
    world, pair, candidate, verified_client
):
    page = compare(verified_client(world.police.manager), candidate)
    assert HIDDEN not in page
    assert "CC-2026-000111" in page and "07700900123" in page and "Mo Ali" in page
    # Halton added Aly's phone in its case: it belongs to the case's people section, which the
    # police may not see.
    assert "07700 900123" not in page
    # Halton's case: the police may learn who leads it (as a "known to" answer says), not open it.
    halton = world.la("halton")
    assert f"A case led by {halton.team.name}, {halton.agency.name} (you cannot see it)" in page
    assert pair[0].cases.get().reference not in page


def test_the_evidence_is_in_words_and_the_score_a_band(world, pair, candidate, verified_client):
    page = compare(verified_client(world.la("halton").manager), candidate)
    # Ali matches Aly's other name "Mo Ali", which the words never quote (a reviewer may not
    # be allowed to see another name): the side-by-side shows it to those who may.
    assert "Given name: one is a short form of the other (in another name the person" in page
    assert "Same phone number" in page
    assert "Very likely the same person" in page and "Haven's score: 90% or more" in page
    # The engine's own explanations quote values; the page shows none of them.
    for item in candidate.evidence:
        assert item["explanation"] not in page


def test_a_pair_proposed_before_evidence_had_words_gets_them_from_its_codes(
    world, candidate, verified_client
):
    DuplicateCandidate.objects.filter(pk=candidate.pk).update(
        evidence=[{k: v for k, v in item.items() if k != "words"} for item in candidate.evidence]
    )
    page = compare(verified_client(world.la("halton").manager), candidate)
    assert "Same phone number" in page
    assert "Same family name" in page


def test_the_page_says_which_record_a_merge_keeps_and_offers_only_that_merge(
    world, pair, candidate, verified_client
):
    aly, _ = pair
    client = verified_client(world.la("halton").manager)
    page = compare(client, candidate)
    assert "Haven keeps <strong>Muhammad Aly</strong> (the first record)" in page
    assert "It has a case, and a case stays with its record" in page
    keep_aly = "merge_into_a" if candidate.person_a_id == aly.pk else "merge_into_b"
    keep_ali = "merge_into_b" if keep_aly == "merge_into_a" else "merge_into_a"
    assert f'value="{keep_aly}"' in page and f'value="{keep_ali}"' not in page
    refused = client.post(
        reverse("matching:decide", args=[candidate.pk]),
        {"decision": keep_ali, "note": "Keep the police record."},
    )
    assert "Select whether these records are the same person" in page_text(refused)
    assert DuplicateCandidate.objects.get().status == CandidateStatus.PROPOSED


def test_viewing_the_pair_is_recorded_as_a_view_of_both_people(
    world, pair, candidate, verified_client
):
    manager = world.la("halton").manager
    compare(verified_client(manager), candidate)
    viewed = AuditEvent.objects.filter(
        actor=manager,
        verb=Verb.VIEWED,
        target_type="matching.duplicatecandidate",
        target_id=str(candidate.pk),
    )
    assert set(viewed.values_list("person_id", flat=True)) == {p.pk for p in pair}


def test_merging_confirms_it_in_words_and_undo_restores_both_records(
    world, pair, candidate, verified_client
):
    aly, ali = pair
    candidate_agree_merge(
        actor=world.police.manager,
        candidate=candidate,
        survivor=aly,
        reason="Our record duplicates Halton's.",
    )
    client = verified_client(world.la("halton").manager)
    decision = "merge_into_a" if candidate.person_a_id == aly.pk else "merge_into_b"
    response = client.post(
        reverse("matching:decide", args=[candidate.pk]),
        {"decision": decision, "note": "Same boy: same phone and alias."},
    )
    merge = PersonMerge.objects.get()
    assert response.url == f"{reverse('matching:review_queue')}?merged={merge.pk}"
    page = page_text(client.get(response.url))
    assert "Records merged: Muhammad Aly now includes Mohamad Ali" in page
    assert reverse("matching:unmerge", args=[merge.pk]) in page
    assert Person.objects.get(pk=ali.pk).merged_into_id == aly.pk

    undone = client.post(
        reverse("matching:unmerge", args=[merge.pk]), {"reason": "Police say they are brothers."}
    )
    page = page_text(client.get(undone.url))
    assert "Merge undone: both records are restored." in page
    assert Person.objects.get(pk=ali.pk).merged_into_id is None
    # The confirmation is for a merge in force: after the undo it is gone.
    assert "Records merged" not in page_text(client.get(response.url))


def test_only_the_agency_that_merged_sees_the_confirmation(world, pair, candidate, verified_client):
    aly, _ = pair
    for manager in (world.police.manager, world.la("halton").manager):
        candidate = DuplicateCandidate.objects.get()
        merge = candidate_agree_merge(
            actor=manager, candidate=candidate, survivor=aly, reason="Same boy: checked."
        )
    url = f"{reverse('matching:review_queue')}?merged={merge.pk}"
    assert "Records merged" not in page_text(
        verified_client(world.la("warrington").manager).get(url)
    )
    assert "Records merged" in page_text(verified_client(world.la("halton").manager).get(url))


@pytest.mark.parametrize("merged", ["abc", "999999", str(2**70)])
def test_no_confirmation_without_a_merge_in_force(world, verified_client, merged):
    url = f"{reverse('matching:review_queue')}?merged={merged}"
    assert "Records merged" not in page_text(verified_client(world.la("halton").manager).get(url))


def test_a_bad_decision_shows_errors_beside_the_comparison(world, pair, candidate, verified_client):
    response = verified_client(world.la("halton").manager).post(
        reverse("matching:decide", args=[candidate.pk]), {}
    )
    page = page_text(response)
    assert "There is a problem" in page
    assert "Select whether these records are the same person" in page
    assert "Enter why you decided this" in page
    assert "Mohamad Ali" in page and HIDDEN in page
    assert DuplicateCandidate.objects.get().status == CandidateStatus.PROPOSED


@pytest.mark.parametrize("name", ["candidate", "decide"])
def test_other_authorities_and_practitioners_cannot_review(
    world, pair, candidate, verified_client, name
):
    url = reverse(f"matching:{name}", args=[candidate.pk])
    call = "get" if name == "candidate" else "post"
    other = getattr(verified_client(world.la("warrington").manager), call)(url)
    practitioner = getattr(verified_client(world.la("halton").practitioner), call)(url)
    assert other.status_code == 404
    assert practitioner.status_code == 403
    assert not AuditEvent.objects.filter(
        target_type="matching.duplicatecandidate", target_id=str(candidate.pk), verb=Verb.VIEWED
    ).exists()
