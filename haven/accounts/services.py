"""Writes for agencies, teams, users and API tokens. Each records its audit event.

Who may manage whom is decided in one place, ``management_refusal``: an administrator manages
only their own agency's teams and users; a partnership administrator manages every agency's, and
each thing they do to another agency's user or team is told to that agency's administrators. The
pages, the management commands and any future API all go through the services below, which ask
it before they write.
"""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import devices_for_user

from haven.accounts import roles
from haven.accounts.backends import demo_allowed
from haven.accounts.models import (
    SENIOR_OFFICES,
    Agency,
    AgencyType,
    ApiToken,
    Role,
    Team,
    User,
)
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff
from haven.notifications.services import notify

TOKEN_PREFIX = "hvn"  # noqa: S105 - a label, not a secret

OPERATOR_NEEDS_ACTOR = (
    "Name the administrator you act for with --by: a partnership administrator exists, so "
    "the command line follows the same rules as the pages."
)


class ManagementRefused(PermissionDenied):
    """An administrator asked to manage a team or user outside what they may manage. Pages
    answer 403, commands stop with the message."""


# Who may manage whom ----------------------------------------------------------------------


def partnership_admin_exists() -> bool:
    return User.objects.filter(role=Role.PARTNERSHIP_ADMIN, is_active=True).exists()


def management_refusal(
    actor: User | None,
    *,
    agency: Agency | None,
    role: str | None = None,
    target: User | None = None,
) -> str | None:
    """The one rule of who may manage whom. None when ``actor`` may manage ``agency``'s teams
    and users (give a ``role`` being granted, a ``target`` user being changed), otherwise why
    not, in words an administrator understands. ``agency`` None means something that belongs to
    no single agency (a new agency, a user with no agency).

    - ``actor`` None is the operator at the server's command line. They may act alone only while
      no active partnership administrator exists (setting up a new installation); after that a
      command names the administrator it acts for (``--by``) and this rule applies to them.
    - Only administrators manage, and never their own account (another administrator must).
    - A partnership administrator manages every agency and may grant every role.
    - An agency's administrator manages only their own agency's teams and users, may not grant a
      partnership role, and may not change someone who holds one.
    """
    if actor is None:
        return OPERATOR_NEEDS_ACTOR if partnership_admin_exists() else None
    if not actor.has_role_permission(roles.MANAGE_USERS):
        return "Only administrators manage teams and users."
    if target is not None and target.pk == actor.pk:
        return "You cannot change your own account. Ask another administrator."
    if actor.has_role_permission(roles.MANAGE_ALL_AGENCIES):
        return None
    if agency is None or actor.agency_id is None or agency.pk != actor.agency_id:
        return "You can only manage your own agency's teams and users."
    if role in roles.PARTNERSHIP_ROLES:
        return "Only a partnership administrator can give a partnership role."
    if target is not None and target.role in roles.PARTNERSHIP_ROLES:
        return "Only a partnership administrator can change someone with a partnership role."
    return None


def management_check(
    actor: User | None,
    *,
    agency: Agency | None,
    role: str | None = None,
    target: User | None = None,
) -> None:
    refusal = management_refusal(actor, agency=agency, role=role, target=target)
    if refusal is not None:
        raise ManagementRefused(refusal)


def may_manage_user(actor: User | None, user: User) -> bool:
    return management_refusal(actor, agency=user.agency, target=user) is None


def may_add_agency(actor: User | None) -> bool:
    return management_refusal(actor, agency=None) is None


def roles_grantable_by(actor: User | None) -> list[Role]:
    """The roles ``actor`` may give to a user of their own agency (a partnership administrator:
    of any agency)."""
    agency = actor.agency if actor is not None else None
    return [role for role in Role if management_refusal(actor, agency=agency, role=role) is None]


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "Haven's operator, at the server's command line,"
    agency = f", {actor.agency.name}" if actor.agency_id else ""
    return f"{actor.full_name} ({actor.get_role_display()}{agency})"


def _actor_kind(actor: User | None) -> str:
    return "A partnership administrator" if actor is not None else "Haven's operator"


def _tell_agency_admins(
    actor: User | None, agencies, *, subject: str, body: str, link: str = "", about=None
) -> None:
    """What a partnership administrator (or the operator) did to an agency's team or user is
    told to that agency's administrators; what an agency's own administrator did is not."""
    if actor is not None and not actor.has_role_permission(roles.MANAGE_ALL_AGENCIES):
        return
    agency_ids = {a.pk for a in agencies if a is not None}
    if actor is not None:
        agency_ids.discard(actor.agency_id)
    if not agency_ids:
        return
    recipients = User.objects.filter(
        agency_id__in=agency_ids,
        role__in=[Role.ADMIN, Role.PARTNERSHIP_ADMIN],
        is_active=True,
    )
    for user in (actor, about):
        if user is not None:
            recipients = recipients.exclude(pk=user.pk)
    notify(recipients=recipients, subject=subject, body=body, link=link)


def _user_link(user: User) -> str:
    return f"{reverse('accounts:user_list')}?q={quote(user.email)}"


def _tell_about_user(
    actor: User | None, user: User, did: str, *, reason: str = "", also=()
) -> None:
    body = f"{_actor_label(actor)} {did} {user.full_name} ({user.email})."
    if reason:
        body += f" Reason given: {reason}"
    _tell_agency_admins(
        actor,
        [user.agency, *also],
        subject=f"{_actor_kind(actor)} changed a user in your agency",
        body=body,
        link=_user_link(user),
        about=user,
    )


# API tokens -------------------------------------------------------------------------------


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


API_TOKEN_MAX_DAYS = 366


@transaction.atomic
def api_token_create(
    *, actor: User, user: User, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored or shown again.
    Users create their own; an administrator creates one for a user they may manage."""
    if actor is None or actor.pk != user.pk:
        management_check(actor, agency=user.agency, target=user)
    days = settings.HAVEN_API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": f"Days until it expires must be between 1 and {API_TOKEN_MAX_DAYS}"}
        )
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
        verb=Verb.API_TOKEN_CREATED,
        target=token,
        changes=diff(None, {"user": user.pk, "name": name, "expires_at": token.expires_at}),
    )
    if actor is None or actor.pk != user.pk:
        _tell_about_user(actor, user, f"created an API token named '{name}' for")
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if actor is None or actor.pk != token.user_id:
        management_check(actor, agency=token.user.agency, target=token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            verb=Verb.API_TOKEN_REVOKED,
            target=token,
            changes=diff({"revoked_at": None}, {"revoked_at": token.revoked_at}),
        )
        if actor is None or actor.pk != token.user_id:
            _tell_about_user(actor, token.user, f"revoked the API token '{token.name}' of")
    return token


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The usable token with this secret, or None. Records the use on success. A demo
    account's token never works in production."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.digest, token_digest(secret)):
        return None
    if not token.is_usable():
        return None
    if token.user.is_demo and not demo_allowed():
        return None
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        audit_record(actor=token.user, verb=Verb.TOKEN_USED, target=token)
    return token


# Agencies and teams -----------------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor: User | None, **fields) -> Agency:
    """Write an agency and its audit row. Who may add one is checked by ``agency_add``, which
    every page and command uses."""
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    audit_record(actor=actor, verb=Verb.AGENCY_CREATED, target=agency, changes=diff(None, fields))
    return agency


@transaction.atomic
def agency_add(
    *, actor: User | None, team_name: str, team_function: str, **fields
) -> tuple[Agency, Team]:
    """A new agency with its first team. Adding agencies is partnership work: partnership
    administrators only (or the operator while there is none)."""
    management_check(actor, agency=None)
    errors = {}
    if Agency.objects.filter(name__iexact=fields.get("name", "")).exists():
        errors["name"] = "An agency with this name already exists"
    if Agency.objects.filter(slug=fields.get("slug", "")).exists():
        errors["slug"] = "An agency with this short name already exists"
    area = fields.get("area_code", "")
    if (
        area
        and fields.get("agency_type") == AgencyType.LOCAL_AUTHORITY
        and Agency.objects.filter(agency_type=AgencyType.LOCAL_AUTHORITY, area_code=area).exists()
    ):
        errors["area_code"] = "There is already a local authority for this area"
    if errors:
        raise ValidationError(errors)
    agency = agency_create(actor=actor, **fields)
    team = team_create(actor=actor, agency=agency, name=team_name, function=team_function)
    return agency, team


@transaction.atomic
def agency_senior_officers_set(*, actor: User | None, agency: Agency, **officers) -> Agency:
    """Set a local authority's Head of Service, Operational Director and Chief Executive (each
    one of its own active users, or None: not set up). Its own administrators and partnership
    administrators may; a partnership administrator's change is told to the agency's."""
    management_check(actor, agency=agency)
    if agency.agency_type != AgencyType.LOCAL_AUTHORITY:
        raise ValidationError({"__all__": "Only a local authority has senior officers in Haven"})
    if set(officers) != set(SENIOR_OFFICES):
        raise TypeError(f"Give exactly {', '.join(SENIOR_OFFICES)}")
    errors = {
        office: f"Select an active user of {agency.name} as {label}"
        for office, label in SENIOR_OFFICES.items()
        if officers[office] is not None
        and (officers[office].agency_id != agency.pk or not officers[office].is_active)
    }
    if errors:
        raise ValidationError(errors)
    changes = diff({o: getattr(agency, o) for o in SENIOR_OFFICES}, officers)
    if not changes:
        return agency
    for office, officer in officers.items():
        setattr(agency, office, officer)
    agency.save(update_fields=list(changes))
    audit_record(actor=actor, verb=Verb.AGENCY_SENIOR_OFFICERS_SET, target=agency, changes=changes)
    named = "; ".join(
        f"{label}: {officers[office].full_name if officers[office] else 'not set up'}"
        for office, label in SENIOR_OFFICES.items()
    )
    _tell_agency_admins(
        actor,
        [agency],
        subject=f"{_actor_kind(actor)} changed your agency's senior officers",
        body=f"{_actor_label(actor)} set {agency.name}'s senior officers. {named}.",
        link=reverse("accounts:agency_list"),
    )
    return agency


@transaction.atomic
def team_create(*, actor: User | None, agency: Agency, **fields) -> Team:
    management_check(actor, agency=agency)
    if agency.teams.filter(name__iexact=fields.get("name", "")).exists():
        raise ValidationError({"name": "This agency already has a team with this name"})
    team = Team(agency=agency, **fields)
    team.full_clean()
    team.save()
    audit_record(
        actor=actor,
        verb=Verb.TEAM_CREATED,
        target=team,
        changes=diff(None, {"agency": agency, **fields}),
    )
    if not agency.teams.exclude(pk=team.pk).exists():
        return team  # a new agency's first team: it has no administrators to tell yet
    _tell_agency_admins(
        actor,
        [agency],
        subject=f"{_actor_kind(actor)} added a team to your agency",
        body=f"{_actor_label(actor)} added the team '{team.name}' to {agency.name}.",
        link=reverse("accounts:agency_list"),
    )
    return team


# Users ------------------------------------------------------------------------------------


def _team_agency(team: Team | None, agency: Agency | None) -> Agency | None:
    if team is not None:
        if agency is not None and agency.pk != team.agency_id:
            raise ValidationError({"team": "Select a team in the user's agency"})
        return team.agency
    return agency


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    password: str | None,
    full_name: str,
    role: str,
    team: Team | None = None,
    agency: Agency | None = None,
    job_title: str = "",
) -> User:
    """A new user of ``team``'s agency (or of ``agency``, with no team), with one role."""
    agency = _team_agency(team, agency)
    management_check(actor, agency=agency, role=role)
    if role not in Role.values:
        raise ValidationError({"role": "Select a role"})
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise ValidationError({"email": "A user with this email address already exists"})
    fields = {
        "full_name": full_name,
        "agency": agency,
        "team": team,
        "role": role,
        "job_title": job_title,
    }
    user = User.objects.create_user(email=email.strip(), password=password, **fields)
    audit_record(
        actor=actor,
        verb=Verb.USER_CREATED,
        target=user,
        changes=diff(None, {"email": user.email, "password": password, **fields}),
    )
    _tell_about_user(actor, user, f"added, as {user.get_role_display().lower()},")
    return user


USER_EDITABLE_FIELDS = ("full_name", "agency", "team", "role")


@transaction.atomic
def user_update(*, actor: User, user: User, full_name: str, team: Team, role: str) -> User:
    """Change a user's name, team (and so agency) and role. The administrator must be allowed to
    manage the user as they are now and as they will be."""
    management_check(actor, agency=user.agency, target=user)
    management_check(actor, agency=team.agency, role=role, target=user)
    if role not in Role.values:
        raise ValidationError({"role": "Select a role"})
    if not full_name.strip():
        raise ValidationError({"full_name": "Enter the user's full name"})
    before = {f: getattr(user, f) for f in USER_EDITABLE_FIELDS}
    old_agency = user.agency
    user.full_name = full_name.strip()
    user.team = team
    user.agency = team.agency
    user.role = role
    user.full_clean(exclude=["password"])
    changes = diff(before, {f: getattr(user, f) for f in USER_EDITABLE_FIELDS})
    if not changes:
        return user
    user.save(update_fields=list(changes))
    audit_record(actor=actor, verb=Verb.USER_UPDATED, target=user, changes=changes)
    _tell_about_user(
        actor,
        user,
        f"changed the {', '.join(sorted(changes)).replace('_', ' ')} of",
        also=[old_agency],
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, active: bool, reason: str) -> User:
    management_check(actor, agency=user.agency, target=user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            verb=Verb.USER_REACTIVATED if active else Verb.USER_DEACTIVATED,
            target=user,
            reason=reason,
            changes=diff({"is_active": not active}, {"is_active": active}),
        )
        _tell_about_user(actor, user, "reactivated" if active else "deactivated", reason=reason)
    return user


@transaction.atomic
def user_reset_two_factor(*, actor: User | None, user: User, reason: str) -> int:
    """Remove a user's two-factor devices (a lost phone); they set up again at next log-in."""
    management_check(actor, agency=user.agency, target=user)
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit_record(
        actor=actor,
        verb=Verb.TWO_FACTOR_RESET,
        target=user,
        reason=f"Two-factor devices reset: {reason}",
        changes={"devices_removed": removed},
    )
    _tell_about_user(actor, user, "reset the two-factor authentication of", reason=reason)
    return removed


# Passwords --------------------------------------------------------------------------------


def password_reset_possible(user: User) -> bool:
    """Whether a reset link may be sent to, or used by, this user."""
    return (
        user.is_active and user.has_usable_password() and not (user.is_demo and not demo_allowed())
    )


def password_reset_link(user: User) -> str:
    """A one-time link to choose a new password, on the configured address (``HAVEN_BASE_URL``),
    never on whatever Host a request claimed."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.HAVEN_BASE_URL.rstrip('/')}{path}"


@transaction.atomic
def password_reset_email_send(*, user: User, by: User | None = None) -> bool:
    """Email ``user`` a link to choose a new password. ``by`` is the administrator who sent it
    from the users page (checked like every other management action); None when the user asked
    on the "Forgotten your password?" page. Returns whether an email is sent. The link only sets
    a password: signing in still needs the user's second factor."""
    if by is not None:
        management_check(by, agency=user.agency, target=user)
    if not password_reset_possible(user):
        if by is not None:
            raise ValidationError("This user cannot be sent a password reset email.")
        return False
    context = {
        "user": user,
        "link": password_reset_link(user),
        "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        "base_url": settings.HAVEN_BASE_URL.rstrip("/"),
        "by": by,
    }
    subject = "".join(
        render_to_string("accounts/email/password_reset_subject.txt", context).splitlines()
    )
    body = render_to_string("accounts/email/password_reset_email.txt", context)
    audit_record(
        actor=by,
        verb=Verb.PASSWORD_RESET_SENT,
        target=user,
        reason="Password reset link emailed"
        + (" by an administrator" if by is not None else " at the user's request"),
        changes={"by_administrator": by is not None},
    )
    if by is not None:
        _tell_about_user(by, user, "sent a password reset email to")
    transaction.on_commit(
        lambda: send_mail(subject, body, from_email=None, recipient_list=[user.email])
    )
    return True


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> User:
    """Set the password chosen through an emailed link. It does not sign the user in: they sign
    in with the new password and their second factor, as always."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        verb=Verb.PASSWORD_RESET_COMPLETED,
        target=user,
        reason="Password reset with an emailed link",
        changes=diff({"password": "old"}, {"password": "new"}),
    )
    return user
