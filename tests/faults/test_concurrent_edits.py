"""Two people edit one case, one person and one task at once (decisions 0004, 0009, 0039): the
first save wins; the second is told who changed what (a message on the page, 409 in the API)
and nothing is lost: the page keeps what the second person typed, now carrying the current
version, so sending it again saves it beside the first change; the API's 409 gives
``current_version`` for the same retry. A real race of two requests on PostgreSQL lets exactly
one through."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from haven.actions.models import Task, TaskStatus
from haven.cases.models import Case, CaseStatus
from haven.cases.tests.world import make_child, open_case
from haven.core.tests.support import text
from haven.people.models import Person
from haven.people.tests.test_views import person_form_data

pytestmark = pytest.mark.django_db

TOLD = "saved this record while you were editing it"
REASON = "The family moved to Scotland; the case transfers to their local authority today."
NOTE = "Strategy meeting held on Monday with police, school and health; minutes on file."


def a_task(case) -> Task:
    return Task.objects.filter(case=case, status=TaskStatus.OPEN).order_by("pk").first()


class TestCase:
    def test_page(self, world, verified_client):
        warrington = world.la("warrington")
        case = open_case(world)
        allocating, closing = (
            verified_client(warrington.manager),
            verified_client(warrington.manager),
        )
        read = case.version
        allocate = reverse("cases:case_allocate", args=[case.pk])
        close = reverse("cases:case_close", args=[case.pk])
        assert (
            allocating.post(
                allocate, {"practitioner": warrington.practitioner.pk, "version": read}
            ).status_code
            == 302
        )

        refused = closing.post(close, {"reason": REASON, "version": read})
        page = text(refused)
        assert refused.status_code == 200
        assert TOLD in page and "lead practitioner" in page
        assert REASON in page  # what they wrote is still in the box
        assert f'name="version" value="{read + 1}"' in page
        assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

        assert closing.post(close, {"reason": REASON, "version": read + 1}).status_code == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.CLOSED and case.closed_reason == REASON
        assert case.lead_practitioner == warrington.practitioner  # the first change stands

    def test_api(self, world, api):
        warrington = world.la("warrington")
        case = open_case(world)
        first, second = api(warrington.manager), api(warrington.manager)
        read = first.get(f"/api/v1/cases/{case.pk}/").json()["version"]
        allocate = f"/api/v1/cases/{case.pk}/allocate/"
        assert (
            first.post(
                allocate,
                {"practitioner": warrington.practitioner.pk, "version": read},
                format="json",
            ).status_code
            == 200
        )

        body = {"status": "closed", "closed_reason": REASON, "version": read}
        refused = second.patch(f"/api/v1/cases/{case.pk}/", body, format="json")
        assert refused.status_code == 409
        conflict = refused.json()
        assert conflict["current_version"] == read + 1
        assert conflict["changes"][0]["by"] == warrington.manager.email
        assert "lead_practitioner" in conflict["changes"][0]["fields"]

        retried = second.patch(
            f"/api/v1/cases/{case.pk}/",
            {**body, "version": conflict["current_version"]},
            format="json",
        )
        assert retried.status_code == 200
        case.refresh_from_db()
        assert (case.status, case.lead_practitioner) == (
            CaseStatus.CLOSED,
            warrington.practitioner,
        )


class TestPerson:
    def test_page(self, world, verified_client):
        la = world.la("warrington")
        person = make_child(la.practitioner)
        first, second = verified_client(la.practitioner), verified_client(la.manager)
        url = reverse("people:edit", args=[person.pk])
        read = Person.objects.get(pk=person.pk)
        assert first.post(url, person_form_data(read, family_name="Smith")).status_code == 302

        refused = second.post(url, person_form_data(read, first_language="Arabic (Syrian)"))
        page = text(refused)
        assert TOLD in page and la.practitioner.email in page
        # Theirs is kept, the other's change to a field they left alone is taken in.
        assert 'value="Arabic (Syrian)"' in page and 'value="Smith"' in page
        resent = person_form_data(
            read, first_language="Arabic (Syrian)", family_name="Smith", version=read.version + 1
        )
        assert second.post(url, resent).status_code == 302
        person.refresh_from_db()
        assert (person.family_name, person.first_language) == ("Smith", "Arabic (Syrian)")

    def test_api(self, world, api):
        la = world.la("warrington")
        person = make_child(la.practitioner)
        first, second = api(la.practitioner), api(la.manager)
        url = f"/api/v1/people/{person.pk}/"
        read = second.get(url).json()["version"]
        assert (
            first.patch(url, {"family_name": "Smith", "version": read}, format="json").status_code
            == 200
        )

        refused = second.patch(url, {"first_language": "Arabic", "version": read}, format="json")
        assert refused.status_code == 409
        conflict = refused.json()
        assert conflict["changes"][0]["fields"]["family_name"]["after"] == "Smith"
        retried = second.patch(
            url, {"first_language": "Arabic", "version": conflict["current_version"]}, format="json"
        )
        assert retried.status_code == 200
        person.refresh_from_db()
        assert (person.family_name, person.first_language) == ("Smith", "Arabic")


class TestTask:
    def test_page(self, world, verified_client):
        la = world.la("warrington")
        task = a_task(open_case(world))
        taking, completing = verified_client(la.practitioner), verified_client(la.manager)
        url = reverse("actions:task_detail", args=[task.pk])
        read = task.version
        assert taking.post(url, {"action": "take", "version": read}).status_code == 302

        refused = completing.post(url, {"action": "complete", "note": NOTE, "version": read})
        page = text(refused)
        assert refused.status_code == 200
        assert TOLD in page and la.practitioner.email in page
        assert NOTE in page

        resent = {"action": "complete", "note": NOTE, "version": read + 1}
        assert completing.post(url, resent).status_code == 302
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE and task.owner == la.practitioner

    def test_api(self, world, api):
        la = world.la("warrington")
        task = a_task(open_case(world))
        first, second = api(la.practitioner), api(la.manager)
        read = task.version
        assign = f"/api/v1/tasks/{task.pk}/assign/"
        complete = f"/api/v1/tasks/{task.pk}/complete/"
        assert (
            first.post(
                assign, {"owner": la.practitioner.pk, "version": read}, format="json"
            ).status_code
            == 200
        )

        refused = second.post(complete, {"note": NOTE, "version": read}, format="json")
        assert refused.status_code == 409
        current = refused.json()["current_version"]
        assert (
            second.post(complete, {"note": NOTE, "version": current}, format="json").status_code
            == 200
        )
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE and task.owner == la.practitioner


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a true race needs two database connections; the test SQLite database is in memory",
)
def test_two_requests_racing_to_complete_one_task_one_wins(world, api):
    la = world.la("warrington")
    task = a_task(open_case(world))
    read = task.version
    clients = [api(la.practitioner), api(la.manager)]
    start = threading.Barrier(len(clients))
    answers = []

    def complete(client, note):
        start.wait()
        try:
            response = client.post(
                f"/api/v1/tasks/{task.pk}/complete/",
                {"note": note, "version": read},
                format="json",
            )
            answers.append(response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=complete, args=(client, f"{NOTE} ({n})"))
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 409]
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.version == read + 1
