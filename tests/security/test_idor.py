"""An IDOR scan (issue 16 point 6): every page and API operation that names a record in its
address, asked by users of one authority for another's records, must answer "not found".

The addresses come from Django's URL resolver and the operations from the OpenAPI schema, so a
new endpoint is scanned the day it is added: each id in an address is named by its parameter
(``case_id``, ``task_id``...), and ``RECORDS`` says which record of the access matrix's scene
(``scene.build_matrix_scene``: Warrington's case and everything on it, the police's episodes,
investigation and Duty to Notify, Warrington's action plan, audit and operational group) fills
it. A parameter ``RECORDS`` does not know fails the scan by name.

The callers work for Cheshire West and Chester, which has no part in any of those records: its
practitioner, manager, administrator, auditor, strategic lead and analyst. Each page is asked
with GET and with an empty POST; each API operation with its method (and an empty JSON body).
The answer must be 404, exactly as for a record that does not exist (decision 0002). An answer
that an id existing nowhere gets too tells nothing, so it is accepted: a refusal decided before
any record is looked up (405 for a method the address never takes, 403 for a role that never
does this, 400 for a body that is not even well formed), opening someone else's notification
(back to one's own list, as for a missing one), the break-glass form (which shows no record
until a reference from a search is given). Anything else, a success, a redirect or a 403 that
only the real record gets, is an offender, listed with what it answered.

Some records are not any authority's: the training courses and their sessions are the
partnership's programme (``SHARED``), and some roles read a kind of record across the whole
partnership by decision (``PARTNERSHIP_WIDE``); those are left out, with why.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.intelligence.models import GroupAttendee, GroupSubject
from tests.security.endpoints import Route, api_operations, routes
from tests.security.scene import MatrixScene
from tests.security.test_access_matrix import _shared_scene  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# Larger than any id the scene makes and within a 64-bit integer: a record that exists nowhere.
NOWHERE = 2**62

Record = Callable[[MatrixScene], object]

# Which record of the scene fills each id parameter; "namespace:parameter" first, where one name
# means different records in different apps.
RECORDS: dict[str, Record] = {
    "case_id": lambda s: s.case,
    "person_id": lambda s: s.person,
    "concern_id": lambda s: s.pending_concern,
    "share_id": lambda s: s.school_share,
    "transfer_id": lambda s: s.transfer,
    "task_id": lambda s: s.task,
    "override_id": lambda s: s.override,
    "meeting_id": lambda s: s.meeting,
    "document_id": lambda s: s.document,
    "episode_id": lambda s: s.missing_episode,
    "placement_id": lambda s: s.placement,
    "escalation_id": lambda s: s.escalation,
    "investigation_id": lambda s: s.investigation,
    "order_id": lambda s: s.investigation_order,
    "offence_id": lambda s: s.child_offence,
    "referral_id": lambda s: s.nrm_referral,
    "duty_id": lambda s: s.duty_to_notify,
    "candidate_id": lambda s: s.duplicate,
    "merge_id": lambda s: s.merge,
    "intelligence:merge_id": lambda s: s.entity_merge,
    "entity_id": lambda s: s.c_entity,
    "hotspot_id": lambda s: s.hotspot,
    "intelligence:meeting_id": lambda s: s.group_meeting,
    "intelligence:attendee_id": lambda s: GroupAttendee.objects.filter(
        meeting=s.group_meeting
    ).first(),
    "subject_id": lambda s: GroupSubject.objects.filter(meeting=s.group_meeting).first(),
    "attendee_id": lambda s: s.training_attendee,
    "plan_id": lambda s: s.plan_action.plan,
    "action_id": lambda s: s.plan_action,
    "audit_id": lambda s: s.sampled_case.audit,
    "sampled_id": lambda s: s.sampled_case,
    "notification_id": lambda s: s.notification,
    "access_id": lambda s: s.break_glass,
    "cases:break_glass_approval:access_id": lambda s: s.break_glass_request,
    "token_id": lambda s: s.token,
    "user_id": lambda s: s.world.la("warrington").practitioner,
    "agency_id": lambda s: s.world.la("warrington").agency,
}

# Reference data every user of the partnership may read: not an authority's record.
SHARED = {
    "course_id": "Training courses are the partnership's programme (decision 0025).",
    "session_id": "Training sessions are advertised to every agency (decision 0025).",
}

# Parameters that name no record: a value that makes the address valid.
NOT_IDS = {
    "entity_type": "phone",
    "action": "deactivate",
    "stage": "before",
}

# Records a role reads across the partnership, by decision: {role: {RECORDS key: why}}.
PARTNERSHIP_WIDE: dict[str, dict[str, str]] = {
    Role.ANALYST: {
        "entity_id": "Analysts see every entity (decision 0026).",
        "intelligence:merge_id": "Merging and reversing entities is the analysts' (decision 0026).",
        "hotspot_id": "Hotspots go to every analyst of the partnership (decision 0028).",
    },
    Role.STRATEGIC_LEAD: {
        "plan_id": "Strategic leads read every action plan (decision 0025).",
        "action_id": "Strategic leads read every action plan (decision 0025).",
        "attendee_id": "Strategic leads record the partnership's training (decision 0025).",
    },
}

AGENCY = "cheshire_west_and_chester"
CALLERS = ("practitioner", "manager", "admin", "auditor", "strategic_lead", "analyst")


def object_endpoints() -> list[Route]:
    """Every named URL with an id in its address."""
    return [r for r in routes() if r.name and any(p.endswith("_id") for p in r.parameters)]


def api_methods() -> dict[str, set[str]]:
    """The methods the OpenAPI schema documents for each path."""
    methods: dict[str, set[str]] = {}
    for method, path in api_operations():
        methods.setdefault(path, set()).add(method)
    return methods


def record_key(name: str, parameter: str) -> str | None:
    """The most specific key of ``RECORDS`` for this parameter of this URL, if any."""
    namespace = name.split(":")[0]
    keys = (f"{name}:{parameter}", f"{namespace}:{parameter}", parameter)
    return next((key for key in keys if key in RECORDS), None)


@pytest.fixture(scope="module")
def scene(_shared_scene):  # noqa: F811
    return _shared_scene


@pytest.fixture(scope="module")
def callers(scene, django_db_blocker):
    """Cheshire West and Chester's users, one per role (inside the scene's transaction)."""
    authority = scene.world.la(AGENCY)
    with django_db_blocker.unblock():
        made = {
            role: UserFactory(
                email=f"{role}@idor.test", agency=authority.agency, team=authority.team, role=role
            )
            for role in (Role.ADMIN, Role.AUDITOR, Role.STRATEGIC_LEAD, Role.ANALYST)
        }
    return {"practitioner": authority.practitioner, "manager": authority.manager, **made}


def _ask(client, method: str, url: str, api: bool):
    """GET, or the method with an empty body (a form's, or JSON for the API)."""
    if method == "GET":
        return client.get(url)
    if api:
        return getattr(client, method.lower())(url, {}, format="json")
    return client.post(url, {})


def _answer(response) -> tuple[int, str]:
    return response.status_code, urlsplit(response.get("Location", "")).path


def test_every_id_parameter_names_a_record():
    unknown = sorted(
        f"{endpoint.name}: {parameter}"
        for endpoint in object_endpoints()
        for parameter in endpoint.parameters
        if parameter.endswith("_id")
        and parameter not in SHARED
        and record_key(endpoint.name, parameter) is None
    )
    assert not unknown, "Say in RECORDS which record fills:\n" + "\n".join(unknown)


def test_the_scan_covers_every_api_operation_with_an_id():
    scanned = {endpoint.schema_path for endpoint in object_endpoints()}
    with_ids = {path for path in api_methods() if "_id}" in path}
    assert with_ids, "the schema has operations with ids"
    assert with_ids <= scanned, sorted(with_ids - scanned)


@pytest.mark.parametrize("role", CALLERS)
def test_another_authoritys_records_are_not_found(
    scene, callers, role, verified_client, verified_api_client
):
    user = callers[role]
    page, api = verified_client(user), verified_api_client(user)
    page.raise_request_exception = api.raise_request_exception = False
    methods = api_methods()
    offenders, asked = [], 0
    for endpoint in object_endpoints():
        name, parameters = endpoint.name, endpoint.parameters
        wide = PARTNERSHIP_WIDE.get(role, {})
        if any(p in SHARED or record_key(name, p) in wide for p in parameters):
            continue
        real, nowhere = {}, {}
        for parameter in parameters:
            if parameter.endswith("_id"):
                real[parameter] = RECORDS[record_key(name, parameter)](scene).pk
                nowhere[parameter] = NOWHERE
            else:
                real[parameter] = nowhere[parameter] = NOT_IDS[parameter]
        url = reverse(name, kwargs=real)
        is_api = url.startswith("/api/")
        verbs = sorted(methods[endpoint.schema_path]) if is_api else ["GET", "POST"]
        client = api if is_api else page
        for method in verbs:
            asked += 1
            answer = _answer(_ask(client, method, url, is_api))
            if answer[0] == 404:
                continue
            baseline = _answer(_ask(client, method, reverse(name, kwargs=nowhere), is_api))
            if answer == baseline:
                continue  # what a record that exists nowhere gets: no leak
            offenders.append(
                f"{method} {url} ({name}): {answer[0]} {answer[1]} "
                f"(a record that exists nowhere: {baseline[0]} {baseline[1]})"
            )
    print(f"\nIDOR scan as {AGENCY}'s {role}: {asked} requests")
    assert not offenders, (
        f"{len(offenders)} endpoints answer {AGENCY}'s {role} about another authority's "
        "records otherwise than 404:\n" + "\n".join(offenders)
    )
