from django.db.models import QuerySet

from haven.accounts.models import ApiToken, User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at")


def api_token_get_for_owner(*, user: User, token_id: int) -> ApiToken:
    """A token the user may manage (their own), or DoesNotExist."""
    return ApiToken.objects.get(user=user, pk=token_id)
