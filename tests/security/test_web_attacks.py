"""The web's classic attacks (issue 16 point 6): cross-site request forgery, session fixation,
clickjacking and open redirects.

- CSRF: a page's form posted without its token is refused and nothing is written; the API
  asks a session caller for the token too (Django REST framework's ``SessionAuthentication``),
  but not a caller with a personal API token, which no other site can make a browser send.
- Session fixation: the session key changes when the password and second factor are accepted,
  and when a password-only session becomes verified by setting up an authenticator app, so a
  key planted before either is worth nothing after.
- Clickjacking: every page says ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``, the
  pages of the access matrix's scene (one of each kind of record) and error pages included.
- Open redirects: ``next`` (and its usual aliases) pointing at another site is ignored by the
  sign-in, the sign-out and every page, whatever it redirects to.
- Brute force: guessing a password locks the account (django-axes) even when each guess comes
  from another address, and the right password is then refused too; the API takes no password
  at all, only a personal token (``haven.accounts.tests.test_security`` has the lock-out's
  count and the audit rows).
"""

import base64
from binascii import unhexlify
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import totp

from haven.accounts.tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    give_backup_codes,
    give_totp_device,
)
from haven.cases.models import CaseNote
from haven.cases.tests.world import open_case
from haven.core.tests.support import bearer, login_backup_step, login_password_step
from tests.security.endpoints import routes
from tests.security.test_access_matrix import (
    ENDPOINTS,
    _shared_scene,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example/steal"
REDIRECT_PARAMETERS = ("next", "return_to", "redirect", "url", "back")


def enforcing_csrf(client):
    """The test client skips the CSRF check unless told; a browser's request does not."""
    client.handler.enforce_csrf_checks = True
    client.raise_request_exception = False
    return client


def notes(case) -> int:
    return CaseNote.objects.filter(case=case).count()


# --- CSRF -------------------------------------------------------------------------------------


class TestCrossSiteRequestForgery:
    @pytest.fixture
    def practitioner(self, world):
        return world.la("warrington").practitioner

    @pytest.fixture
    def case(self, world):
        return open_case(world)

    def test_a_page_form_without_its_token_is_refused(self, practitioner, case, verified_client):
        browser = enforcing_csrf(verified_client(practitioner))
        response = browser.post(
            reverse("cases:note_add", args=[case.pk]),
            {"text": "Forged from another site.", "sensitivity": "standard"},
        )
        assert response.status_code == 403
        assert notes(case) == 0

    def test_the_same_form_with_its_token_is_taken(self, practitioner, case, verified_client):
        browser = enforcing_csrf(verified_client(practitioner))
        url = reverse("cases:note_add", args=[case.pk])
        browser.get(url)
        token = browser.cookies["csrftoken"].value
        response = browser.post(
            url,
            {"text": "Sent from Haven.", "sensitivity": "standard", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        assert notes(case) == 1

    def test_a_session_caller_of_the_api_needs_the_token(
        self, practitioner, case, verified_api_client
    ):
        api = enforcing_csrf(verified_api_client(practitioner))
        url = f"/api/v1/cases/{case.pk}/notes/"
        refused = api.post(url, {"text": "Forged."}, format="json")
        assert refused.status_code == 403
        assert "CSRF" in str(refused.json())
        assert notes(case) == 0

        api.get(reverse("cases:note_add", args=[case.pk]))  # a page sets the token's cookie
        token = api.cookies["csrftoken"].value
        taken = api.post(url, {"text": "Sent."}, format="json", HTTP_X_CSRFTOKEN=token)
        assert taken.status_code == 201, taken.content
        assert notes(case) == 1

    def test_a_personal_api_token_needs_no_csrf_token(self, practitioner, case):
        api = enforcing_csrf(bearer(practitioner, name="Partner system"))
        response = api.post(f"/api/v1/cases/{case.pk}/notes/", {"text": "Sent."}, format="json")
        assert response.status_code == 201, response.content
        assert notes(case) == 1


# --- Session fixation -------------------------------------------------------------------------


class TestSessionFixation:
    def test_signing_in_changes_the_session_key(self, client):
        user = UserFactory()
        give_totp_device(user)
        give_backup_codes(user, "a1b2c3d4")
        login_password_step(client, user.email)  # the password step keeps its state in a session
        planted = client.session.session_key
        assert planted

        response = login_backup_step(client, "a1b2c3d4")

        assert response.status_code == 302
        assert client.session.session_key != planted
        assert client.get(reverse("core:start")).status_code == 200

    def test_verifying_a_second_factor_at_set_up_changes_the_session_key(self, client):
        client.force_login(UserFactory())  # password only: may do nothing but set up the app
        url = reverse("two_factor:setup")
        client.post(url, {"setup_view-current_step": "welcome"})  # shows the app's QR code
        planted = client.session.session_key
        key = client.session["wizard_setup_view"]["extra_data"]["keys"]["generator"]

        response = client.post(
            url,
            {
                "setup_view-current_step": "generator",
                "generator-token": f"{totp(unhexlify(key)):06d}",
            },
        )

        assert response.status_code == 302
        assert client.get(reverse("core:start")).status_code == 200  # now verified
        assert client.session.session_key != planted


# --- Clickjacking -----------------------------------------------------------------------------


def framing_refused(response) -> bool:
    csp = response.get("Content-Security-Policy", "")
    return response.get("X-Frame-Options") == "DENY" and "frame-ancestors 'none'" in csp


def pages_without_parameters() -> list[str]:
    return [
        reverse(route.name)
        for route in routes()
        if route.name
        and not route.parameters
        and not route.name.startswith("api-")
        and "^" not in route.route
    ]


@pytest.fixture
def scene(_shared_scene):  # noqa: F811
    return _shared_scene


def scene_pages(scene) -> list[str]:
    """A page of each kind of record: the access matrix's GET rows for pages."""
    return sorted({e.url(scene) for e in ENDPOINTS.values() if e.page and e.method == "get"})


class TestClickjacking:
    # On SQLite only: the pages render on PostgreSQL in the access matrix; the headers this
    # checks are set by middleware, the same on both databases (decision 0055).
    @pytest.mark.postgresql_repeat
    def test_every_page_refuses_to_be_framed(self, scene, verified_client):
        manager = verified_client(scene.world.la("warrington").manager)
        manager.raise_request_exception = False
        anonymous = type(manager)()
        urls = pages_without_parameters() + scene_pages(scene) + ["/no-such-page/"]
        framable = [
            f"{who} {url}: {response.status_code}"
            for url in urls
            for who, client in (("manager", manager), ("anonymous", anonymous))
            for response in [client.get(url)]
            if not framing_refused(response)
        ]
        assert len(urls) > 100
        assert not framable, "Pages that may be framed:\n" + "\n".join(framable)


# --- Open redirects ---------------------------------------------------------------------------


def off_site(response) -> bool:
    location = response.get("Location", "")
    return response.status_code in (301, 302, 303, 307, 308) and bool(
        urlsplit(location).netloc or location.startswith("//")
    )


def with_redirects(url: str) -> str:
    joined = "&".join(f"{name}={EVIL}" for name in REDIRECT_PARAMETERS)
    return f"{url}{'&' if '?' in url else '?'}{joined}"


class TestOpenRedirects:
    def test_signing_in_ignores_a_next_off_site(self, client):
        user = UserFactory()
        give_totp_device(user)
        give_backup_codes(user, "a1b2c3d4")
        client.get(with_redirects(reverse("two_factor:login")))
        login_password_step(client, user.email, QUERY_STRING=f"next={EVIL}")
        client.post(
            reverse("two_factor:login") + f"?next={EVIL}",
            {"login_view-current_step": "token", "wizard_goto_step": "backup"},
        )
        response = client.post(
            reverse("two_factor:login") + f"?next={EVIL}",
            {"login_view-current_step": "backup", "backup-otp_token": "a1b2c3d4", "next": EVIL},
        )
        assert response.status_code == 302
        assert not off_site(response), response["Location"]
        assert response["Location"] == reverse("core:start")

    def test_signing_out_ignores_a_next_off_site(self, verified_client):
        client = verified_client(UserFactory())
        response = client.post(with_redirects(reverse("logout")), {"next": EVIL})
        assert response.status_code == 302
        assert not off_site(response), response["Location"]

    # On SQLite only, as framing above: where a page redirects does not depend on the database.
    @pytest.mark.postgresql_repeat
    def test_no_page_redirects_off_site(self, scene, verified_client):
        manager = verified_client(scene.world.la("warrington").manager)
        manager.raise_request_exception = False
        body = dict.fromkeys(REDIRECT_PARAMETERS, EVIL)
        offenders = []
        signing_out = {reverse("logout"), reverse("drafts:timed_out")}  # tested above / no next
        for url in sorted(set(pages_without_parameters() + scene_pages(scene)) - signing_out):
            for method in ("get", "post"):
                response = getattr(manager, method)(with_redirects(url), body)
                if off_site(response):
                    offenders.append(f"{method.upper()} {url} -> {response['Location']}")
        assert not offenders, "Redirects to another site:\n" + "\n".join(offenders)


# --- Brute force ------------------------------------------------------------------------------


class TestBruteForce:
    def test_guesses_from_many_addresses_lock_the_account(self, client, settings):
        user = UserFactory()
        give_totp_device(user)
        for guess in range(settings.AXES_FAILURE_LIMIT * 2):
            login_password_step(
                client, user.email, password=f"guess-{guess}", REMOTE_ADDR=f"198.51.100.{guess}"
            )
        response = login_password_step(client, user.email, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 429
        assert "locked" in response.content.decode().lower()

    def test_the_api_takes_no_password(self, client):
        user = UserFactory()
        basic = base64.b64encode(f"{user.email}:{TEST_PASSWORD}".encode()).decode()
        response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Basic {basic}")
        assert response.status_code in (401, 403)
        assert "errors" in response.json()

    def test_guessed_tokens_are_all_refused_alike(self, client):
        answers = {
            client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer guess-{n:040d}").status_code
            for n in range(20)
        }
        assert answers == {401}
