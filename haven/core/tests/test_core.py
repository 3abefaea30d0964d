import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.accounts.models import Role
from haven.accounts.roles import ROLE_SUMMARIES
from haven.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "pending_migrations": 0}


@pytest.mark.parametrize("role", list(Role))
def test_start_page_tells_each_role_what_it_can_do(verified_client, role):
    response = verified_client(UserFactory(role=role)).get(reverse("core:start"))
    body = response.content.decode()
    assert response.status_code == 200
    for line in ROLE_SUMMARIES[role]:
        assert line.replace("'", "&#x27;") in body


def test_not_found_page_is_the_service_page(verified_client):
    response = verified_client(UserFactory()).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_api_errors_have_one_shape(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"errors"}


def test_openapi_schema_and_docs_need_log_in(client, verified_client):
    assert client.get("/api/schema/").status_code in (401, 403)
    user_client = verified_client(UserFactory())
    schema = user_client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = user_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_request_id_is_echoed_when_well_formed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-proxy")
    assert response["X-Request-ID"] == "abc12345-proxy"
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] != "bad id with spaces"


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


def test_start_page_links_only_to_what_the_role_can_use(verified_client):
    practitioner = verified_client(UserFactory(role=Role.PRACTITIONER)).get(reverse("core:start"))
    assert 'href="/concerns/new/"' in practitioner.content.decode()
    admin = verified_client(UserFactory(role=Role.ADMIN)).get(reverse("core:start"))
    body = admin.content.decode()
    assert 'href="/account/admin/users/"' in body
    assert 'href="/cases/"' not in body and 'href="/concerns/new/"' not in body
