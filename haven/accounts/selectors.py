"""Reads for the accounts pages. What an administrator sees matches what they may manage
(``services.management_refusal``): a partnership administrator every agency, an agency's
administrator their own agency, anyone else nothing."""

from django.db.models import Q, QuerySet

from haven.accounts import roles
from haven.accounts.models import Agency, ApiToken, Team, User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at")


def api_token_get_for_owner(*, user: User, token_id: int) -> ApiToken:
    """A token the user may manage (their own), or DoesNotExist."""
    return ApiToken.objects.get(user=user, pk=token_id)


def _agency_scope(actor: User, field: str) -> Q | None:
    """A filter on ``field`` (an agency id) for what ``actor`` administers; None: nothing."""
    if actor.has_role_permission(roles.MANAGE_ALL_AGENCIES):
        return Q()
    if actor.has_role_permission(roles.MANAGE_USERS) and actor.agency_id is not None:
        return Q(**{field: actor.agency_id})
    return None


def users_for_admin(*, actor: User, query: str = "") -> QuerySet[User]:
    """The users on ``actor``'s users page, searched by name or email address."""
    scope = _agency_scope(actor, "agency_id")
    if scope is None:
        return User.objects.none()
    users = User.objects.filter(scope).select_related("agency", "team")
    for word in query.split():
        users = users.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
    return users.order_by("agency__name", "full_name", "pk")


def user_get_for_admin(*, actor: User, user_id: int) -> User:
    """A user ``actor`` administers, or DoesNotExist (a page answers 404, as for no user)."""
    return users_for_admin(actor=actor).get(pk=user_id)


def teams_for_admin(*, actor: User) -> QuerySet[Team]:
    """The teams ``actor`` may put users in or add to."""
    scope = _agency_scope(actor, "agency_id")
    if scope is None:
        return Team.objects.none()
    return Team.objects.filter(scope).select_related("agency").order_by("agency__name", "name")


def agencies_for_admin(*, actor: User) -> QuerySet[Agency]:
    scope = _agency_scope(actor, "pk")
    if scope is None:
        return Agency.objects.none()
    return Agency.objects.filter(scope).prefetch_related("teams").order_by("name")
