"""Reads for the accounts pages. What an administrator sees matches what they may manage
(``services.management_refusal``): a partnership administrator every agency, an agency's
administrator their own agency, anyone else nothing."""

from django.db.models import Q, QuerySet

from haven.accounts import roles
from haven.accounts.models import SENIOR_OFFICES, Agency, AgencyType, ApiToken, Team, User


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
    return (
        Agency.objects.filter(scope)
        .select_related("head_of_service", "operational_director", "chief_executive")
        .prefetch_related("teams")
        .order_by("name")
    )


def local_authority_get_for_admin(*, actor: User, agency_id: int) -> Agency:
    """A local authority ``actor`` administers (for its senior officers), or DoesNotExist (a
    page answers 404, as for no agency)."""
    return agencies_for_admin(actor=actor).get(pk=agency_id, agency_type=AgencyType.LOCAL_AUTHORITY)


def senior_officer_choices(*, agency: Agency) -> QuerySet[User]:
    """Who may hold an authority's senior offices: its active users."""
    return User.objects.filter(agency=agency, is_active=True).order_by("full_name", "pk")


def senior_officer(agency: Agency, office: str) -> User | None:
    """Who holds ``office`` (a key of ``SENIOR_OFFICES``) at ``agency``: None when nobody
    active does, so nobody would be told."""
    officer = getattr(agency, office)
    return officer if officer is not None and officer.is_active else None


def senior_officers(agency: Agency) -> list[tuple[str, User | None]]:
    """A local authority's senior offices by name, each with who holds it (None: not set up);
    other agencies have none."""
    if agency.agency_type != AgencyType.LOCAL_AUTHORITY:
        return []
    return [(label, senior_officer(agency, office)) for office, label in SENIOR_OFFICES.items()]


def senior_offices_missing(agency: Agency) -> list[str]:
    """The senior offices of a local authority that nobody active holds, by name."""
    return [label for label, officer in senior_officers(agency) if officer is None]
