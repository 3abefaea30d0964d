"""The tasks API: a case's tasks, the caller's team's tasks and completing a task, with the
pages' access rules. Dates come from the clock the test runs at, or from a clock it freezes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.actions.models import OPEN_STATUSES, Task, TaskStatus
from haven.actions.selectors import clock_state
from haven.actions.services import task_mark_not_needed
from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Case
from haven.cases.tests.world import learn, make_child, open_case, raise_concern, share
from haven.core.tests.support import (
    NOT_FOUND,
    OFFSET_DATETIME,
    assert_like_missing,
    audit_rows,
    missing_id,
)
from haven.people.services import relationship_add
from haven.screening.models import Circumstance
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"id", "code", "title", "status", "owner_team", "due_by"}


def viewed(user, target_type: str, target_id: str) -> int:
    return AuditEvent.objects.filter(
        actor=user, verb=Verb.VIEWED, target_type=target_type, target_id=target_id
    ).count()


# ---------------------------------------------------------------------------------------------
# GET /api/v1/cases/{id}/tasks/


class TestCaseTasks:
    @pytest.mark.parametrize(
        ("now", "due_at", "due_by"),
        [
            # Winter: UK time is UTC, and the offset is still written out.
            (
                datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
                datetime(2026, 12, 4, 17, 0, tzinfo=UTC),
                "2026-12-04T17:00:00+00:00",
            ),
            # Summer: UK time is an hour ahead of UTC.
            (
                datetime(2027, 6, 1, 10, 0, tzinfo=UTC),
                datetime(2027, 6, 4, 16, 0, tzinfo=UTC),
                "2027-06-04T17:00:00+01:00",
            ),
        ],
        ids=["winter", "summer"],
    )
    def test_the_contract_keys_and_due_by_with_its_offset(
        self, world, api, time_machine, now, due_at, due_by
    ):
        time_machine.move_to(now, tick=False)
        case = open_case(world)
        task = Task.objects.get(case=case, code="strategy_meeting")
        Task.objects.filter(pk=task.pk).update(due_at=due_at)

        response = api(world.la("warrington").practitioner).get(f"/api/v1/cases/{case.pk}/tasks/")

        assert response.status_code == 200, response.content
        body = response.json()
        assert isinstance(body, list)
        assert [item["id"] for item in body] == [
            t.pk for t in Task.objects.filter(case=case).order_by("status", "due_at", "pk")
        ]
        for item in body:
            assert set(item) >= CONTRACT_KEYS
            assert item["due_by"] is None or OFFSET_DATETIME.match(item["due_by"]), item
        item = next(i for i in body if i["id"] == task.pk)
        assert item["due_by"] == due_by
        assert item["code"] == "strategy_meeting"
        assert item["title"] == task.title
        assert item["status"] == "open"
        assert item["owner_team"] == task.team.name
        assert item["owner_team_id"] == task.team_id
        assert item["version"] == task.version
        assert item["clock"] == "on_time"

    def test_due_by_is_the_stored_due_time_in_uk_time(self, world, api):
        case = open_case(world)
        body = api(world.la("warrington").practitioner).get(f"/api/v1/cases/{case.pk}/tasks/")
        for item in body.json():
            task = Task.objects.get(pk=item["id"])
            expected = timezone.localtime(task.due_at).isoformat() if task.due_at else None
            assert item["due_by"] == expected
            if task.due_at:
                assert datetime.fromisoformat(item["due_by"]) == task.due_at

    def test_the_read_is_audited_for_each_child_the_tasks_are_about(self, world, api):
        la = world.la("warrington")
        child = make_child(world.police.practitioner)
        sister = make_child(world.police.practitioner, given_name="Lina")
        relationship_add(actor=la.manager, person=sister, other=child, kind="sibling")
        concern = raise_concern(world.police.practitioner, child)
        case = concern_decide(actor=la.manager, concern=concern, decision="accept").case
        learn(la.manager, case, Circumstance.PARENTS_OR_CARERS_COMPLICIT, True)
        assert Task.objects.filter(case=case, person=sister).exists()

        body = api(la.practitioner).get(f"/api/v1/cases/{case.pk}/tasks/").json()

        assert {item["person_id"] for item in body} == {child.pk, sister.pk}
        rows = AuditEvent.objects.filter(
            actor=la.practitioner,
            verb=Verb.VIEWED,
            target_type="actions.task",
            target_id=f"case:{case.pk}",
        )
        assert sorted(rows.values_list("person_id", flat=True)) == sorted([child.pk, sister.pk])

    def test_a_share_with_the_tasks_section_sees_them_and_without_it_404(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["tasks"])
        share(world, case, world.health, ["chronology"])
        school = api(world.school.practitioner).get(f"/api/v1/cases/{case.pk}/tasks/")
        assert school.status_code == 200
        assert {i["id"] for i in school.json()} == set(
            Task.objects.filter(case=case).values_list("pk", flat=True)
        )
        health = api(world.health.practitioner)
        assert health.get(f"/api/v1/cases/{case.pk}/").status_code == 200
        before = audit_rows()
        response = health.get(f"/api/v1/cases/{case.pk}/tasks/")
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
        assert audit_rows() == before

    def test_another_agency_gets_exactly_what_a_missing_case_gives(self, world, api):
        case = open_case(world)
        client = api(world.la("halton").manager)
        before = audit_rows()
        hidden = client.get(f"/api/v1/cases/{case.pk}/tasks/")
        missing = client.get(f"/api/v1/cases/{missing_id(Case)}/tasks/")
        assert_like_missing(hidden, missing)
        assert audit_rows() == before

    def test_roles_without_cases_get_404(self, world, api):
        case = open_case(world)
        for user in (world.admin, world.auditor, world.strategic_lead):
            assert api(user).get(f"/api/v1/cases/{case.pk}/tasks/").json() == NOT_FOUND


# ---------------------------------------------------------------------------------------------
# GET /api/v1/tasks/


class TestTeamTasks:
    @pytest.fixture
    def clocks(self, world, time_machine):
        """At a frozen instant, the lead team's open tasks: one overdue, one due at exactly
        now (not yet overdue), one due tomorrow and one without a clock; the rest next week."""
        now = datetime(2027, 8, 27, 14, 30, tzinfo=UTC)
        time_machine.move_to(now, tick=False)
        case = open_case(world)
        # A school's concern too: the police's own concern leaves too few open tasks (its
        # "report to the police" is done by Haven).
        raise_concern(world.school.practitioner, make_child(world.school.practitioner))
        team = world.la("warrington").team
        tasks = list(Task.objects.filter(team=team, status__in=OPEN_STATUSES).order_by("pk"))
        assert len(tasks) >= 4
        overdue, at_now, tomorrow, no_clock, *rest = tasks
        Task.objects.filter(pk=overdue.pk).update(due_at=now - timedelta(hours=1))
        Task.objects.filter(pk=at_now.pk).update(due_at=now)
        Task.objects.filter(pk=tomorrow.pk).update(due_at=now + timedelta(days=1))
        Task.objects.filter(pk=no_clock.pk).update(due_at=None, due_note="At the meeting")
        Task.objects.filter(pk__in=[t.pk for t in rest]).update(due_at=now + timedelta(days=7))
        return {
            "now": now,
            "case": case,
            "overdue": overdue.pk,
            "at_now": at_now.pk,
            "tomorrow": tomorrow.pk,
            "no_clock": no_clock.pk,
            "all": [t.pk for t in tasks],
        }

    def test_lists_the_team_s_open_tasks_soonest_first_paginated(self, world, api, clocks):
        practitioner = world.la("warrington").practitioner
        body = api(practitioner).get("/api/v1/tasks/?page_size=100").json()
        assert set(body) >= {"count", "next", "previous", "results"}
        assert body["count"] == len(clocks["all"])
        ids = [t["id"] for t in body["results"]]
        assert ids[:3] == [clocks["overdue"], clocks["at_now"], clocks["tomorrow"]]
        assert ids[-1] == clocks["no_clock"]
        assert all(set(t) >= CONTRACT_KEYS for t in body["results"])
        first = api(practitioner).get("/api/v1/tasks/?page_size=2").json()
        assert [t["id"] for t in first["results"]] == ids[:2]
        assert first["next"]

    def test_overdue_true_keeps_only_tasks_whose_due_time_has_passed(self, world, api, clocks):
        body = api(world.la("warrington").practitioner).get("/api/v1/tasks/?overdue=true").json()
        assert [t["id"] for t in body["results"]] == [clocks["overdue"]]
        assert body["results"][0]["clock"] == "overdue"
        assert (
            body["results"][0]["due_by"]
            == (clocks["now"] - timedelta(hours=1))
            .astimezone(timezone.get_current_timezone())
            .isoformat()
        )

    def test_overdue_false_keeps_the_others(self, world, api, clocks):
        body = api(world.la("warrington").practitioner).get("/api/v1/tasks/?overdue=false").json()
        ids = {t["id"] for t in body["results"]}
        assert ids == set(clocks["all"]) - {clocks["overdue"]}
        assert {clocks["at_now"], clocks["tomorrow"], clocks["no_clock"]} <= ids
        assert all(t["clock"] != "overdue" for t in body["results"])

    def test_the_filter_agrees_with_the_pages_clock(self, world, api, clocks):
        client = api(world.la("warrington").practitioner)
        overdue = {t["id"] for t in client.get("/api/v1/tasks/?overdue=true").json()["results"]}
        for task in Task.objects.filter(pk__in=clocks["all"]):
            assert (task.pk in overdue) == (clock_state(task, now=clocks["now"]) == "overdue")

    def test_team_mine_is_the_default_and_the_only_choice(self, world, api, clocks):
        client = api(world.la("warrington").practitioner)
        mine = client.get("/api/v1/tasks/?team=mine&overdue=true").json()
        assert [t["id"] for t in mine["results"]] == [clocks["overdue"]]
        response = client.get("/api/v1/tasks/?team=all")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["team"]
        response = client.get("/api/v1/tasks/?overdue=perhaps")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["overdue"]

    def test_closed_tasks_and_other_teams_tasks_are_not_listed(self, world, api, clocks):
        Task.objects.filter(pk=clocks["tomorrow"]).update(status=TaskStatus.DONE)
        body = api(world.la("warrington").practitioner).get("/api/v1/tasks/?page_size=100").json()
        ids = {t["id"] for t in body["results"]}
        assert clocks["tomorrow"] not in ids
        others = Task.objects.exclude(team=world.la("warrington").team)
        assert others.exists()
        assert not ids & set(others.values_list("pk", flat=True))
        halton = api(world.la("halton").practitioner).get("/api/v1/tasks/").json()
        assert halton["count"] == 0

    def test_the_read_is_audited_as_the_page_does(self, world, api, clocks):
        practitioner = world.la("warrington").practitioner
        api(practitioner).get("/api/v1/tasks/?overdue=true")
        assert viewed(practitioner, "actions.task", f"team:{practitioner.team_id}") == 1

    def test_roles_that_do_not_work_cases_get_403(self, world, api):
        for user in (world.admin, world.auditor, world.strategic_lead):
            assert api(user).get("/api/v1/tasks/").status_code == 403

    def test_the_number_of_queries_does_not_grow_with_the_tasks(self, world, api):
        open_case(world)
        client = api(world.la("warrington").practitioner)

        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                assert client.get("/api/v1/tasks/?page_size=100").status_code == 200
            return len(context)

        one_case = queries()
        for number in range(3):
            open_case(world, given_name=f"Child{number}")
        assert client.get("/api/v1/tasks/?page_size=100").json()["count"] > 10
        assert queries() == one_case


# ---------------------------------------------------------------------------------------------
# POST /api/v1/tasks/{id}/complete/


class TestComplete:
    @pytest.fixture
    def task(self, world):
        case = open_case(world)
        return Task.objects.get(case=case, code="strategy_meeting")

    def url(self, task_id: int) -> str:
        return f"/api/v1/tasks/{task_id}/complete/"

    def test_the_owning_team_completes_it_with_evidence(self, world, api, task):
        practitioner = world.la("warrington").practitioner
        response = api(practitioner).post(
            self.url(task.pk),
            {"version": task.version, "note": "Strategy discussion held with police."},
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) >= CONTRACT_KEYS
        assert body["id"] == task.pk
        assert body["status"] == "done"
        assert body["clock"] == "closed"
        assert body["version"] == task.version + 1
        assert body["completion_note"] == "Strategy discussion held with police."
        assert OFFSET_DATETIME.match(body["completed_at"])
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE
        assert task.completed_by == practitioner
        assert AuditEvent.objects.filter(
            actor=practitioner,
            verb=Verb.TASK_COMPLETED,
            target_type="actions.task",
            target_id=task.pk,
        ).exists()

    def test_a_stale_version_is_409_and_nothing_changes(self, world, api, task):
        practitioner, manager = world.la("warrington").practitioner, world.la("warrington").manager
        read_version = task.version
        task = task_mark_not_needed(
            actor=manager,
            task=task,
            reason="The police already held a strategy discussion.",
            expected_version=read_version,
        )
        client = api(practitioner)
        before = audit_rows()
        response = client.post(
            self.url(task.pk),
            {"version": read_version, "note": "Strategy discussion held with police."},
            format="json",
        )
        assert response.status_code == 409, response.content
        body = response.json()
        assert list(body["errors"]) == ["version"]
        assert body["current_version"] == read_version + 1
        assert body["changes"][0]["by"] == manager.email
        assert "status" in body["changes"][0]["fields"]
        assert audit_rows() == before
        stored = Task.objects.get(pk=task.pk)
        assert stored.status == TaskStatus.NOT_NEEDED_PENDING
        assert stored.completion_note == ""
        assert stored.completed_at is None
        assert stored.version == read_version + 1

    def test_a_missing_version_is_400_and_nothing_changes(self, world, api, task):
        client = api(world.la("warrington").practitioner)
        before = audit_rows()
        response = client.post(
            self.url(task.pk), {"note": "Strategy discussion held with police."}, format="json"
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["version"]
        assert "required" in response.json()["errors"]["version"][0]
        assert audit_rows() == before
        assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"note": "done"}, "note"),
            ({"note": ""}, "note"),
            ({"note": "x" * 15_001}, "note"),
            ({"version": 0}, "version"),
            ({"version": 2**31}, "version"),
            ({"approved": True}, "approved"),
        ],
        ids=["short-note", "blank-note", "long-note", "version-0", "version-too-big", "unknown"],
    )
    def test_bad_input_is_400_and_nothing_changes(self, world, api, task, body, field):
        client = api(world.la("warrington").practitioner)
        before = audit_rows()
        full = {"version": task.version, "note": "Strategy discussion held.", **body}
        response = client.post(self.url(task.pk), full, format="json")
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"]
        assert audit_rows() == before
        assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN

    def test_a_closed_task_cannot_be_completed_again(self, world, api, task):
        client = api(world.la("warrington").practitioner)
        note = {"note": "Strategy discussion held with police."}
        client.post(self.url(task.pk), {"version": task.version, **note}, format="json")
        response = client.post(
            self.url(task.pk), {"version": task.version + 1, **note}, format="json"
        )
        assert response.status_code == 400
        assert "already closed" in response.json()["errors"]["note"][0]

    def test_a_share_that_sees_the_task_but_may_not_work_it_gets_403(self, world, api, task):
        share(world, task.case, world.school, ["tasks"])
        client = api(world.school.manager)
        assert client.get(f"/api/v1/cases/{task.case_id}/tasks/").status_code == 200
        for body in ({"version": task.version, "note": "We did it."}, {}):
            response = client.post(self.url(task.pk), body, format="json")
            assert response.status_code == 403
        assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN

    def test_another_agency_gets_exactly_what_a_missing_task_gives(self, world, api, task):
        client = api(world.la("halton").manager)
        before = audit_rows()
        body = {"version": task.version, "note": "Strategy discussion held."}
        hidden = client.post(self.url(task.pk), body, format="json")
        missing = client.post(self.url(missing_id(Task)), body, format="json")
        assert_like_missing(hidden, missing)
        assert audit_rows() == before
        assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN

    def test_roles_that_do_not_work_cases_get_403(self, world, api, task):
        response = api(world.admin).post(
            self.url(task.pk), {"version": task.version, "note": "Done it all."}, format="json"
        )
        assert response.status_code == 403
