"""The security baseline: two factors, lock-out, sessions and headers."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.accounts.tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    give_backup_codes,
    give_totp_device,
)
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.core.tests.support import login_backup_step, login_password_step

pytestmark = pytest.mark.django_db


class TestTwoFactorIsMandatory:
    def test_anonymous_user_is_sent_to_log_in(self, client):
        response = client.get(reverse("core:start"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor:login"))

    def test_password_only_session_cannot_open_pages(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.get(reverse("core:start"))
        assert response.status_code == 302
        assert response.url == reverse("two_factor:setup")
        assert client.get(reverse("audit:event_list")).status_code == 302

    def test_password_only_session_cannot_call_the_api(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.get("/api/v1/me/")
        assert response.status_code == 403
        assert "errors" in response.json()

    def test_password_only_session_may_set_up_two_factor(self, client):
        client.force_login(UserFactory())
        assert client.get(reverse("two_factor:setup")).status_code == 200

    def test_verified_session_opens_the_start_page(self, verified_client):
        client = verified_client(UserFactory(full_name="Sam Carter"))
        response = client.get(reverse("core:start"))
        assert response.status_code == 200
        assert "Sam Carter" in response.content.decode()

    def test_password_then_backup_code_logs_in_verified(self, client):
        user = UserFactory()
        give_totp_device(user)
        give_backup_codes(user, "a1b2c3d4")
        response = login_password_step(client, user.email)
        assert response.status_code == 200  # now asks for the code
        response = login_backup_step(client, "a1b2c3d4")
        assert response.status_code == 302
        assert client.get(reverse("core:start")).status_code == 200
        assert AuditEvent.objects.filter(actor=user, verb=Verb.LOGGED_IN).exists()

    def test_wrong_backup_code_does_not_log_in(self, client):
        user = UserFactory()
        give_totp_device(user)
        give_backup_codes(user, "a1b2c3d4")
        login_password_step(client, user.email)
        response = login_backup_step(client, "00000000")
        assert response.status_code == 200
        assert client.get(reverse("core:start")).status_code == 302


class TestLockOut:
    def test_account_locks_after_five_failures(self, client, settings):
        user = UserFactory()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login_password_step(client, user.email, password="wrong-password-123")
        response = login_password_step(client, user.email)
        assert response.status_code == 429
        assert "locked" in response.content.decode().lower()
        assert AuditEvent.objects.filter(verb=Verb.LOGIN_FAILED, actor_email=user.email).count()
        assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT, actor_email=user.email).exists()

    def test_fewer_failures_do_not_lock(self, client, settings):
        user = UserFactory()
        give_totp_device(user)
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login_password_step(client, user.email, password="wrong-password-123")
        response = login_password_step(client, user.email)
        assert response.status_code == 200
        assert "authenticator" in response.content.decode()


class TestSessions:
    def test_session_lasts_thirty_minutes_idle_and_ends_at_browser_close(self, settings):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST is True
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True

    def test_session_cookie_has_no_expiry_so_it_dies_with_the_browser(self, verified_client):
        client = verified_client(UserFactory())
        response = client.get(reverse("core:start"))
        cookie = response.cookies["sessionid"]
        assert cookie["expires"] == ""
        assert cookie["max-age"] == ""
        assert cookie["httponly"]

    def test_idle_session_is_refused(self, verified_client):
        client = verified_client(UserFactory())
        session = client.session
        session.set_expiry(timezone.now() - timedelta(seconds=1))
        session.save()
        response = client.get(reverse("core:start"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor:login"))


class TestSecurityHeaders:
    def test_headers_on_every_page(self, client):
        response = client.get(reverse("two_factor:login"))
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Request-ID"]

    def test_pages_have_no_inline_script(self, verified_client):
        client = verified_client(UserFactory())
        html = client.get(reverse("core:start")).content.decode()
        assert "<script>" not in html
        assert '<script type="module" src=' in html

    def test_production_settings_are_strict(self):
        env = {
            **os.environ,
            "HAVEN_ENV": "production",
            "SECRET_KEY": "x" * 60,
            # Production also requires the audit chain's own key (decision 0010).
            "AUDIT_CHAIN_KEY": "y" * 60,
            "ALLOWED_HOSTS": "haven.example.org",
        }
        code = (
            "import json; from haven import settings as s; print(json.dumps({"
            "'hsts': s.SECURE_HSTS_SECONDS, 'secure': s.SESSION_COOKIE_SECURE, "
            "'csrf_secure': s.CSRF_COOKIE_SECURE, 'ssl': s.SECURE_SSL_REDIRECT, "
            "'debug': s.DEBUG}))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        values = json.loads(result.stdout)
        assert values == {
            "hsts": 63072000,
            "secure": True,
            "csrf_secure": True,
            "ssl": True,
            "debug": False,
        }

    def test_production_refuses_to_start_without_a_secret_key(self):
        env = {**os.environ, "HAVEN_ENV": "production", "SECRET_KEY": ""}
        result = subprocess.run(
            [sys.executable, "-c", "import haven.settings"], env=env, capture_output=True, text=True
        )
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()
    assert user.password.startswith("argon2$")
    assert user.check_password(TEST_PASSWORD)


def test_weak_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("password123")


def test_password_only_session_cannot_open_a_case_page_or_case_api(client, world):
    case = open_case(world)
    lead = world.la("warrington").manager
    client.force_login(lead)  # password step only: no verified device
    for url in (reverse("cases:case_detail", args=[case.pk]), reverse("cases:case_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("two_factor:setup")
    for url in (f"/api/v1/cases/{case.pk}/", "/api/v1/cases/", f"/api/v1/people/{case.person_id}/"):
        assert client.get(url).status_code == 403


class TestSignInInGovukWords:
    """Issue 8 point 15: no Django or package default messages, no "Token" label."""

    def test_a_wrong_password_is_told_in_govuk_words(self, client):
        user = UserFactory()
        give_totp_device(user)
        page = login_password_step(client, user.email, password="not-it").content.decode()
        assert "Enter a correct email address and password" in page
        assert "Please enter a correct" not in page

    def test_empty_fields_name_what_to_enter(self, client):
        page = login_password_step(client, "", password="").content.decode()
        assert "Enter your email address" in page and "Enter your password" in page
        assert "This field is required" not in page

    def test_the_code_step_asks_for_the_code_not_a_token(self, client):
        user = UserFactory()
        give_totp_device(user)
        page = login_password_step(client, user.email).content.decode()
        assert "Code from your authenticator app" in page
        assert ">Token<" not in page
        page = client.post(
            reverse("two_factor:login"),
            {"login_view-current_step": "token", "token-otp_token": "000000"},
        ).content.decode()
        assert "The code is not right" in page
        assert "Invalid token" not in page

    def test_a_wrong_backup_code_is_told_in_govuk_words(self, client):
        user = UserFactory()
        give_totp_device(user)
        give_backup_codes(user, "a1b2c3d4")
        login_password_step(client, user.email)
        page = login_backup_step(client, "00000000").content.decode()
        assert "Backup code" in page and "The backup code is not right" in page

    def test_setting_up_the_app_asks_for_the_code_in_govuk_words(self, client):
        client.force_login(UserFactory())
        url = reverse("two_factor:setup")
        client.post(url, {"setup_view-current_step": "welcome"})
        page = client.post(
            url, {"setup_view-current_step": "generator", "generator-token": ""}
        ).content.decode()
        assert "Code from your authenticator app" in page
        assert "Enter the 6-digit code from your authenticator app" in page
        assert "This field is required" not in page
