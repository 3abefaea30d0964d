"""The database connection drops in the middle of a request (decision 0039): pages answer the
GOV.UK "Sorry, the service is unavailable" page, the API its JSON error body, both 503 with
Retry-After, and a service interrupted between two of its writes leaves neither behind."""

import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    ProgrammingError,
    connection,
    connections,
)
from django.urls import reverse

from haven.actions.models import Task
from haven.audit.models import AuditEvent
from haven.cases.models import Case, CaseNote, Concern
from haven.cases.tests.test_api import concern_body
from haven.cases.tests.test_views import NEW_PERSON, concern_data
from haven.cases.tests.world import make_child, open_case
from haven.core.tests.support import text
from haven.core.views import API_MESSAGES
from haven.people.models import Person
from haven.screening.models import Screening
from tests.faults.support import connection_drops, inserting_into

UNAVAILABLE = "Sorry, the service is unavailable"


def rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Person, Concern, Screening, Task, Case, CaseNote, AuditEvent)
    }


def without_raising(client):
    """The test client re-raises a view's exception; a browser gets the error page instead."""
    client.raise_request_exception = False
    return client


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text(response)
    assert f'<h1 class="govuk-heading-l">{UNAVAILABLE}</h1>' in page
    assert "govuk-frontend" in page
    assert "may not have been saved" in page
    assert "Traceback" not in page


def assert_unavailable_json(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {"detail": [API_MESSAGES[503]]}}


@pytest.mark.django_db(transaction=True)
class TestInterruptedBetweenTwoWrites:
    """Recording a concern writes the person, the concern, its screening, its tasks and their
    audit rows in one transaction: the connection drops after the concern is written and before
    its screening is, and nothing of it is left."""

    def test_the_concern_page(self, world, verified_client):
        child = make_child(world.police.practitioner)
        client = without_raising(verified_client(world.police.practitioner))
        before = rows()
        with connection_drops(inserting_into("screening_screening")):
            response = client.post(reverse("cases:concern_create", args=[child.pk]), concern_data())
        assert_unavailable_page(response)
        assert rows() == before

    def test_the_concern_page_with_a_new_person(self, world, verified_client):
        client = without_raising(verified_client(world.police.practitioner))
        before = rows()
        with connection_drops(inserting_into("cases_concern")):
            response = client.post(
                reverse("cases:concern_create_new_person"), {**NEW_PERSON, **concern_data()}
            )
        assert_unavailable_page(response)
        assert rows() == before  # the person written first went with the concern

    def test_the_concerns_api(self, world, api):
        client = without_raising(api(world.police.practitioner))
        before = rows()
        with connection_drops(inserting_into("screening_screening")):
            response = client.post("/api/v1/concerns/", concern_body(), format="json")
        assert_unavailable_json(response)
        assert rows() == before

    def test_a_case_note_and_its_audit_row(self, world, verified_client):
        case = open_case(world)
        client = without_raising(verified_client(world.la("warrington").practitioner))
        before = rows()
        with connection_drops(inserting_into("audit_auditevent")):
            response = client.post(
                reverse("cases:note_add", args=[case.pk]),
                {"text": "Mother rang at 10:00.", "sensitivity": "standard"},
            )
        assert_unavailable_page(response)
        assert rows() == before

    def test_sending_again_once_the_database_is_back_records_it_once(self, world, api):
        client = without_raising(api(world.police.practitioner))
        with connection_drops(inserting_into("screening_screening")):
            assert (
                client.post("/api/v1/concerns/", concern_body(), format="json").status_code == 503
            )
        assert client.post("/api/v1/concerns/", concern_body(), format="json").status_code == 201
        assert Concern.objects.count() == Screening.objects.count() == 1


@pytest.mark.django_db
class TestReadingWhileTheDatabaseIsDown:
    def test_a_case_page(self, world, verified_client):
        case = open_case(world)
        client = without_raising(verified_client(world.la("warrington").practitioner))
        with connection_drops(lambda sql: '"cases_case"' in sql):
            assert_unavailable_page(client.get(reverse("cases:case_detail", args=[case.pk])))

    def test_the_case_api(self, world, api):
        case = open_case(world)
        client = without_raising(api(world.la("warrington").practitioner))
        with connection_drops(lambda sql: '"cases_case"' in sql):
            assert_unavailable_json(client.get(f"/api/v1/cases/{case.pk}/"))

    def test_a_connection_closed_under_the_request(self, world, verified_client):
        """``InterfaceError`` ("connection already closed") is the same outage."""
        client = without_raising(verified_client(world.la("warrington").practitioner))

        def closed(execute, sql, params, many, context):
            raise InterfaceError("connection already closed")

        with connection.execute_wrapper(closed):
            assert_unavailable_page(client.get(reverse("cases:case_list")))
            assert_unavailable_json(client.get("/api/v1/cases/"))

    def test_a_wrong_query_is_still_a_500(self, world, verified_client):
        """Only a lost connection is "unavailable": a programming error is not retried."""
        client = without_raising(verified_client(world.la("warrington").practitioner))

        def broken(execute, sql, params, many, context):
            raise ProgrammingError("no such column")

        with connection.execute_wrapper(broken):
            response = client.get(reverse("cases:case_list"))
        assert response.status_code == 500
        assert "Retry-After" not in response


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_terminate_backend is PostgreSQL's"
)
def test_the_server_ends_the_requests_connection_mid_write(world, verified_client):
    """No simulation: PostgreSQL itself terminates the request's backend after the concern is
    written and before its screening is."""
    child = make_child(world.police.practitioner)
    client = without_raising(verified_client(world.police.practitioner))
    before = rows()
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    about_to_screen = inserting_into("screening_screening")
    terminated = []

    def terminate_first(execute, sql, params, many, context):
        if about_to_screen(sql) and not terminated:
            pid = context["connection"].connection.info.backend_pid
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                terminated.append(cursor.fetchone()[0])
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(terminate_first):
            response = client.post(reverse("cases:concern_create", args=[child.pk]), concern_data())
    finally:
        other.close()
    assert terminated == [True]
    assert_unavailable_page(response)
    assert rows() == before
