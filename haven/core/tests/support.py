"""Helpers shared by the tests of every app: reading pages and API answers, API clients that
sign in with a token, the two-factor sign-in steps, and finding the factory of a model.

Fixtures live in the root ``conftest.py``; the partnership the tests play in is
``haven.cases.tests.world``.
"""

import html
import importlib
import re

import factory
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from haven.accounts.services import api_token_create
from haven.accounts.tests.factories import TEST_PASSWORD
from haven.audit.models import AuditEvent, Verb

# The API's answer for a record that does not exist or that the caller may not see.
NOT_FOUND = {"errors": {"detail": ["Not found."]}}
# ISO 8601 with seconds and an explicit UTC offset (never "Z", never naive).
OFFSET_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def text(response) -> str:
    """A page's HTML with entities decoded, to look for the words a user reads."""
    return html.unescape(response.content.decode())


def page_text(response) -> str:
    """A page's text with entities decoded, after checking it answered 200."""
    assert response.status_code == 200, response.status_code
    return text(response)


def api_message(response, field: str) -> str:
    """The one API error message of a 400 that names only ``field``."""
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == [field], errors
    [message] = errors[field]
    return message


def error_summary_links(response) -> list[str]:
    """The ids the error summary links to, in its order."""
    content = response.content.decode()
    summary = content[content.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'href="#([^"]+)"', summary)


def assert_error_summary_in_page_order(response) -> None:
    """GOV.UK: the error summary lists the problems in the order the fields appear on the
    page, each linking to a field that is there."""
    content = response.content.decode()
    links = error_summary_links(response)
    assert links, "the page shows no error summary links"
    body = content[content.index("govuk-error-summary__list") :]
    positions = []
    for target in links:
        found = re.search(rf'id="{re.escape(target)}"', body)
        assert found, f"the error summary links to #{target}, which is not on the page"
        positions.append(found.start())
    assert positions == sorted(positions), f"error summary out of page order: {links}"


def missing_id(model) -> int:
    """An id no row of ``model`` has."""
    last = model.objects.order_by("-pk").first()
    return (last.pk if last else 0) + 1000


def audit_rows() -> int:
    """Audit rows a refused request must not add: the test client's own log-in
    (``verified_api_client`` logs in when called) is not about the record."""
    return AuditEvent.objects.exclude(verb=Verb.LOGGED_IN).count()


def assert_like_missing(hidden, missing) -> None:
    """The answer about a record the caller may not see (``hidden``) is exactly the answer
    about one that does not exist (``missing``): a 404 with the API's "not found"."""
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == NOT_FOUND


def assert_refused(response, field: str, *, contains: str = "", status: int = 400) -> None:
    """The response is exactly {"errors": {field: [message, ...]}}."""
    assert response.status_code == status, response.content
    body = response.json()
    assert list(body) == ["errors"]
    assert list(body["errors"]) == [field], body
    messages = body["errors"][field]
    assert messages
    assert all(isinstance(m, str) and m for m in messages)
    assert contains in " ".join(messages)


def bearer(user, *, name: str = "integration", **client_options) -> APIClient:
    """A client that authenticates only with a personal API token, as partner systems do."""
    _, secret = api_token_create(actor=user, user=user, name=name)
    client = APIClient(**client_options)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def login_password_step(client, email: str, password: str = TEST_PASSWORD, **extra):
    """The first sign-in step: email and password."""
    return client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "auth", "auth-username": email, "auth-password": password},
        **extra,
    )


def login_backup_step(client, code: str):
    """The second sign-in step with a backup code instead of the authenticator app."""
    client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "token", "wizard_goto_step": "backup"},
    )
    return client.post(
        reverse("two_factor:login"),
        {"login_view-current_step": "backup", "backup-otp_token": code},
    )


def model_factories() -> dict[type, type[factory.django.DjangoModelFactory]]:
    """The factory of each model that has one, from every Haven app's ``tests/factories.py``:
    the factory named after the model (``PersonFactory``), else the first found for it."""
    found: dict[type, type] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("haven."):
            continue
        name = f"{config.name}.tests.factories"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name is not None and name.startswith(missing.name):
                continue  # the app has no factories
            raise
        for attribute, value in vars(module).items():
            if not (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value.__module__ == name
                and value._meta.model is not None
            ):
                continue
            model = value._meta.model
            if attribute == f"{model.__name__}Factory" or model not in found:
                found[model] = value
    return found
