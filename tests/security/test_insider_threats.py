"""Insider threats a penetration test found (issue: closing every path to a child's record).
Each test performs the attack; on the code before the fix it succeeded."""

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import AgencyType
from haven.accounts.tests.factories import AgencyFactory, UserFactory
from haven.actions.models import Task, TaskStatus
from haven.actions.services import task_decide_not_needed, task_mark_not_needed
from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.access import break_glass_reference, break_glass_reference_case_id, case_access
from haven.cases.models import BreakGlassStatus, Case, Concern, ConcernStatus
from haven.cases.services import (
    break_glass_decide,
    break_glass_open,
    break_glass_review,
    case_note_add,
)
from haven.cases.tests.world import build_world, make_child, open_case, raise_concern, share
from haven.matching.models import DuplicateCandidate
from haven.matching.selectors import review_queue_for_user
from haven.matching.services import candidate_agree_merge, duplicates_find, people_merge
from haven.notifications.models import Notification
from haven.people.models import Person
from haven.people.services import address_add, alias_add, identifier_add, person_create
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db


def decision_url(concern) -> str:
    return f"/api/v1/concerns/{concern.pk}/decision/"


# --- 5. Concurrent front-door decisions ---------------------------------------------------


def test_decision_without_version_is_refused(world, verified_api_client):
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    api = verified_api_client(world.la("warrington").manager)
    response = api.post(decision_url(concern), {"decision": "accept"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
    assert not Case.objects.exists()


def test_accept_racing_no_further_action_one_wins_the_other_gets_409(world, verified_api_client):
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    manager = world.la("warrington").manager
    first = verified_api_client(manager).post(
        decision_url(concern), {"decision": "accept", "version": concern.version}, format="json"
    )
    second = verified_api_client(world.la("warrington").practitioner).post(
        decision_url(concern),
        {
            "decision": "no_further_action",
            "reason": "Known family, no concerns at home.",
            "version": concern.version,
        },
        format="json",
    )
    assert (first.status_code, second.status_code) == (200, 409)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACCEPTED
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Real concurrent transactions need PostgreSQL: SQLite runs one writer at a time.",
)
def test_concurrent_decisions_in_threads_leave_no_orphan_case():
    world = build_world()
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    version = concern.version
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def decide(decision: str, reason: str = "") -> None:
        barrier.wait()
        try:
            concern_decide(
                actor=world.la("warrington").manager,
                concern=Concern.objects.get(pk=concern.pk),
                decision=decision,
                reason=reason,
                expected_version=version,
            )
            outcomes.append("ok")
        except (ValidationError, StaleVersionError):
            # The second waits on the row lock, then reads the decided concern: stale (409).
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("accept",)),
        threading.Thread(
            target=decide, args=("no_further_action", "Known family, no concerns at home.")
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    concern.refresh_from_db()
    assert Case.objects.filter(concerns__isnull=True).count() == 0
    assert Case.objects.count() == (1 if concern.status == ConcernStatus.ACCEPTED else 0)


# --- 6. A manager approving their own "not needed" ----------------------------------------


def test_manager_cannot_approve_their_own_not_needed(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    task = Task.objects.get(case=case, code="nrm_referral")
    task = task_mark_not_needed(
        actor=manager,
        task=task,
        reason="Police raised the concern themselves.",
        expected_version=task.version,
    )
    with pytest.raises(ValidationError, match="A different manager must approve"):
        task_decide_not_needed(
            actor=manager, task=task, approve=True, expected_version=task.version
        )
    assert Task.objects.get(pk=task.pk).status == TaskStatus.NOT_NEEDED_PENDING
    # Withdrawing their own request is allowed.
    task = task_decide_not_needed(
        actor=manager, task=task, approve=False, expected_version=task.version
    )
    assert task.status == TaskStatus.OPEN


# --- 9. Reads of children's data that were not audited -----------------------------------


def views_of(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor_id=user.pk, verb=Verb.VIEWED))


def test_front_door_queue_page_and_api_are_audited(world, verified_client, verified_api_client):
    raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    manager = world.la("warrington").manager
    before = len(views_of(manager))
    verified_client(manager).get(reverse("cases:front_door_area", args=["warrington"]))
    verified_api_client(manager).get("/api/v1/front-door/warrington/")
    targets = [e.target_id for e in views_of(manager)[before:]]
    assert targets.count("front_door:warrington") == 2


def test_task_list_and_task_page_are_audited(world, verified_client):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    task = Task.objects.filter(case=case, team=practitioner.team).first()
    client = verified_client(practitioner)
    client.get(reverse("actions:task_list"))
    client.get(reverse("actions:task_detail", args=[task.pk]))
    events = views_of(practitioner)
    assert any(e.target_type == "actions.task" and e.target_id.startswith("team:") for e in events)
    page_view = [
        e for e in events if e.target_type == "actions.task" and e.target_id == str(task.pk)
    ]
    assert page_view and page_view[0].person_id == case.person_id


def test_duplicate_review_queue_is_audited(world, verified_client):
    manager = world.la("warrington").manager
    verified_client(manager).get(reverse("matching:review_queue"))
    assert any(e.target_id == "review_queue" for e in views_of(manager))


# --- 2. Break-glass has limits ----------------------------------------------------------


REASON = "Child found at 2am at an address linked to exploitation; need history now."


def break_glass_api(client, case, reference=""):
    return client.post(
        f"/api/v1/cases/{case.pk}/break-glass/",
        {"reference": reference, "reason": REASON},
        format="json",
    )


def test_ngo_practitioner_cannot_break_glass_even_with_a_reference(world, verified_api_client):
    ngo = UserFactory(agency=AgencyFactory(agency_type=AgencyType.NGO), role="practitioner")
    case = open_case(world)
    response = break_glass_api(verified_api_client(ngo), case, break_glass_reference(ngo, case))
    assert response.status_code == 404
    assert not case.break_glass_accesses.exists()
    # Health and schools hold no out-of-hours duty either.
    school = world.school.practitioner
    response = break_glass_api(
        verified_api_client(school), case, break_glass_reference(school, case)
    )
    assert response.status_code == 404


def test_case_ids_alone_open_nothing_and_answer_like_missing_cases(world, verified_api_client):
    # The attack: 30 case ids stepped through with one fixed reason.
    cases = [open_case(world, given_name=f"Child{n}") for n in range(3)]
    client = verified_api_client(world.la("halton").practitioner)
    answers = [break_glass_api(client, case, case.reference) for case in cases]
    missing = break_glass_api(client, type("Missing", (), {"pk": 999999})(), "HVN-999999")
    assert {a.status_code for a in answers} == {404}
    assert all(a.json() == missing.json() for a in answers)
    assert not any(case.break_glass_accesses.exists() for case in cases)
    refused = AuditEvent.objects.filter(
        actor_id=world.la("halton").practitioner.pk, verb=Verb.BREAK_GLASS_REFUSED
    )
    assert refused.count() == 4  # every refused attempt is audited


def test_a_reference_is_for_its_user_and_its_case_only(world, verified_api_client):
    case, other = open_case(world), open_case(world, given_name="Other")
    halton = world.la("halton")
    reference = break_glass_reference(halton.practitioner, case)
    # Passed to a colleague, or used on another case: not found.
    assert break_glass_api(verified_api_client(halton.manager), case, reference).status_code == 404
    client = verified_api_client(halton.practitioner)
    assert break_glass_api(client, other, reference).status_code == 404
    assert break_glass_api(client, case, reference).status_code == 201


def test_reference_expires_after_24_hours(world):

    case = open_case(world)
    user = world.la("halton").practitioner
    issued = timezone.now()
    reference = break_glass_reference(user, case, at=issued)
    assert break_glass_reference_case_id(user, reference, at=issued) == case.pk
    later = issued + timedelta(hours=25)
    assert break_glass_reference_case_id(user, reference, at=later) is None
    with time_machine.travel(later, tick=False):
        assert break_glass_reference_case_id(user, reference) is None


def test_known_to_search_gives_the_reference(world, verified_client):
    case = open_case(world, given_name="Sienna", family_name="Marsh")
    client = verified_client(world.la("halton").practitioner)
    page = client.get(reverse("people:search"), {"q": "Sienna Marsh"}).content.decode()
    assert "break-glass reference" in page
    assert f"{case.reference}-" in page
    school = verified_client(world.school.practitioner)
    assert (
        f"{case.reference}-"
        not in school.get(reverse("people:search"), {"q": "Sienna Marsh"}).content.decode()
    )


def test_beyond_two_uses_in_24_hours_a_manager_of_the_own_agency_approves(
    world, verified_api_client
):
    halton = world.la("halton")
    user = halton.manager  # a manager too: they may not approve their own request
    other_manager = UserFactory(agency=halton.agency, team=halton.manager.team, role="manager")
    client = verified_api_client(user)
    cases = [open_case(world, given_name=f"Child{n}") for n in range(3)]
    statuses = [
        break_glass_api(client, case, break_glass_reference(user, case)).status_code
        for case in cases
    ]
    assert statuses == [201, 201, 202]
    third = cases[2].break_glass_accesses.get()
    assert third.status == BreakGlassStatus.AWAITING_APPROVAL
    assert case_access(user, cases[2]) is None
    assert Notification.objects.filter(recipient=other_manager).exists()
    with pytest.raises(ValidationError, match="Another manager"):
        break_glass_decide(actor=user, access=third, approve=True)
    with pytest.raises(PermissionDenied):
        break_glass_decide(actor=world.la("warrington").manager, access=third, approve=True)
    break_glass_decide(actor=other_manager, access=third, approve=True)
    assert case_access(user, cases[2]).via == "break_glass"


def test_lead_managers_and_auditors_are_alerted_and_the_review_has_an_outcome(
    world, verified_client
):
    case = open_case(world)
    access = break_glass_open(actor=world.la("halton").practitioner, case=case, reason=REASON)
    alerted = set(Notification.objects.values_list("recipient_id", flat=True))
    assert {world.la("warrington").manager.pk, world.auditor.pk} <= alerted
    with pytest.raises(ValidationError):
        break_glass_review(actor=world.auditor, access=access, outcome="", note="Looked fine.")
    break_glass_review(
        actor=world.auditor, access=access, outcome="not_justified", note="Could have phoned EDT."
    )
    page = verified_client(world.auditor).get(reverse("cases:break_glass_reviews")).content
    assert b"break-glass-summary" in page and b"Not justified" in page


# --- 4. Search and possible matches are not oracles ----------------------------------------


def known_to_answers(client, query: str) -> list:
    response = client.get("/api/v1/people/search/", {"q": query})
    assert response.status_code == 200, response.content
    return [r for r in response.json()["results"] if not r["visible"]]


def test_stepping_a_date_of_birth_learns_nothing_about_a_hidden_child(world, verified_api_client):
    case = open_case(world, given_name="Sienna", family_name="Marsh")
    born = case.person.date_of_birth
    client = verified_api_client(world.health.practitioner)  # no access to the case
    answers = {
        day: len(known_to_answers(client, f"Sienna Marsh {day:02d}/{born.month:02d}/{born.year}"))
        for day in range(1, 29)
    }
    # The same answer whatever the day: the record is "known to" for the name and year only.
    assert set(answers.values()) == {1}
    assert known_to_answers(client, f"Sienna Marsh 01/01/{born.year - 1}") == []


def test_the_user_who_can_see_the_child_still_gets_an_exact_date_search(world, verified_api_client):
    case = open_case(world, given_name="Sienna", family_name="Marsh")
    born = case.person.date_of_birth
    lead = verified_api_client(world.la("warrington").practitioner)
    other_day = born.replace(day=1 if born.day != 1 else 2)
    response = lead.get(
        "/api/v1/people/search/", {"q": f"Sienna Marsh {other_day:%d/%m/%Y}"}
    ).json()
    assert response["results"] == []


def test_probing_a_postcode_in_possible_matches_learns_nothing(world, verified_api_client):
    case = open_case(world, given_name="Sienna", family_name="Marsh")
    address_add(
        actor=world.la("warrington").practitioner,
        person=case.person,
        line_1="4 Mill Lane",
        town="Warrington",
        postcode="WA1 2AB",
    )
    client = verified_api_client(world.health.practitioner)
    born = case.person.date_of_birth

    def answer(postcode: str) -> list:
        response = client.post(
            "/api/v1/people/possible-matches/",
            {
                "given_name": "Sienna",
                "family_name": "Marsh",
                "date_of_birth": born.isoformat(),
                "postcode": postcode,
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        return response.json()["results"]

    assert answer("WA1 2AB") == answer("CH1 9ZZ")


def test_a_burst_of_searches_is_refused_and_the_auditors_are_told(
    world, verified_api_client, settings
):
    settings.HAVEN_SEARCH_LIMIT = 5
    health_auditor = UserFactory(agency=world.health.agency, role="auditor")
    client = verified_api_client(world.health.practitioner)
    statuses = [
        client.get("/api/v1/people/search/", {"q": f"Marsh {n}"}).status_code for n in range(7)
    ]
    assert statuses == [200] * 5 + [429, 429]
    refused = client.get("/api/v1/people/search/", {"q": "Marsh"})
    assert int(refused["Retry-After"]) > 0
    assert list(refused.json()["errors"]) == ["detail"]
    # One alert per burst, to the user's own agency's auditors.
    assert Notification.objects.filter(recipient=health_auditor).count() == 1
    assert not Notification.objects.filter(recipient=world.auditor).exists()
    assert (
        AuditEvent.objects.filter(
            actor_id=world.health.practitioner.pk, changes__has_key="refused"
        ).count()
        == 3
    )


# --- 3. Merging reveals a hidden child -----------------------------------------------------


def test_merging_a_lookalike_record_does_not_reveal_a_hidden_child(world, verified_client):
    case = open_case(world, given_name="Sienna", family_name="Marsh")
    hidden = case.person
    identifier_add(
        actor=world.police.practitioner, person=hidden, kind="nhs_number", value="9434765919"
    )
    health = world.health.manager
    # The attack: record a lookalike, wait for the duplicate job, merge, read the hidden child.
    lookalike = person_create(
        actor=health,
        kind="child",
        given_name="Sienna",
        family_name="Marsh",
        date_of_birth=hidden.date_of_birth,
        dob_precision="exact",
    )
    duplicates_find()
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.person_a_id, candidate.person_b_id} == {hidden.pk, lookalike.pk}
    # Not proposed to health (who cannot see the child) nor to Warrington (who cannot see
    # health's record): nobody can merge the pair blind.
    assert not review_queue_for_user(user=health).exists()
    assert not review_queue_for_user(user=world.la("warrington").manager).exists()
    for survivor in (lookalike, hidden):
        with pytest.raises(PermissionDenied):
            candidate_agree_merge(
                actor=health, candidate=candidate, survivor=survivor, reason="Same girl."
            )
    page = verified_client(health).get(reverse("people:detail", args=[hidden.pk]))
    assert page.status_code == 404
    case.refresh_from_db()
    assert case.person_id == hidden.pk


def test_one_owner_alone_cannot_merge(world):
    case = open_case(world, area="halton", given_name="Muhammad", family_name="Aly")
    police_record = make_child(
        world.police.practitioner,
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=case.person.date_of_birth,
    )
    raise_concern(world.police.practitioner, police_record, home_area="halton")
    duplicates_find()
    candidate = DuplicateCandidate.objects.get()
    halton = world.la("halton").manager
    assert (
        candidate_agree_merge(
            actor=halton, candidate=candidate, survivor=case.person, reason="Same boy."
        )
        is None
    )
    assert Person.objects.get(pk=police_record.pk).merged_into_id is None
    with pytest.raises(PermissionDenied):
        people_merge(
            actor=halton,
            survivor=case.person,
            merged=police_record,
            candidate=candidate,
            reason="Same boy.",
        )
    # The case never moves to a record its lead does not own.
    with pytest.raises(ValidationError, match="Keep the record that has a case"):
        candidate_agree_merge(
            actor=world.police.manager,
            candidate=candidate,
            survivor=police_record,
            reason="Same boy.",
        )
    merge = candidate_agree_merge(
        actor=world.police.manager, candidate=candidate, survivor=case.person, reason="Same boy."
    )
    assert merge is not None and merge.survivor_id == case.person_id


# --- 11. Low, but fixed -------------------------------------------------------------------


def test_share_holder_cannot_add_aliases_or_addresses(world):
    case = open_case(world)
    share(world, case, world.school, ["chronology", "people"])
    school = world.school.practitioner
    with pytest.raises(PermissionDenied):
        alias_add(actor=school, person=case.person, given_name="Mimi")
    with pytest.raises(PermissionDenied):
        address_add(actor=school, person=case.person, line_1="1 Any Street", postcode="WA1 1AA")
    assert not case.person.aliases.filter(given_name="Mimi").exists()


def test_details_added_in_a_case_belong_to_its_people_section(
    world, verified_client, verified_api_client
):
    """The police recorded the child; Warrington, leading the case, adds what it learns. The
    police see those details only once Warrington shares the case's people section."""
    case = open_case(world)
    lead, police = world.la("warrington").manager, world.police.practitioner
    alias_add(actor=lead, person=case.person, given_name="Mimi", note="street name")
    address_add(actor=lead, person=case.person, line_1="14 Hidden Lane", postcode="WA2 7XY")
    identifier_add(actor=lead, person=case.person, kind="home_office_reference", value="HO-5531")
    own = alias_add(actor=police, person=case.person, given_name="Em")

    def police_sees() -> set[str]:
        page = verified_client(police).get(reverse("people:detail", args=[case.person.pk]))
        body = verified_api_client(police).get(f"/api/v1/people/{case.person.pk}/").json()
        text = page.content.decode() + str(body)
        return {secret for secret in ("Mimi", "Hidden Lane", "HO-5531") if secret in text}

    assert police_sees() == set()
    assert own.case is None  # the police's own detail on their own record stays theirs
    page = verified_client(police).get(reverse("people:detail", args=[case.person.pk]))
    assert "Em" in page.content.decode()
    lead_page = verified_client(lead).get(reverse("people:detail", args=[case.person.pk]))
    assert all(s in lead_page.content.decode() for s in ("Mimi", "Hidden Lane", "HO-5531"))
    share(world, case, world.police, ["people"])
    assert police_sees() == {"Mimi", "Hidden Lane", "HO-5531"}


@pytest.mark.parametrize("year", [1900, 9999])
def test_notes_refuse_implausible_dates(world, year):

    case = open_case(world)
    when = timezone.make_aware(datetime(year, 6, 1, 12, 0))
    with pytest.raises(ValidationError) as refused:
        case_note_add(
            actor=world.la("warrington").practitioner,
            case=case,
            text="Spoke to the child.",
            occurred_at=when,
        )
    assert "occurred_at" in refused.value.message_dict
