"""Schemathesis over the whole API, in process (penetration test, issue 9): whatever a client
sends that the OpenAPI schema allows, and much that it does not, must never be a server error.

Each operation of ``/api/schema/`` is called with examples Schemathesis generates from the schema
(valid and invalid bodies, query strings and path parameters, boundary values), by a verified
front door manager with a personal API token, against the test scene of ``scene.py``. Half of
the generated record ids are swapped for ids that exist, so calls also reach records the caller
may see and not only "not found".

``HAVEN_FUZZ_EXAMPLES`` sets the examples per operation (default 25, about a minute);
``HAVEN_FUZZ_COVERAGE=1`` adds Schemathesis's coverage phase. With ``-s`` the test prints how
many operations and requests it ran and the statuses answered. For a longer run::

    HAVEN_FUZZ_EXAMPLES=200 HAVEN_FUZZ_COVERAGE=1 \
        .venv/bin/pytest tests/security/test_api_fuzz.py -p no:xdist -s
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from haven.accounts.services import api_token_create
from haven.actions.models import Task
from tests.security.scene import build_scene

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "25"))
# The coverage phase (every boundary and invalid value of every field, about 3,700 requests and
# four minutes) runs when asked.
COVERAGE = os.environ.get("HAVEN_FUZZ_COVERAGE", "") == "1"

# The schema /api/schema/ serves (generating it reads no records), called in process through
# Django's WSGI application.
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True),
    config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": COVERAGE}}}),
)
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
    manager = scene.world.la("warrington").manager
    _, secret = api_token_create(actor=manager, user=manager, name="Schemathesis")
    return scene, {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="module")
def tally():
    counts: Counter = Counter()
    yield counts
    operations = {label for label, _, _ in counts}
    phases: Counter = Counter()
    statuses: Counter = Counter()
    for (_, phase, status), n in counts.items():
        phases[phase] += n
        statuses[status] += n
    print(
        f"\nSchemathesis: {len(operations)} operations, {sum(counts.values())} requests "
        f"({', '.join(f'{phase} {n}' for phase, n in sorted(phases.items()))}), "
        f"{MAX_EXAMPLES} examples per operation and mode; statuses "
        f"{', '.join(f'{status}: {n}' for status, n in sorted(statuses.items()))}"
    )


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


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error(case, fuzz_scene, tally):
    scene, headers = fuzz_scene
    if case.path_parameters:
        known = existing_ids(scene)
        for name, value in case.path_parameters.items():
            # Deterministic: about half the generated values become a record that exists.
            if name in known and sum(map(ord, str(value))) % 2 == 0:
                case.path_parameters[name] = known[name]
    phase = case._meta.phase.name.value if case._meta else "explicit"
    response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
    tally[(case.operation.label, phase, response.status_code)] += 1
