"""Who may reach what: every person, concern and case endpoint and page, as every role.

One row per endpoint or page, one column per role (``scene.ROLES``), one test per cell. A cell
is the status code expected, or for searches and lists what the caller must (not) learn:

- ``V`` (visible): the search shows the child in full; ``K`` (known to): only "known to
  <agency>, contact <team>", never an id, name or date of birth.
- ``L`` / ``U`` (listed / unlisted): the case is / is not in the caller's case list.

A record the caller may not see is 404, exactly as if it did not exist; 403 only answers a caller
who sees the record but may not do this to it (or whose role never does this at all). Every
successful view of a record leaves an audit row (verb ``viewed``, the record, the child); a
"not found" leaves none.

Pages are the HTML views.

The administrators' pages have their own matrix (``ADMIN_MATRIX``, at the end), with two more
columns: a partnership administrator and a partnership auditor. Those two roles also take every
row of ``MATRIX`` and must get exactly what an agency's administrator and auditor get there: no
case content.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.cases.access import break_glass_reference
from haven.cases.tests.world import date_of_birth_for_age
from tests.security.scene import ROLES, Scene, user_for

pytestmark = pytest.mark.django_db

VISIBLE, KNOWN_TO, LISTED, UNLISTED = "visible", "known-to", "listed", "unlisted"
V, K, L, U = VISIBLE, KNOWN_TO, LISTED, UNLISTED  # short forms for the table


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: Callable[[Scene], str]
    body: Callable[[Scene], dict] | None = None
    # A body that depends on who sends it (e.g. a break-glass reference is per user).
    user_body: Callable[[Scene, object], dict] | None = None
    # The audit target of a successful view: (target_type, target_id, person_id).
    viewed: Callable[[Scene], tuple[str, str, int]] | None = None
    page: bool = False


def page(name: str, *args: Callable[[Scene], object], query: str = "") -> Callable[[Scene], str]:
    def url(scene: Scene) -> str:
        return reverse(name, args=[arg(scene) for arg in args]) + query

    return url


def person_viewed(s: Scene):
    return ("people.person", str(s.person.pk), s.person.pk)


def case_concern_viewed(s: Scene):
    return ("cases.concern", str(s.case_concern.pk), s.person.pk)


def pending_viewed(s: Scene):
    return ("cases.concern", str(s.pending_concern.pk), s.pending_concern.person_id)


def case_viewed(s: Scene):
    return ("cases.case", str(s.case.pk), s.person.pk)


def chronology_viewed(s: Scene):
    return ("cases.chronology", str(s.case.pk), s.person.pk)


def _concern_body(**person) -> dict:
    return {
        "description": "Seen with older men at the bus station late at night.",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "home_area": "warrington",
        "indicator_codes": ["ind.missing_episodes"],
        **person,
    }


ENDPOINTS: dict[str, Endpoint] = {
    # People
    "api.person.get": Endpoint(
        "get", lambda s: f"/api/v1/people/{s.person.pk}/", viewed=person_viewed
    ),
    "api.person.patch": Endpoint(
        "patch",
        lambda s: f"/api/v1/people/{s.person.pk}/",
        body=lambda s: {"first_language": "Arabic", "version": s.person.version},
    ),
    "api.people.search": Endpoint("get", lambda s: "/api/v1/people/search/?q=Amira Haddad"),
    # Concerns and the front door
    "api.concern.create_new_person": Endpoint(
        "post",
        lambda s: "/api/v1/concerns/",
        body=lambda s: _concern_body(
            person={"given_name": "Dara", "date_of_birth": date_of_birth_for_age(15).isoformat()}
        ),
    ),
    "api.concern.create_known_person": Endpoint(
        "post", lambda s: "/api/v1/concerns/", body=lambda s: _concern_body(person_id=s.person.pk)
    ),
    "api.concern.get_in_case": Endpoint(
        "get", lambda s: f"/api/v1/concerns/{s.case_concern.pk}/", viewed=case_concern_viewed
    ),
    "api.concern.get_pending": Endpoint(
        "get", lambda s: f"/api/v1/concerns/{s.pending_concern.pk}/", viewed=pending_viewed
    ),
    "api.front_door.get": Endpoint("get", lambda s: "/api/v1/front-door/warrington/"),
    "api.concern.decide": Endpoint(
        "post",
        lambda s: f"/api/v1/concerns/{s.pending_concern.pk}/decision/",
        body=lambda s: {"decision": "accept", "version": s.pending_concern.version},
    ),
    # Cases
    "api.cases.list": Endpoint("get", lambda s: "/api/v1/cases/"),
    "api.case.get": Endpoint("get", lambda s: f"/api/v1/cases/{s.case.pk}/", viewed=case_viewed),
    "api.case.close": Endpoint(
        "patch",
        lambda s: f"/api/v1/cases/{s.case.pk}/",
        body=lambda s: {
            "status": "closed",
            "closed_reason": "Family moved away; case transferred.",
            "version": s.case.version,
        },
    ),
    "api.case.chronology": Endpoint(
        "get", lambda s: f"/api/v1/cases/{s.case.pk}/chronology/", viewed=chronology_viewed
    ),
    "api.case.share": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/shares/",
        body=lambda s: {
            "agency_id": s.world.police.agency.pk,
            "sections": ["chronology"],
            "reason": "Police investigation of the adults involved.",
            "lawful_basis": "law_enforcement",
            "expires_at": (timezone.now() + timedelta(days=10)).isoformat(),
        },
    ),
    "api.case.revoke_share": Endpoint(
        "delete", lambda s: f"/api/v1/cases/{s.case.pk}/shares/{s.school_share.pk}/"
    ),
    "api.case.add_note": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/notes/",
        body=lambda s: {"text": "Spoke to the child at school today."},
    ),
    "api.case.break_glass": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/break-glass/",
        # Each caller brings the reference a "known to" answer would have given them.
        user_body=lambda s, user: {
            "reference": break_glass_reference(user, s.case),
            "reason": "Child found in Runcorn overnight, need history to safeguard.",
        },
    ),
    # Pages (the HTML views)
    "page.person": Endpoint(
        "get", page("people:detail", lambda s: s.person.pk), viewed=person_viewed, page=True
    ),
    "page.people.search": Endpoint("get", page("people:search", query="?q=Amira"), page=True),
    "page.concern": Endpoint(
        "get",
        page("cases:concern_detail", lambda s: s.case_concern.pk),
        viewed=case_concern_viewed,
        page=True,
    ),
    "page.front_door": Endpoint(
        "get", page("cases:front_door_area", lambda s: "warrington"), page=True
    ),
    "page.cases.list": Endpoint("get", page("cases:case_list"), page=True),
    "page.case": Endpoint(
        "get", page("cases:case_detail", lambda s: s.case.pk), viewed=case_viewed, page=True
    ),
    "page.case.chronology": Endpoint(
        "get", page("cases:chronology", lambda s: s.case.pk), viewed=chronology_viewed, page=True
    ),
    # The pages' forms (GET): each shows the record it acts on, so each is a view.
    **{
        f"page.person.{name}": Endpoint(
            "get", page(f"people:{name}", lambda s: s.person.pk), viewed=person_viewed, page=True
        )
        for name in (
            "edit",
            "add_alias",
            "add_identifier",
            "add_phone",
            "add_address",
            "add_relationship",
        )
    },
    "page.concern.start": Endpoint("get", page("cases:concern_start"), page=True),
    "page.concern.new_person": Endpoint("get", page("cases:concern_create_new_person"), page=True),
    "page.concern.known_person": Endpoint(
        "get", page("cases:concern_create", lambda s: s.person.pk), page=True
    ),
    "page.concern.decide": Endpoint(
        "get",
        page("cases:concern_decide", lambda s: s.pending_concern.pk),
        viewed=pending_viewed,
        page=True,
    ),
    "page.front_door.start": Endpoint("get", page("cases:front_door"), page=True),
    "page.case.add_note": Endpoint(
        "get", page("cases:note_add", lambda s: s.case.pk), viewed=case_viewed, page=True
    ),
    "page.case.share": Endpoint(
        "get", page("cases:share", lambda s: s.case.pk), viewed=case_viewed, page=True
    ),
    "page.case.close": Endpoint(
        "get", page("cases:case_close", lambda s: s.case.pk), viewed=case_viewed, page=True
    ),
    "page.case.break_glass": Endpoint(
        "get", page("cases:break_glass", lambda s: s.case.pk), page=True
    ),
    "page.break_glass.reviews": Endpoint("get", page("cases:break_glass_reviews"), page=True),
    "page.break_glass.approvals": Endpoint("get", page("cases:break_glass_approvals"), page=True),
}

# fmt: off
# Columns, in ROLES order: lead practitioner, lead manager, school (live share), health (share
# expired), Halton manager (unrelated), police raiser, admin, strategic lead, auditor.
MATRIX: dict[str, tuple] = {
    #                                   lprac lmgr  schl  expd  haltn polce admin strat audit
    "api.person.get":                   (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "api.person.patch":                 (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "api.people.search":                (V,    V,    K,    K,    K,    V,    403,  403,  403),
    "api.concern.create_new_person":    (201,  201,  201,  201,  201,  201,  403,  403,  403),
    "api.concern.create_known_person":  (201,  201,  400,  400,  400,  201,  403,  403,  403),
    "api.concern.get_in_case":          (200,  200,  200,  404,  404,  200,  404,  404,  404),
    "api.concern.get_pending":          (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "api.front_door.get":               (200,  200,  404,  404,  404,  404,  404,  404,  404),
    "api.concern.decide":               (200,  200,  404,  404,  404,  403,  404,  404,  404),
    "api.cases.list":                   (L,    L,    L,    U,    U,    U,    403,  403,  403),
    "api.case.get":                     (200,  200,  200,  404,  404,  404,  404,  404,  404),
    "api.case.close":                   (200,  200,  403,  404,  404,  404,  404,  404,  404),
    "api.case.chronology":              (200,  200,  200,  404,  404,  404,  404,  404,  404),
    "api.case.share":                   (201,  201,  403,  404,  404,  404,  404,  404,  404),
    "api.case.revoke_share":            (204,  204,  404,  404,  404,  404,  404,  404,  404),
    "api.case.add_note":                (201,  201,  201,  404,  404,  404,  404,  404,  404),
    "api.case.break_glass":             (400,  400,  404,  404,  201,  201,  404,  404,  404),
    "page.person":                      (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.people.search":               (V,    V,    K,    K,    K,    V,    403,  403,  403),
    "page.concern":                     (200,  200,  200,  404,  404,  200,  404,  404,  404),
    "page.front_door":                  (200,  200,  404,  404,  404,  404,  404,  404,  404),
    "page.cases.list":                  (L,    L,    L,    U,    U,    U,    403,  403,  403),
    "page.case":                        (200,  200,  200,  404,  404,  404,  404,  404,  404),
    "page.case.chronology":             (200,  200,  200,  404,  404,  404,  404,  404,  404),
    "page.person.edit":                 (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.person.add_alias":            (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.person.add_identifier":       (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.person.add_phone":            (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.person.add_address":          (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.person.add_relationship":     (200,  200,  404,  404,  404,  200,  404,  404,  404),
    "page.concern.start":               (200,  200,  200,  200,  200,  200,  403,  403,  403),
    "page.concern.new_person":          (200,  200,  200,  200,  200,  200,  403,  403,  403),
    "page.concern.known_person":        (200,  200,  404,  404,  404,  200,  403,  403,  403),
    "page.concern.decide":              (200,  200,  404,  404,  404,  403,  404,  404,  404),
    "page.front_door.start":            (302,  302,  200,  200,  302,  200,  403,  403,  403),
    "page.case.add_note":               (200,  200,  200,  404,  404,  404,  404,  404,  404),
    "page.case.share":                  (200,  200,  403,  404,  404,  404,  404,  404,  404),
    "page.case.close":                  (200,  200,  403,  404,  404,  404,  404,  404,  404),
    "page.case.break_glass":            (200,  200,  403,  403,  200,  200,  403,  403,  403),
    "page.break_glass.reviews":         (403,  403,  403,  403,  403,  403,  403,  403,  200),
    "page.break_glass.approvals":       (403,  200,  403,  403,  200,  403,  403,  403,  403),
}
# fmt: on

CELLS = [
    pytest.param(endpoint, role, expected, id=f"{endpoint}-{role}")
    for endpoint, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


def test_every_endpoint_has_a_row_and_every_row_an_endpoint():
    assert set(MATRIX) == set(ENDPOINTS)


def _call(scene: Scene, endpoint: Endpoint, user, verified_client, verified_api_client):
    client = verified_client(user) if endpoint.page else verified_api_client(user)
    url = endpoint.url(scene)
    body = endpoint.body(scene) if endpoint.body else None
    if endpoint.user_body:
        body = endpoint.user_body(scene, user)
    if body is None:
        return getattr(client, endpoint.method)(url)
    return getattr(client, endpoint.method)(url, body, format="json")


def _viewed_rows(user, target: tuple[str, str, int]):
    target_type, target_id, person_id = target
    return AuditEvent.objects.filter(
        actor=user,
        verb=Verb.VIEWED,
        target_type=target_type,
        target_id=target_id,
        person_id=person_id,
    )


@pytest.mark.parametrize(("endpoint_name", "role", "expected"), CELLS)
def test_access(scene, verified_client, verified_api_client, endpoint_name, role, expected):
    endpoint = ENDPOINTS[endpoint_name]
    user = user_for(scene, role)
    response = _call(scene, endpoint, user, verified_client, verified_api_client)
    content = response.content.decode()

    if expected in (VISIBLE, KNOWN_TO):
        assert response.status_code == 200, content
        _assert_search(scene, endpoint, response, content, expected)
    elif expected in (LISTED, UNLISTED):
        assert response.status_code == 200, content
        _assert_listed(scene, endpoint, response, content, expected == LISTED)
    else:
        assert response.status_code == expected, content[:500]
        if not endpoint.page and expected in (403, 404):
            assert list(response.json()) == ["errors"]
            assert list(response.json()["errors"]) == ["detail"]
        if expected == 404:
            # Not found looks the same whether or not the record exists: nothing of it leaks.
            for secret in (scene.person.given_name, scene.person.family_name, "HVN-"):
                assert secret not in content

    if endpoint.viewed is not None:
        rows = _viewed_rows(user, endpoint.viewed(scene))
        if response.status_code == 200:
            assert rows.exists(), "a successful view must leave an audit row"
        elif response.status_code == 404:
            assert not rows.exists(), "a record not found must not be recorded as viewed"


def _assert_search(scene, endpoint, response, content, expected):
    person = scene.person
    if endpoint.page:
        if expected == VISIBLE:
            assert person.family_name in content
        else:
            assert person.family_name not in content
            assert "Known to" in content
        return
    [result] = response.json()["results"]
    if expected == VISIBLE:
        assert result["visible"] is True
        assert result["id"] == person.pk
        return
    # The deliberate exception to "not found": who to contact, and nothing about the child.
    assert set(result) == {"visible", "known_to", "message"}
    assert result["visible"] is False
    assert result["known_to"]["agency"] == scene.case.lead_agency.name
    assert result["known_to"]["team"] == scene.case.lead_team.name
    assert result["message"].startswith(f"Known to {scene.case.lead_agency.name}, contact ")
    raw = json.dumps(response.json())
    for secret in (person.given_name, person.family_name, str(person.date_of_birth.year)):
        assert secret not in raw


def _assert_listed(scene, endpoint, response, content, listed):
    if endpoint.page:
        assert (scene.case.reference in content) is listed
        return
    ids = [case["id"] for case in response.json()["results"]]
    assert (scene.case.pk in ids) is listed


# ---------------------------------------------------------------------------------------------
# The administrators' pages: who reaches another agency's user.
#
# Columns: the scene's roles (its administrator and auditor are Warrington's), then a partnership
# administrator and a partnership auditor of Cheshire West and Chester. "Other agency" is the
# police practitioner (not Warrington's); "own agency" is Warrington's practitioner. A user the
# caller may not manage is 404, as if they did not exist, when they belong to another agency;
# 403 answers a role that never administers. ``L`` / ``U``: the user search does / does not list
# the other agency's user. POST rows that succeed answer 302 and change the user; others change
# nothing.

ADMIN_ROLES = (*ROLES, "partnership_admin", "partnership_auditor")
# The partnership roles get exactly these columns' cells of MATRIX (no case content).
PARTNERSHIP_SAME_AS = {"partnership_admin": "admin", "partnership_auditor": "auditor"}


def admin_user_for(scene: Scene, role: str):
    if role in ROLES:
        return user_for(scene, role)
    west = scene.world.la("cheshire_west_and_chester")
    return UserFactory(
        email=f"{role}@cheshire-west-and-chester.test",
        full_name=f"{role.replace('_', ' ').title()} of Cheshire West",
        agency=west.agency,
        team=west.team,
        role=Role(role),
    )


def other_agency_user(s: Scene):
    return s.world.police.practitioner


def own_agency_user(s: Scene):
    return s.world.la("warrington").practitioner


@dataclass(frozen=True)
class AdminPage:
    method: str
    url: Callable[[Scene], str]
    # The user the page is about: their name shows on a 200 and never on a 404.
    about: Callable[[Scene], object] | None = None
    body: dict | None = None


def _user_page(name: str, who, action: str | None = None) -> Callable[[Scene], str]:
    def url(s: Scene) -> str:
        args = [who(s).pk] if action is None else [who(s).pk, action]
        return reverse(name, args=args)

    return url


ADMIN_PAGES: dict[str, AdminPage] = {
    "admin.users": AdminPage("get", page("accounts:user_list")),
    "admin.users.find_other": AdminPage(
        "get",
        lambda s: reverse("accounts:user_list") + f"?q={other_agency_user(s).email}",
        about=other_agency_user,
    ),
    "admin.agencies": AdminPage("get", page("accounts:agency_list")),
    "admin.edit.own": AdminPage(
        "get", _user_page("accounts:user_edit", own_agency_user), about=own_agency_user
    ),
    "admin.edit.other": AdminPage(
        "get", _user_page("accounts:user_edit", other_agency_user), about=other_agency_user
    ),
    **{
        f"admin.{short}.other": AdminPage(
            "get",
            _user_page("accounts:user_action", other_agency_user, action),
            about=other_agency_user,
        )
        for short, action in (
            ("deactivate", "deactivate"),
            ("activate", "activate"),
            ("reset_2fa", "reset-two-factor"),
            ("send_reset", "send-password-reset"),
        )
    },
    "admin.deactivate.other.post": AdminPage(
        "post",
        _user_page("accounts:user_action", other_agency_user, "deactivate"),
        about=other_agency_user,
        body={"reason": "Left the service"},
    ),
    "admin.reset_2fa.other.post": AdminPage(
        "post",
        _user_page("accounts:user_action", other_agency_user, "reset-two-factor"),
        about=other_agency_user,
        body={"reason": "Lost phone"},
    ),
    "admin.edit.other.post": AdminPage(
        "post",
        _user_page("accounts:user_edit", other_agency_user),
        about=other_agency_user,
        body={"full_name": "Renamed By Someone", "role": "manager"},  # team added per scene
    ),
    "page.password_reset": AdminPage("get", page("accounts:password_reset")),
    "page.audit": AdminPage("get", page("audit:event_list")),
}

# fmt: off
# Columns, in ADMIN_ROLES order: lead practitioner, lead manager, school, health, Halton manager,
# police raiser, (Warrington) admin, strategic lead, (Warrington) auditor, partnership admin,
# partnership auditor.
ADMIN_MATRIX: dict[str, tuple] = {
    #                              lprc lmgr schl expd hltn polc admn strt audt padm paud
    "admin.users":                 (403, 403, 403, 403, 403, 403, 200, 403, 403, 200, 403),
    "admin.users.find_other":      (403, 403, 403, 403, 403, 403, U,   403, 403, L,   403),
    "admin.agencies":              (403, 403, 403, 403, 403, 403, 200, 403, 403, 200, 403),
    "admin.edit.own":              (403, 403, 403, 403, 403, 403, 200, 403, 403, 200, 403),
    "admin.edit.other":            (403, 403, 403, 403, 403, 403, 404, 403, 403, 200, 403),
    "admin.deactivate.other":      (403, 403, 403, 403, 403, 403, 404, 403, 403, 200, 403),
    "admin.activate.other":        (403, 403, 403, 403, 403, 403, 404, 403, 403, 200, 403),
    "admin.reset_2fa.other":       (403, 403, 403, 403, 403, 403, 404, 403, 403, 200, 403),
    "admin.send_reset.other":      (403, 403, 403, 403, 403, 403, 404, 403, 403, 200, 403),
    "admin.deactivate.other.post": (403, 403, 403, 403, 403, 403, 404, 403, 403, 302, 403),
    "admin.reset_2fa.other.post":  (403, 403, 403, 403, 403, 403, 404, 403, 403, 302, 403),
    "admin.edit.other.post":       (403, 403, 403, 403, 403, 403, 404, 403, 403, 302, 403),
    "page.password_reset":         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "page.audit":                  (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200),
}
# fmt: on

ADMIN_CELLS = [
    pytest.param(name, role, expected, id=f"{name}-{role}")
    for name, row in ADMIN_MATRIX.items()
    for role, expected in zip(ADMIN_ROLES, row, strict=True)
]


def test_every_admin_page_has_a_row_and_every_row_a_page():
    assert set(ADMIN_MATRIX) == set(ADMIN_PAGES)


def _user_state(user) -> tuple:
    user.refresh_from_db()
    return (user.full_name, user.role, user.is_active, user.totpdevice_set.count())


@pytest.mark.parametrize(("name", "role", "expected"), ADMIN_CELLS)
def test_admin_access(scene, verified_client, name, role, expected):
    admin_page = ADMIN_PAGES[name]
    about = admin_page.about(scene) if admin_page.about else None
    caller = admin_user_for(scene, role)
    if about is not None:
        # The other agency's user has a second factor to lose, and a team to stay in.
        about.totpdevice_set.get_or_create(name="default", defaults={"confirmed": True})
        before = _user_state(about)
    client = verified_client(caller)
    url = admin_page.url(scene)
    if admin_page.method == "post":
        body = {**admin_page.body}
        if "full_name" in body:
            body["team"] = about.team_id
        response = client.post(url, body)
    else:
        response = client.get(url)
    content = response.content.decode()

    name = escape(about.full_name) if about is not None else None
    if expected in (LISTED, UNLISTED):
        assert response.status_code == 200, content[:500]
        assert (name in content) is (expected == LISTED)
    else:
        assert response.status_code == expected, content[:500]
        if expected == 200 and about is not None:
            assert name in content
        if expected == 404 and about is not None:
            # Nothing of the user leaks: not their name, not their email address.
            assert name not in content and about.email not in content
    if about is not None and admin_page.method == "post":
        changed = _user_state(about) != before
        assert changed is (expected == 302), "only an allowed change may change the user"


PARTNERSHIP_CELLS = [
    pytest.param(endpoint, role, row[ROLES.index(same)], id=f"{endpoint}-{role}")
    for endpoint, row in MATRIX.items()
    for role, same in PARTNERSHIP_SAME_AS.items()
]


@pytest.mark.parametrize(("endpoint_name", "role", "expected"), PARTNERSHIP_CELLS)
def test_partnership_roles_get_no_case_content(
    scene, verified_client, verified_api_client, endpoint_name, role, expected
):
    endpoint = ENDPOINTS[endpoint_name]
    user = admin_user_for(scene, role)
    response = _call(scene, endpoint, user, verified_client, verified_api_client)
    content = response.content.decode()
    if expected in (VISIBLE, KNOWN_TO):
        assert response.status_code == 200, content
        _assert_search(scene, endpoint, response, content, expected)
    elif expected in (LISTED, UNLISTED):
        assert response.status_code == 200, content
        _assert_listed(scene, endpoint, response, content, expected == LISTED)
    else:
        assert response.status_code == expected, content[:500]
        if expected == 404:
            for secret in (scene.person.given_name, scene.person.family_name, "HVN-"):
                assert secret not in content
    if endpoint.viewed is not None and response.status_code != 200:
        assert not _viewed_rows(user, endpoint.viewed(scene)).exists()
