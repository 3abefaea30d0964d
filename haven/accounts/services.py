"""Writes for agencies, teams, users and API tokens. Each records its audit event."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Agency, ApiToken, Team, User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff

TOKEN_PREFIX = "hvn"  # noqa: S105 - a label, not a secret


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: User, user: User, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored or shown again."""
    if actor.pk != user.pk and not actor.has_role_permission("accounts.manage_users"):
        raise PermissionError("Only the user or an administrator can create a token for them.")
    days = settings.HAVEN_API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ValueError("A token lasts between 1 and 366 days.")
    prefix = secrets.token_hex(4)
    now = timezone.now()
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        digest=token_digest(secret),
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        verb=Verb.CREATED,
        target=token,
        changes=diff(None, {"user": user.pk, "name": name, "expires_at": token.expires_at}),
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if actor.pk != token.user_id and not actor.has_role_permission("accounts.manage_users"):
        raise PermissionError("Only the token's owner or an administrator can revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            verb=Verb.ACCESS_REVOKED,
            target=token,
            changes=diff({"revoked_at": None}, {"revoked_at": token.revoked_at}),
        )
    return token


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The usable token with this secret, or None. Records the use on success."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.digest, token_digest(secret)):
        return None
    if not token.is_usable():
        return None
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        audit_record(actor=token.user, verb=Verb.TOKEN_USED, target=token)
    return token


@transaction.atomic
def agency_create(*, actor: User | None, **fields) -> Agency:
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    audit_record(actor=actor, verb=Verb.CREATED, target=agency, changes=diff(None, fields))
    return agency


@transaction.atomic
def team_create(*, actor: User | None, agency: Agency, **fields) -> Team:
    team = Team(agency=agency, **fields)
    team.full_clean()
    team.save()
    audit_record(
        actor=actor,
        verb=Verb.CREATED,
        target=team,
        changes=diff(None, {"agency": agency, **fields}),
    )
    return team


@transaction.atomic
def user_create(*, actor: User | None, email: str, password: str | None, **fields) -> User:
    user = User.objects.create_user(email=email, password=password, **fields)
    audit_record(
        actor=actor,
        verb=Verb.CREATED,
        target=user,
        changes=diff(None, {"email": user.email, "password": password, **fields}),
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    if not actor.has_role_permission("accounts.manage_users"):
        raise PermissionError("Only administrators manage users.")
    if user.pk == actor.pk:
        raise ValueError("You cannot deactivate yourself.")
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            verb=Verb.ACCESS_GRANTED if active else Verb.ACCESS_REVOKED,
            target=user,
            reason=reason,
            changes=diff({"is_active": not active}, {"is_active": active}),
        )
    return user


@transaction.atomic
def user_reset_two_factor(*, actor: User | None, user: User, reason: str) -> int:
    """Remove a user's two-factor devices (a lost phone); they set up again at next log-in."""
    from django_otp import devices_for_user

    if actor is not None and not actor.has_role_permission("accounts.manage_users"):
        raise PermissionError("Only administrators reset two-factor authentication.")
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit_record(
        actor=actor,
        verb=Verb.ACCESS_REVOKED,
        target=user,
        reason=f"Two-factor devices reset: {reason}",
        changes={"devices_removed": removed},
    )
    return removed
