"""SQL, HTML and template injection (issue 16 point 6): what anyone types is stored as typed and
shown back inert, on every page that shows it.

Every free-text field of every Haven model (a ``CharField`` or ``TextField`` without choices,
long enough to hold a sentence) of every record in the access matrix's scene is given the
attacks below, as if typed into the form or API that writes it (``FREE_TEXT`` finds them from
the models, so a new field is attacked the day it is added; what it leaves out, it says why).
Fields holding a web address are given a ``javascript:`` address. Then every page of the matrix
(``ENDPOINTS``: one of each kind of record) is opened by the users of the scene who may see it
(the matrix's cell says so), and must show the text escaped: no live ``<script>``, no
``{{ 7*7 }}`` worked out to 49, no ``{% debug %}`` dump, no ``javascript:`` link. The SQL is
checked by sending it through a page form and the API: stored exactly as typed, every table
still there.
"""

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from haven.cases.models import CaseNote
from haven.core.tests.support import bearer
from tests.security.scene import ROLES, user_for
from tests.security.test_access_matrix import (
    ENDPOINTS,
    KNOWN_TO,
    LISTED,
    MATRIX,
    UNLISTED,
    VISIBLE,
    _shared_scene,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db

SQL = "'; DROP TABLE cases_case; --"
HTML = "<script>alert(1)</script>"
TEMPLATE = "XQ{{ 7*7 }}QX"
TAG = "XQ{% debug %}QX"
JAVASCRIPT = "javascript:alert(1)"
ATTACKS = (HTML, TEMPLATE, TAG, SQL, JAVASCRIPT)  # the most telling first, for short fields
# Each record's own number follows the attack (some texts are unique, a team's name in its
# agency): room for it.
ROW_NUMBER = 8
SHORTEST = len(HTML) + ROW_NUMBER  # a field that cannot hold one attack holds codes, not prose

# The cells of the access matrix where a role is shown the page: only those are opened.
SHOWN = (200, VISIBLE, KNOWN_TO, LISTED, UNLISTED)
# What each attack must never become on a page.
LIVE = {
    HTML: HTML,
    TEMPLATE: "XQ49QX",
    TAG: "XQ{&#x27;",  # {% debug %} dumps the context, escaped
    JAVASCRIPT: 'href="javascript:',
}

# Text fields that are not typed by anyone: written by Haven itself (the audit trail and its
# chain, search keys, stored form data, vocabulary codes, files' names on disk).
NOT_TYPED_APPS = {"audit", "drafts"}
NOT_TYPED_SUFFIXES = ("code", "codes", "_key", "key", "hash", "digest", "slug", "_type", "area")
NOT_TYPED = {"normalised", "password", "file", "reference", "source_reference", "secret"}
NOT_TYPED |= {"offence"}  # an offence's code in investigations/offences.yaml, chosen from a list
ADDRESS_FIELDS = {"link", "url", "website"}


def free_text_fields() -> list[models.Field]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("haven.") or model._meta.proxy:
            continue
        if model._meta.app_label in NOT_TYPED_APPS:
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.unique
                and (field.max_length is None or field.max_length >= SHORTEST)
                and field.name not in NOT_TYPED
                and not field.name.endswith(NOT_TYPED_SUFFIXES)
            ):
                found.append(field)
    return found


def attack_for(field: models.Field) -> str:
    if field.name in ADDRESS_FIELDS:
        return JAVASCRIPT
    room = None if field.max_length is None else field.max_length - ROW_NUMBER
    text = ""
    for attack in ATTACKS:
        if room is None or len(text) + len(attack) <= room:
            text += attack
    return text


@pytest.fixture
def attacked(_shared_scene):  # noqa: F811
    """The scene with every free-text field of every record attacked where something was
    typed (a blank one stays blank: some must, a Duty to Notify's name). Rolled back after."""
    fields = free_text_fields()
    for field in fields:
        numbered = Concat(Value(attack_for(field)), Cast("pk", models.CharField()))
        typed = field.model._default_manager.exclude(**{field.name: ""})
        typed.exclude(**{f"{field.name}__isnull": True}).update(**{field.name: numbered})
    return _shared_scene, fields


def test_every_page_shows_typed_attacks_inert(attacked, verified_client):
    scene, fields = attacked
    pages = {name: e for name, e in ENDPOINTS.items() if e.page and e.method == "get"}
    problems, shown, opened = [], 0, 0
    for column, role in enumerate(ROLES):
        client = verified_client(user_for(scene, role))
        client.raise_request_exception = False
        for name, endpoint in pages.items():
            if MATRIX[name][column] not in SHOWN:
                continue  # the matrix checks that a refusal shows nothing of the record
            url = endpoint.url(scene)
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{role} {url}: {response.status_code}")
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            opened += 1
            html = response.content.decode()
            shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
            problems += [
                f"{role} {url}: {live!r} (from {attack!r})"
                for attack, live in LIVE.items()
                if live in html
            ]
    print(
        f"\nInjection: {len(fields)} free-text fields attacked; {opened} pages opened, "
        f"{shown} showing the attack escaped"
    )
    assert len(fields) > 100
    assert shown > 50, "the attacked text should be on most pages"
    assert not problems, "Pages where an attack came alive:\n" + "\n".join(problems)


def test_sql_in_a_page_form_and_the_api_is_stored_as_typed(attacked, verified_client):
    scene, _ = attacked
    practitioner = scene.world.la("warrington").practitioner
    text = f"{SQL} {HTML} {TEMPLATE}"
    page = verified_client(practitioner)
    response = page.post(
        reverse("cases:note_add", args=[scene.case.pk]),
        {"text": f"page {text}", "sensitivity": "standard"},
    )
    assert response.status_code == 302
    api = bearer(practitioner)
    response = api.post(
        f"/api/v1/cases/{scene.case.pk}/notes/", {"text": f"api {text}"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["text"] == f"api {text}"

    stored = set(CaseNote.objects.filter(case=scene.case).values_list("text", flat=True))
    assert {f"page {text}", f"api {text}"} <= stored
    assert "cases_case" in connection.introspection.table_names()
