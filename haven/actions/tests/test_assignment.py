"""A task assigned to a named person of the team that owns it: a manager of the team assigns and
reassigns, anyone in the team takes a task nobody owns, its owner hands it back; never to anyone
outside the team; a stale version is refused; each change is audited and the new owner told,
naming the child. The same rules on the task page and in the API."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import TeamFactory, UserFactory
from haven.actions.models import Task, TaskStatus
from haven.actions.selectors import by_clock
from haven.actions.services import task_assign, task_complete
from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.tests.world import open_case, share
from haven.core.paging import PAGE_SIZE
from haven.core.tests.support import assert_like_missing, assert_refused, audit_rows, page_text
from haven.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    """Warrington's case: its "hold a strategy meeting" task, owned by Warrington's front door
    team (a manager, two practitioners), nobody assigned yet."""
    warrington = world.la("warrington")
    colleague = UserFactory(
        email="colleague@warrington.test",
        full_name="Colleague Warrington",
        agency=warrington.agency,
        team=warrington.team,
    )
    case = open_case(world)
    task = Task.objects.get(case=case, code="strategy_meeting")
    return world, warrington, colleague, task


def fresh(task: Task) -> Task:
    return Task.objects.select_related("owner", "team", "person", "case").get(pk=task.pk)


def assign(actor, task, owner):
    task = fresh(task)
    return task_assign(
        actor=actor,
        task=task,
        owner_id=owner.pk if owner is not None else None,
        expected_version=task.version,
    )


class TestWhoMay:
    def test_a_manager_of_the_team_assigns_and_reassigns(self, scene):
        _, warrington, colleague, task = scene
        assign(warrington.manager, task, warrington.practitioner)
        assert fresh(task).owner == warrington.practitioner
        assign(warrington.manager, task, colleague)
        assert fresh(task).owner == colleague
        assign(warrington.manager, task, None)
        assert fresh(task).owner is None

    def test_a_practitioner_takes_a_task_nobody_owns_but_not_one_someone_owns(self, scene):
        _, warrington, colleague, task = scene
        assign(warrington.practitioner, task, warrington.practitioner)
        assert fresh(task).owner == warrington.practitioner
        with pytest.raises(PermissionDenied):
            assign(colleague, task, colleague)
        assert fresh(task).owner == warrington.practitioner

    def test_a_practitioner_never_gives_a_task_to_someone_else(self, scene):
        _, warrington, colleague, task = scene
        with pytest.raises(PermissionDenied):
            assign(warrington.practitioner, task, colleague)
        assign(warrington.practitioner, task, warrington.practitioner)
        with pytest.raises(PermissionDenied):
            assign(warrington.practitioner, task, colleague)
        assert fresh(task).owner == warrington.practitioner

    def test_the_owner_hands_back_and_nobody_else_but_a_manager_unassigns(self, scene):
        _, warrington, colleague, task = scene
        assign(warrington.manager, task, warrington.practitioner)
        with pytest.raises(PermissionDenied):
            assign(colleague, task, None)
        assign(warrington.practitioner, task, None)
        assert fresh(task).owner is None

    @pytest.mark.parametrize(
        "who",
        [
            "another_authority_manager",
            "another_team_of_the_lead_authority",
            "shared_school",
            "police",
            "strategic_lead",
        ],
    )
    def test_anyone_outside_the_owning_team_is_refused(self, scene, who):
        world, warrington, _, task = scene
        other_team = TeamFactory(agency=warrington.agency, name="Exploitation and missing team")
        actor = {
            "another_authority_manager": world.la("halton").manager,
            "another_team_of_the_lead_authority": UserFactory(
                agency=warrington.agency, team=other_team, role=Role.MANAGER
            ),
            "shared_school": world.school.manager,
            "police": world.police.manager,
            "strategic_lead": world.strategic_lead,
        }[who]
        share(world, task.case, world.school, ["tasks"])
        with pytest.raises(PermissionDenied):
            assign(actor, task, warrington.practitioner)
        assert fresh(task).owner is None


class TestOnlyTheOwningTeam:
    def test_the_new_owner_must_be_an_active_practitioner_or_manager_of_the_team(self, scene):
        world, warrington, colleague, task = scene
        retired = UserFactory(agency=warrington.agency, team=warrington.team, is_active=False)
        analyst = UserFactory(agency=warrington.agency, team=warrington.team, role=Role.ANALYST)
        for outsider in (world.la("halton").practitioner, world.police.practitioner, retired):
            with pytest.raises(ValidationError) as refused:
                assign(warrington.manager, task, outsider)
            assert refused.value.message_dict == {
                "owner": [f"Select a practitioner or manager of {warrington.team.name}."]
            }
        with pytest.raises(ValidationError):
            assign(warrington.manager, task, analyst)
        assert fresh(task).owner is None
        assign(warrington.manager, task, colleague)
        assert fresh(task).owner == colleague

    def test_a_closed_task_keeps_its_owner(self, scene):
        _, warrington, colleague, task = scene
        task = fresh(task)
        task_complete(
            actor=warrington.practitioner,
            task=task,
            note="Strategy meeting held on the phone.",
            expected_version=task.version,
        )
        with pytest.raises(ValidationError, match="closed"):
            assign(warrington.manager, task, colleague)

    def test_assigning_to_the_owner_again_changes_nothing(self, scene):
        _, warrington, _, task = scene
        assign(warrington.manager, task, warrington.practitioner)
        version = fresh(task).version
        with pytest.raises(ValidationError, match="already owns"):
            assign(warrington.manager, task, warrington.practitioner)
        assert fresh(task).version == version


def test_two_people_taking_one_task_the_second_hears_who_took_it(scene):
    _, warrington, colleague, task = scene
    read = fresh(task)
    task_assign(
        actor=warrington.practitioner,
        task=read,
        owner_id=warrington.practitioner.pk,
        expected_version=read.version,
    )
    with pytest.raises(StaleVersionError) as stale:
        task_assign(
            actor=colleague, task=read, owner_id=colleague.pk, expected_version=read.version
        )
    assert [change.fields for change in stale.value.changes] == [
        {"owner": {"before": None, "after": warrington.practitioner.pk}}
    ]
    assert fresh(task).owner == warrington.practitioner


def test_each_change_is_audited_with_the_owner_and_the_version_step(scene):
    _, warrington, _, task = scene
    version = fresh(task).version
    assign(warrington.manager, task, warrington.practitioner)
    assign(warrington.practitioner, task, None)
    events = AuditEvent.objects.filter(
        verb=Verb.TASK_ASSIGNED, target_type="actions.task", target_id=str(task.pk)
    ).order_by("id")
    assert [(e.actor_id, e.person_id, e.changes) for e in events] == [
        (
            warrington.manager.pk,
            task.person_id,
            {
                "owner": {"before": None, "after": warrington.practitioner.pk},
                "version": {"before": version, "after": version + 1},
            },
        ),
        (
            warrington.practitioner.pk,
            task.person_id,
            {
                "owner": {"before": warrington.practitioner.pk, "after": None},
                "version": {"before": version + 1, "after": version + 2},
            },
        ),
    ]


def test_the_new_owner_is_told_naming_the_child_but_the_email_does_not(
    scene, django_capture_on_commit_callbacks
):
    _, warrington, _, task = scene
    with django_capture_on_commit_callbacks(execute=True):
        assign(warrington.manager, task, warrington.practitioner)
    [told] = Notification.objects.filter(
        recipient=warrington.practitioner, link=f"/tasks/{task.pk}/"
    )
    child = task.person.full_name
    assert told.subject == "A task has been assigned to you"
    assert told.body.startswith(
        f"{warrington.manager.full_name} assigned you '{task.title}' for {child} "
        f"(task {task.pk}, case {task.case.reference})."
    )
    due = timezone.localtime(task.due_at)
    assert f"It is due {due.day} {due:%B %Y} at {due:%H:%M}." in told.body
    [email] = [m for m in mail.outbox if m.to == [warrington.practitioner.email]]
    assert child not in email.body and task.person.family_name not in email.body
    assert f"task {task.pk}, case {task.case.reference}" in email.body


def test_nobody_is_told_when_someone_takes_a_task_themselves(scene):
    _, warrington, _, task = scene
    before = Notification.objects.count()
    assign(warrington.practitioner, task, warrington.practitioner)
    assert Notification.objects.count() == before


# ---------------------------------------------------------------------------------------------
# The task page


def post(client, task, action: str, **fields):
    return client.post(
        reverse("actions:task_detail", args=[task.pk]),
        {"action": action, "version": fresh(task).version, **fields},
    )


class TestTaskPage:
    def test_a_manager_sees_the_team_to_choose_from_and_assigns(self, scene, verified_client):
        _, warrington, colleague, task = scene
        client = verified_client(warrington.manager)
        page = page_text(client.get(reverse("actions:task_detail", args=[task.pk])))
        assert "Not assigned: anyone in" in page and "Assign this task" in page
        assert colleague.full_name in page
        response = post(client, task, "assign", owner=colleague.pk)
        assert response.status_code == 302
        assert fresh(task).owner == colleague
        page = page_text(client.get(response.url))
        assert f"Task assigned to {colleague.full_name}." in page
        assert "Reassign this task" in page

    def test_a_manager_sends_a_task_back_to_no_one(self, scene, verified_client):
        _, warrington, colleague, task = scene
        assign(warrington.manager, task, colleague)
        client = verified_client(warrington.manager)
        response = post(client, task, "assign", owner="no_one")
        assert response.status_code == 302
        assert fresh(task).owner is None
        assert "Task sent back to your team's unassigned tasks." in page_text(
            client.get(response.url)
        )

    def test_a_practitioner_takes_then_hands_back(self, scene, verified_client):
        _, warrington, _, task = scene
        client = verified_client(warrington.practitioner)
        page = page_text(client.get(reverse("actions:task_detail", args=[task.pk])))
        assert "Take this task" in page and "Assign this task" not in page
        assert post(client, task, "take").status_code == 302
        page = page_text(client.get(reverse("actions:task_detail", args=[task.pk])))
        assert "You now own this task." in page and "Hand back to your team" in page
        assert post(client, task, "hand_back").status_code == 302
        assert fresh(task).owner is None

    def test_choosing_no_one_is_an_error_in_gov_uk_style(self, scene, verified_client):
        _, warrington, _, task = scene
        response = post(verified_client(warrington.manager), task, "assign", owner="")
        assert "Select who to assign the task to" in page_text(response)
        assert fresh(task).owner is None

    def test_a_stale_take_explains_who_took_it(self, scene, verified_client):
        _, warrington, colleague, task = scene
        version = fresh(task).version
        assign(colleague, task, colleague)
        response = verified_client(warrington.practitioner).post(
            reverse("actions:task_detail", args=[task.pk]), {"action": "take", "version": version}
        )
        page = page_text(response)
        assert "Your changes have not been saved" in page
        assert f"{colleague.email} changed owner" in page
        assert fresh(task).owner == colleague

    def test_someone_who_sees_the_task_but_is_not_in_its_team_gets_403(
        self, scene, verified_client
    ):
        world, _, _, task = scene
        share(world, task.case, world.school, ["tasks"])
        client = verified_client(world.school.practitioner)
        assert client.get(reverse("actions:task_detail", args=[task.pk])).status_code == 200
        assert post(client, task, "take").status_code == 403
        assert fresh(task).owner is None


class TestTaskList:
    def test_shows_who_each_task_is_assigned_to_and_filters_mine_and_unassigned(
        self, scene, verified_client
    ):
        _, warrington, colleague, task = scene
        assign(warrington.manager, task, colleague)
        other = Task.objects.filter(case=task.case, team=task.team, status=TaskStatus.OPEN)
        other = other.exclude(pk=task.pk).first()
        assign(warrington.manager, other, warrington.practitioner)
        client = verified_client(warrington.practitioner)
        url = reverse("actions:task_list")

        everything = page_text(client.get(url))
        assert colleague.full_name in everything and "Assigned to" in everything
        mine = page_text(client.get(url, {"owner": "me"}))
        assert reverse("actions:task_detail", args=[other.pk]) in mine
        assert reverse("actions:task_detail", args=[task.pk]) not in mine
        unassigned = page_text(client.get(url, {"owner": "none"}))
        assert reverse("actions:task_detail", args=[task.pk]) not in unassigned
        assert reverse("actions:task_detail", args=[other.pk]) not in unassigned
        nobody = Task.objects.filter(team=task.team, owner__isnull=True, status=TaskStatus.OPEN)
        assert all(reverse("actions:task_detail", args=[t.pk]) in unassigned for t in nobody)

    def test_a_long_list_is_shown_a_page_at_a_time_in_clock_order_keeping_the_filter(
        self, scene, verified_client
    ):
        world, warrington, _, task = scene
        for _ in range(PAGE_SIZE // 3):  # each case gives the team a few unassigned tasks
            open_case(world)
        open_tasks = Task.objects.filter(team=task.team, status=TaskStatus.OPEN)
        nobody = by_clock(open_tasks.filter(owner__isnull=True))
        total = nobody.count()
        assert PAGE_SIZE < total <= 2 * PAGE_SIZE
        client = verified_client(warrington.practitioner)
        url = reverse("actions:task_list")

        first = client.get(url, {"owner": "none"}).content.decode()
        assert first.count("data-task-code=") == PAGE_SIZE
        assert f"{total} open tasks not assigned to anyone" in first
        assert 'href="?owner=none&amp;page=2"' in first
        second = client.get(url, {"owner": "none", "page": 2}).content.decode()
        assert second.count("data-task-code=") == total - PAGE_SIZE
        shown = [reverse("actions:task_detail", args=[t.pk]) for t in nobody]
        assert all(link in first for link in shown[:PAGE_SIZE])
        assert all(link in second for link in shown[PAGE_SIZE:])


# ---------------------------------------------------------------------------------------------
# POST /api/v1/tasks/{id}/assign/


class TestAssignApi:
    def test_a_manager_assigns_and_the_task_says_who_owns_it(self, scene, api):
        _, warrington, colleague, task = scene
        response = api(warrington.manager).post(
            f"/api/v1/tasks/{task.pk}/assign/",
            {"owner": colleague.pk, "version": fresh(task).version},
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["owner"] == {"id": colleague.pk, "full_name": colleague.full_name}
        assert body["version"] == fresh(task).version
        listed = api(colleague).get("/api/v1/tasks/?team=mine&owner=me").json()["results"]
        assert [item["id"] for item in listed] == [task.pk]

    def test_a_practitioner_takes_with_their_own_id_and_hands_back_with_null(self, scene, api):
        _, warrington, _, task = scene
        client = api(warrington.practitioner)
        url = f"/api/v1/tasks/{task.pk}/assign/"
        taken = client.post(
            url, {"owner": warrington.practitioner.pk, "version": fresh(task).version}, "json"
        )
        assert taken.json()["owner"]["id"] == warrington.practitioner.pk
        back = client.post(url, {"owner": None, "version": fresh(task).version}, "json")
        assert back.status_code == 200 and back.json()["owner"] is None

    def test_stale_version_is_409_and_nothing_changes(self, scene, api):
        _, warrington, colleague, task = scene
        version = fresh(task).version
        assign(colleague, task, colleague)
        response = api(warrington.practitioner).post(
            f"/api/v1/tasks/{task.pk}/assign/",
            {"owner": warrington.practitioner.pk, "version": version},
            format="json",
        )
        assert response.status_code == 409, response.content
        assert fresh(task).owner == colleague

    def test_refusals(self, scene, api):
        world, warrington, colleague, task = scene
        url = f"/api/v1/tasks/{task.pk}/assign/"
        body = {"owner": colleague.pk, "version": fresh(task).version}
        # A practitioner giving a task to someone else: 403. Someone outside the team: 400.
        assert api(warrington.practitioner).post(url, body, format="json").status_code == 403
        outsider = {"owner": world.police.practitioner.pk, "version": body["version"]}
        assert_refused(
            api(warrington.manager).post(url, outsider, format="json"),
            "owner",
            contains="Select a practitioner or manager",
        )
        # The owner is required: leaving it out never unassigns by accident.
        assert_refused(
            api(warrington.manager).post(url, {"version": body["version"]}, format="json"),
            "owner",
        )
        # A task the caller cannot see is "not found", exactly like a missing one.
        halton = api(world.la("halton").manager)
        before = audit_rows()
        hidden = halton.post(url, body, format="json")
        missing = halton.post("/api/v1/tasks/999999/assign/", body, format="json")
        assert_like_missing(hidden, missing)
        assert audit_rows() == before
        assert fresh(task).owner is None

    def test_owner_filter_none_lists_only_tasks_nobody_owns(self, scene, api):
        _, warrington, _, task = scene
        assign(warrington.manager, task, warrington.practitioner)
        listed = api(warrington.manager).get("/api/v1/tasks/?owner=none").json()["results"]
        assert listed and task.pk not in [item["id"] for item in listed]
        assert all(item["owner"] is None for item in listed)
        wrong = api(warrington.manager).get("/api/v1/tasks/?owner=someone")
        assert_refused(wrong, "owner", contains='Choose "me" or "none"')
