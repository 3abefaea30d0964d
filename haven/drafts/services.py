"""Keep and give back held forms. Only the user who typed a form gets it back, only on the page
it came from, only once, and only for ``HELD_FORM_HOURS``."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from haven.drafts.models import HeldForm

# Security tokens are not kept: the form is sent again from a fresh page.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})
MAX_FIELDS = 500
MAX_CHARACTERS = 200_000


def _local_path(path: str) -> bool:
    return (
        path.startswith("/")
        and not path.startswith("/api/")
        and url_has_allowed_host_and_scheme(path, allowed_hosts=None)
        and len(path) <= 300
    )


@transaction.atomic
def held_form_keep(*, user_id: int, path: str, data: QueryDict, reason: str) -> HeldForm | None:
    """Keep what was typed on ``path`` for ``user_id``, replacing anything kept there before.
    Returns None (keeps nothing) for a path that is not one of Haven's pages or a body too big
    to be a form someone typed."""
    fields = {name: data.getlist(name) for name in data if name not in NOT_KEPT}
    size = sum(len(value) for values in fields.values() for value in values)
    if not _local_path(path) or not fields or len(fields) > MAX_FIELDS or size > MAX_CHARACTERS:
        return None
    held, _ = HeldForm.objects.update_or_create(
        user_id=user_id, path=path, defaults={"data": fields, "reason": reason}
    )
    return held


@transaction.atomic
def held_form_take(*, user, path: str) -> QueryDict | None:
    """What ``user`` typed on ``path``, removed from keeping; None when nothing is held."""
    if not getattr(user, "is_authenticated", False):
        return None
    held = HeldForm.objects.select_for_update().filter(user=user, path=path).first()
    if held is None:
        return None
    held.delete()
    if held.held_at < timezone.now() - timedelta(hours=settings.HELD_FORM_HOURS):
        return None
    data = QueryDict(mutable=True)
    for name, values in held.data.items():
        data.setlist(name, [str(value) for value in values])
    return data


def held_forms_expire() -> int:
    """Remove held forms older than ``HELD_FORM_HOURS`` (the job schedule calls this)."""
    cutoff = timezone.now() - timedelta(hours=settings.HELD_FORM_HOURS)
    deleted, _ = HeldForm.objects.filter(held_at__lt=cutoff).delete()
    return deleted
