import html
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from haven.accounts.models import ApiToken, Role
from haven.accounts.services import api_token_create, api_token_revoke, token_digest
from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_token_is_stored_hashed_and_shown_once():
    user = UserFactory()
    token, secret = api_token_create(actor=user, user=user, name="feed")
    token.refresh_from_db()
    assert secret not in {token.digest, token.prefix}
    assert token.digest == token_digest(secret)
    assert not ApiToken.objects.filter(digest=secret).exists()
    assert token.expires_at - token.created_at == timedelta(days=90)


def test_token_authenticates_api_calls_without_two_factor_and_each_use_is_audited():
    user = UserFactory()
    _, secret = api_token_create(actor=user, user=user, name="feed")
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    bearer(secret).get("/api/v1/me/")
    assert AuditEvent.objects.filter(actor=user, verb=Verb.TOKEN_USED).count() == 2


def test_expired_token_is_refused():
    user = UserFactory()
    token, secret = api_token_create(actor=user, user=user, name="feed", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {"errors": {"detail": ["The token is invalid, expired or revoked."]}}


def test_revoked_token_is_refused_and_revocation_is_audited():
    user = UserFactory()
    token, secret = api_token_create(actor=user, user=user, name="feed")
    api_token_revoke(actor=user, token=token)
    assert bearer(secret).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(verb=Verb.API_TOKEN_REVOKED, target_id=str(token.pk)).exists()


def test_tampered_token_is_refused():
    user = UserFactory()
    _, secret = api_token_create(actor=user, user=user, name="feed")
    assert (
        bearer(secret[:-1] + ("A" if secret[-1] != "A" else "B")).get("/api/v1/me/").status_code
        == 401
    )
    assert bearer("hvn_nothing_here").get("/api/v1/me/").status_code == 401


def test_token_of_deactivated_user_is_refused():
    user = UserFactory()
    _, secret = api_token_create(actor=user, user=user, name="feed")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert bearer(secret).get("/api/v1/me/").status_code == 401


def test_only_owner_or_their_agencys_admin_creates_tokens_for_a_user():
    owner, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        api_token_create(actor=other, user=owner, name="feed")
    with pytest.raises(PermissionDenied):
        api_token_create(actor=UserFactory(role=Role.ADMIN), user=owner, name="feed")
    admin = UserFactory(role=Role.ADMIN, agency=owner.agency)
    token, _ = api_token_create(actor=admin, user=owner, name="feed")
    assert token.user == owner


def test_token_lifetime_is_bounded():
    user = UserFactory()
    with pytest.raises(ValidationError, match="between 1 and 366"):
        api_token_create(actor=user, user=user, name="feed", days=0)


def test_create_api_token_command_prints_a_working_token(capsys):
    user = UserFactory()
    call_command("create_api_token", user.email, "--days", "7")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("hvn_")
    assert bearer(secret).get("/api/v1/me/").status_code == 200
    token = ApiToken.objects.get(user=user)
    assert (token.expires_at - token.created_at).days == 7


def test_token_page_creates_and_revokes(verified_client):
    user = UserFactory()
    client = verified_client(user)
    response = client.post(reverse("accounts:token_list"), {"name": "feed", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert f"hvn_{token.prefix}_" in response.content.decode()
    # Shown once: the list afterwards has only the prefix.
    assert f"hvn_{token.prefix}_" not in client.get(reverse("accounts:token_list")).content.decode()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_rejects_bad_input(verified_client):
    client = verified_client(UserFactory())
    response = client.post(reverse("accounts:token_list"), {"name": "", "days": 0})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_cannot_revoke_someone_elses_token(verified_client):
    owner = UserFactory()
    token, _ = api_token_create(actor=owner, user=owner, name="feed")
    response = verified_client(UserFactory()).post(
        reverse("accounts:token_revoke", args=[token.pk])
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_lifetime_reads_the_same_on_the_page_and_from_the_command(verified_client):
    """How long a token may last is the service's rule: the page and the command say it in the
    service's words."""
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        api_token_create(actor=user, user=user, name="feed", days=400)
    [message] = refused.value.message_dict["days"]
    response = verified_client(user).post(
        reverse("accounts:token_list"), {"name": "feed", "days": 400}
    )
    assert message in html.unescape(response.content.decode())
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", user.email, "--days", "400", "--by", user.email)
    assert not ApiToken.objects.exists()
