"""The home page, "My work": each casework role sees its real work (its tasks, its team's
unassigned tasks, the cases it leads, its front door's queue, the concerns it raised with the
front door's decision); roles without casework see what they can do. Nobody sees a child the
access door does not let them see, and each list that names children is audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from haven.accounts.models import Role
from haven.accounts.roles import ROLE_SUMMARIES
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.actions.services import task_assign
from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Concern
from haven.cases.tests.world import make_child, raise_concern, share
from haven.core.tests.support import page_text
from haven.nrm.services import nrm_decision_record
from haven.people.templatetags.people_age import born
from haven.workflows.front_door import concern_decide
from haven.workflows.home import SHOWN
from haven.workflows.nrm import nrm_referral_start, nrm_referral_submit

pytestmark = pytest.mark.django_db

NFA_REASON = "Known to early help already; the family are engaging with them."


@pytest.fixture
def work(world):
    """Warrington's practitioner leads Amira's case (raised by the police) and owns its strategy
    meeting task; the police's concern about Bilal waits at Warrington's front door, its clock
    run out; the school's concern about Chloe ended with no further action."""
    warrington = world.la("warrington")
    police = world.police.practitioner
    amira = make_child(police)
    case = concern_decide(
        actor=warrington.manager,
        concern=raise_concern(police, amira),
        decision="accept",
        lead_practitioner=warrington.practitioner,
    ).case
    task = Task.objects.get(case=case, code="strategy_meeting")
    task_assign(
        actor=warrington.manager,
        task=task,
        owner_id=warrington.practitioner.pk,
        expected_version=task.version,
    )
    waiting = raise_concern(police, make_child(police, given_name="Bilal", family_name="Nouri"))
    Concern.objects.filter(pk=waiting.pk).update(
        decision_due_at=timezone.now() - timedelta(hours=2)
    )
    school = world.school.practitioner
    closed = concern_decide(
        actor=warrington.manager,
        concern=raise_concern(school, make_child(school, given_name="Chloe", family_name="Grant")),
        decision="no_further_action",
        reason=NFA_REASON,
    )
    return {"case": case, "task": task, "waiting": waiting, "closed": closed}


def home(client) -> str:
    return page_text(client.get(reverse("core:start")))


def section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    end = page.find('class="govuk-summary-card"', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_the_lead_practitioner_sees_their_tasks_cases_and_front_door(work, world, verified_client):
    practitioner = world.la("warrington").practitioner
    page = home(verified_client(practitioner))
    case, task = work["case"], work["task"]

    assert "My work" in page
    mine = section(page, "my-tasks")
    assert task.title in mine and "For Amira Haddad" in mine
    assert reverse("actions:task_detail", args=[task.pk]) in mine
    assert f"Due {timezone.localtime(task.due_at):%a %-d %b %Y, %H:%M}" in mine
    # Every other open task of the team is still nobody's.
    unassigned = section(page, "team-tasks")
    for other in Task.objects.filter(team=task.team, owner__isnull=True, status="open"):
        assert reverse("actions:task_detail", args=[other.pk]) in unassigned
    assert reverse("actions:task_detail", args=[task.pk]) not in unassigned
    cases = section(page, "my-cases")
    assert case.reference in cases and "Amira Haddad" in cases
    assert capfirst(born(case.person)) in cases and "(14)" in cases
    assert "Next:" in cases
    front_door = section(page, "front-door")
    assert "Warrington front door" in front_door
    assert 'id="front-door-waiting">1<' in front_door
    assert 'id="front-door-overdue">1 <' in front_door
    assert reverse("cases:front_door_area", args=["warrington"]) in front_door
    # A casework role keeps what it can do, folded away.
    assert "What you can do as practitioner" in page


def test_the_police_referrer_sees_the_front_door_s_decisions(work, world, verified_client):
    page = home(verified_client(world.police.practitioner))
    referrals = section(page, "my-referrals")
    accepted = work["case"].concerns.get()
    assert reverse("cases:concern_detail", args=[accepted.pk]) in referrals
    assert "Accepted as a case by Warrington children's social care" in referrals
    waiting = work["waiting"]
    assert reverse("cases:concern_detail", args=[waiting.pk]) in referrals
    assert "Decision overdue" in referrals and "The front door decides by" in referrals
    # Not the school's referral.
    assert "Chloe" not in referrals
    # The police front door card is not theirs: they have no front door.
    assert 'id="front-door"' not in page


def test_the_school_sees_no_further_action_with_the_reason(work, world, verified_client):
    page = home(verified_client(world.school.practitioner))
    referrals = section(page, "my-referrals")
    assert "Chloe Grant" in referrals
    assert (
        f"Closed with no further action by Warrington children's social care: {NFA_REASON}"
        in referrals
    )
    assert "Amira" not in page and "Bilal" not in page


def test_the_front_door_manager_sees_the_queue_counts_and_unassigned_tasks(
    work, world, verified_client
):
    page = home(verified_client(world.la("warrington").manager))
    assert 'id="front-door-waiting">1<' in page
    assert "No open tasks are assigned to you." in section(page, "my-tasks")
    assert "You are not the lead practitioner of any open case." in section(page, "my-cases")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.STRATEGIC_LEAD, Role.AUDITOR])
def test_roles_without_casework_see_what_they_can_do_and_no_child(
    work, world, verified_client, role
):
    user = UserFactory(agency=world.la("warrington").agency, role=role)
    page = home(verified_client(user))
    assert "My work" not in page and 'id="my-tasks"' not in page
    assert 'id="my-referrals"' not in page and 'id="front-door"' not in page
    for line in ROLE_SUMMARIES[role]:
        assert line in page
    for name in ("Amira", "Bilal", "Chloe"):
        assert name not in page


def test_an_analyst_sees_their_referrals_and_what_they_can_do(world, verified_client):
    analyst = UserFactory(agency=world.police.agency, team=world.police.team, role=Role.ANALYST)
    concern = raise_concern(analyst, make_child(analyst, given_name="Dara"))
    page = home(verified_client(analyst))
    assert reverse("cases:concern_detail", args=[concern.pk]) in section(page, "my-referrals")
    assert 'id="my-tasks"' not in page
    assert ROLE_SUMMARIES[Role.ANALYST][0] in page


def test_nobody_sees_a_child_the_door_hides(work, world, verified_client):
    page = home(verified_client(world.la("halton").manager))
    for name in ("Amira", "Bilal", "Chloe", work["case"].reference):
        assert name not in page


def test_a_practitioner_who_moved_authority_no_longer_sees_their_old_work(
    work, world, verified_client
):
    practitioner = world.la("warrington").practitioner
    halton = world.la("halton")
    practitioner.agency, practitioner.team = halton.agency, halton.team
    practitioner.save()
    page = home(verified_client(practitioner))
    assert "Amira" not in page and work["case"].reference not in page
    assert "No open tasks are assigned to you." in section(page, "my-tasks")


def test_a_referrer_who_moved_agency_no_longer_sees_their_old_referrals(
    work, world, verified_client
):
    referrer = world.school.practitioner
    referrer.agency, referrer.team = world.health.agency, world.health.team
    referrer.save()
    page = home(verified_client(referrer))
    assert "Chloe" not in page
    assert "You have not raised any concerns." in section(page, "my-referrals")


def submitted_referral(actor, case, *, days_ago: int, reference: str):
    referral = nrm_referral_start(
        actor=actor,
        case=case,
        exploitation_types=["child_exploitation"],
        what_happened="Taken to Crewe and made to sell drugs.",
    )
    return nrm_referral_submit(
        actor=actor,
        referral=referral,
        submitted_on=timezone.localdate() - timedelta(days=days_ago),
        home_office_reference=reference,
    )


def test_the_team_sees_its_overdue_nrm_decisions(work, world, verified_client):
    """A reasonable grounds decision past its 5 working days shows on the home page of each
    practitioner and manager of the team leading the case; one still in time, one decided, or
    another team's does not."""
    warrington = world.la("warrington")
    practitioner = warrington.practitioner
    overdue = submitted_referral(practitioner, work["case"], days_ago=21, reference="HO-LATE")
    submitted_referral(practitioner, work["case"], days_ago=0, reference="HO-IN-TIME")
    decided = submitted_referral(practitioner, work["case"], days_ago=28, reference="HO-DECIDED")
    nrm_decision_record(
        actor=practitioner,
        referral=decided,
        decision="reasonable_grounds_positive",
        decided_on=timezone.localdate(),
    )
    share(world, work["case"], world.school, ["nrm"])

    for user in (practitioner, warrington.manager):
        page = home(verified_client(user))
        late = section(page, "nrm-overdue")
        assert reverse("nrm:referral", args=[overdue.pk]) in late
        assert "Amira Haddad" in late and "HO-LATE" in late and "Overdue" in late
        assert "HO-IN-TIME" not in late and "HO-DECIDED" not in late
    # A school the NRM section is shared with is not the team chasing the Home Office.
    assert 'id="nrm-overdue"' not in home(verified_client(world.school.practitioner))
    # Once decided, the referral leaves the list, and the card with it.
    nrm_decision_record(
        actor=practitioner,
        referral=overdue,
        decision="reasonable_grounds_positive",
        decided_on=timezone.localdate(),
    )
    assert 'id="nrm-overdue"' not in home(verified_client(practitioner))
    assert AuditEvent.objects.filter(
        actor=warrington.manager,
        verb=Verb.VIEWED,
        target_type="nrm.nrmreferral",
        target_id="overdue_for_team",
        person_id__isnull=True,
    ).exists()


def test_each_list_that_names_children_is_audited_about_no_one_child(work, world, verified_client):
    practitioner = world.la("warrington").practitioner
    home(verified_client(practitioner))
    viewed = set(
        AuditEvent.objects.filter(
            actor=practitioner, verb=Verb.VIEWED, person_id__isnull=True
        ).values_list("target_type", "target_id")
    )
    assert {
        ("actions.task", "home"),
        ("cases.case", "led_by_me"),
        ("cases.concern", "raised_by_me"),
    } <= viewed


def test_the_page_reads_a_bounded_number_of_queries(
    work, world, verified_client, django_assert_max_num_queries
):
    practitioner = world.la("warrington").practitioner
    for task in Task.objects.filter(team=practitioner.team, owner__isnull=True, status="open"):
        task_assign(
            actor=world.la("warrington").manager,
            task=task,
            owner_id=practitioner.pk,
            expected_version=task.version,
        )
    client = verified_client(practitioner)
    with django_assert_max_num_queries(36):
        home(client)


def test_a_long_list_of_overdue_nrm_decisions_shows_the_oldest_and_says_how_many(
    work, world, verified_client
):
    practitioner = world.la("warrington").practitioner
    for days in range(20, 20 + SHOWN + 2):
        submitted_referral(practitioner, work["case"], days_ago=days, reference=f"HO-{days}")
    late = section(home(verified_client(practitioner)), "nrm-overdue")
    assert late.count("data-nrm-referral=") == SHOWN
    assert f"HO-{20 + SHOWN + 1}" in late and "HO-20<" not in late
    assert f"The oldest {SHOWN} of {SHOWN + 2} overdue decisions are listed" in late
