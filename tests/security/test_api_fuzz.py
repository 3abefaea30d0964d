"""Schemathesis over the whole API, in process (penetration test, issue 9; issue 16 point 6):
whatever a client sends that the OpenAPI schema allows, and much that it does not, must never be
a server error, and every answer must be what the schema documents.

Each operation of ``/api/schema/`` is called with examples Schemathesis generates from the schema
(valid bodies, query strings and path parameters, and invalid ones), by a verified Warrington
practitioner with a personal API token, against the test scene of ``scene.py``. Half of the
generated record ids are swapped for ids that exist, so calls also reach records the caller may
see and not only "not found". Each answer is checked: no 5xx, a status code the operation
documents, the content type and headers it documents, and a body that matches the documented
schema of that status (``CHECKS``). The test reports how many operations and examples it ran and
the statuses answered (at the end of the run's output, "reported by tests", and in the JUnit
file), and fails unless it ran every operation the schema has.

``HAVEN_FUZZ_EXAMPLES`` sets the examples per operation and mode (default 5: about 1,000 calls
and a minute or two on two cores). For a longer run::

    HAVEN_FUZZ_EXAMPLES=200 .venv/bin/pytest tests/security/test_api_fuzz.py -p no:xdist -s
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.response import Response
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import RUN_REPORT
from haven.accounts.api import MeView
from haven.accounts.services import api_token_create
from haven.actions.models import Task
from tests.security.endpoints import api_operations, api_schema
from tests.security.scene import build_scene

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "5"))

# The schema /api/schema/ serves (generating it reads no records), called in process through
# Django's WSGI application.
schema = schemathesis.openapi.from_dict(api_schema())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def _one_transaction():
    """Like Django's test client, the WSGI application must not close the database connection
    after each request: that would end the test's transaction, and the scene with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_scene():
    scene = build_scene()
    practitioner = scene.world.la("warrington").practitioner
    _, secret = api_token_create(actor=practitioner, user=practitioner, name="Schemathesis")
    return scene, {"Authorization": f"Bearer {secret}"}


def existing_ids(scene) -> dict[str, object]:
    task = Task.objects.filter(case=scene.case).order_by("pk").first()
    return {
        "case_id": scene.case.pk,
        "task_id": task.pk,
        "person_id": scene.person.pk,
        "concern_id": scene.pending_concern.pk,
        "share_id": scene.school_share.pk,
        "area": "warrington",
    }


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def fuzz(operation, mode, *, headers: dict, known: dict, statuses: Counter) -> list[str]:
    """Call one operation with up to ``MAX_EXAMPLES`` generated examples of one mode; what
    broke the schema."""
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        for name, value in (case.path_parameters or {}).items():
            # Deterministic: about half the generated values become a record that exists.
            if name in known and sum(map(ord, str(value))) % 2 == 0:
                case.path_parameters[name] = known[name]
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}): {str(failure)[:600]}")

    run()
    return failures


def test_every_operation_answers_as_its_schema_says(fuzz_scene, record_property):
    scene, headers = fuzz_scene
    known = existing_ids(scene)
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses: Counter = Counter()
    failures = [
        failure
        for operation in operations
        for mode in MODES
        for failure in fuzz(operation, mode, headers=headers, known=known, statuses=statuses)
    ]
    # In the run's log (the root conftest prints it at the end) and the JUnit file.
    record_property(
        RUN_REPORT,
        f"Schemathesis on {connection.vendor}: {len(operations)} operations, "
        f"{sum(statuses.values())} examples ({MAX_EXAMPLES} at most per operation and mode: "
        f"{', '.join(m.value for m in MODES)}); statuses "
        f"{', '.join(f'{status}: {n}' for status, n in sorted(statuses.items()))}",
    )
    assert len(operations) == len(api_operations()), "every operation of the schema ran"
    assert not failures, f"{len(failures)} responses break the schema:\n" + "\n".join(failures)


def test_the_checks_catch_an_answer_that_breaks_the_schema(fuzz_scene, monkeypatch):
    """The conformance checks bite: "who am I" answering a field the schema does not have."""
    _, headers = fuzz_scene
    monkeypatch.setattr(MeView, "get", lambda self, request: Response({"role": 42}))
    case = schema["/api/v1/me/"]["GET"].Case()
    with pytest.raises(BaseExceptionGroup):
        case.validate_response(case.call(headers=headers), checks=CHECKS)
