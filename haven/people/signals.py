"""Signals other apps may listen to without this app knowing them, and the one way rows derived
from people are kept current."""

from collections.abc import Callable, Iterable

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

# Sent with ``person_ids`` when people's details change in a way that bypasses ``save``: a
# versioned update (with the names of the ``fields`` changed), and a merge or its reversal, which
# move details between records (no ``fields``: anything may have changed). Whatever is derived
# from people listens: matching's keys, the search text (decision 0047).
person_changed = Signal()

# Every follower's ``refresh``, by ``uid``: ``derived_rows_refresh`` rebuilds them all.
_followers: dict[str, Callable[[Iterable[int]], None]] = {}


def follow_people(
    refresh: Callable[[Iterable[int]], None],
    *,
    reads: frozenset[str],
    details: Iterable[type],
    uid: str,
) -> None:
    """Keep rows derived from people current: ``refresh(person_ids)`` runs, in the same
    transaction as the change, on a save of a person naming one of the fields it ``reads`` (or
    naming none), on a save or delete of one of ``details`` (models with a ``person``), and on
    ``person_changed`` unless the fields it names are none of those. Called from an app's
    ``ready``; ``uid`` keeps each follower connected once."""
    from haven.people.models import Person  # noqa: PLC0415 (the app registry must be ready)

    _followers[uid] = refresh

    def person_saved(sender, instance, update_fields=None, **kwargs) -> None:
        if update_fields is None or reads & set(update_fields):
            refresh([instance.pk])

    def detail_changed(sender, instance, **kwargs) -> None:
        refresh([instance.person_id])

    def changed(sender, person_ids: Iterable[int], fields=None, **kwargs) -> None:
        if fields is None or reads & set(fields):
            refresh(person_ids)

    post_save.connect(person_saved, sender=Person, weak=False, dispatch_uid=f"{uid}_person")
    for detail in details:
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                detail_changed,
                sender=detail,
                weak=False,
                dispatch_uid=f"{uid}_{detail.__name__}_{name}",
            )
    person_changed.connect(changed, weak=False, dispatch_uid=f"{uid}_person_changed")


def derived_rows_refresh(person_ids: Iterable[int]) -> list[str]:
    """Rebuild every row derived from these people, by every follower: after a change that
    bypassed the signals (a bulk load in SQL, a restore of part of the data) or a change to
    how a follower derives its rows. Returns the followers' ``uid``s."""
    ids = list(person_ids)
    for refresh in _followers.values():
        refresh(ids)
    return sorted(_followers)
