"""No lost updates: an optimistic version check for records several people edit."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.verbs import VERSION


@dataclass(frozen=True)
class ChangeSinceEdit:
    by: str
    at: datetime
    fields: dict[str, Any]


class StaleVersionError(Exception):
    """Someone else saved the record since this edit began. Carries what they changed."""

    def __init__(self, *, current: models.Model, submitted_version: int, changes: list):
        self.current = current
        self.submitted_version = submitted_version
        self.changes: list[ChangeSinceEdit] = changes
        names = sorted({name for change in changes for name in change.fields})
        who = ", ".join(sorted({change.by for change in changes})) or "someone else"
        super().__init__(
            f"{who} saved this record while you were editing it (changed: "
            f"{', '.join(names) or 'details'}). Your changes have not been saved: "
            "check theirs, then make yours again."
        )


def _is_field_change(value: Any) -> bool:
    return isinstance(value, dict) and "after" in value


def changes_since(instance: models.Model, *, version: int) -> list[ChangeSinceEdit]:
    """What others changed after ``version``, read from the audit trail: every event on the
    record that carries a version step, whatever its verb (``case_closed``, ``task_completed``;
    ``updated`` and ``decided`` on older rows). Only field changes are reported, not a verb's
    plain markers such as ``by_haven``."""
    events = AuditEvent.objects.filter(
        target_type=instance._meta.label_lower,
        target_id=str(instance.pk),
        changes__has_key=VERSION,
    ).order_by("-id")[:20]
    changes = []
    for event in events:
        step = event.changes.get(VERSION)
        before = step.get("before") if isinstance(step, dict) else None
        if before is None or before < version:
            continue
        fields = {k: v for k, v in event.changes.items() if k != VERSION and _is_field_change(v)}
        changes.append(ChangeSinceEdit(by=event.actor_email, at=event.occurred_at, fields=fields))
    return list(reversed(changes))


def require_version(instance: models.Model, expected_version: int | None) -> None:
    """Refuse at once an edit based on an older version than the one just read, so the editor
    hears who changed what (409) rather than a confusing "already closed" or "already decided"
    judged on a state they never saw: two people completing one task at once, the second
    reads it after the first saved (decision 0039)."""
    if expected_version is not None and instance.version != expected_version:
        raise StaleVersionError(
            current=instance,
            submitted_version=expected_version,
            changes=changes_since(instance, version=expected_version),
        )


def save_with_version_check(
    instance: models.Model, *, expected_version: int, fields: Iterable[str]
) -> None:
    """Save ``fields`` only if the stored version is still ``expected_version``, as one UPDATE
    so there is no race between the check and the write."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        current = model.objects.get(pk=instance.pk)
        raise StaleVersionError(
            current=current,
            submitted_version=expected_version,
            changes=changes_since(current, version=expected_version),
        )
    instance.version = expected_version + 1


def save_versioned_and_audit(
    *,
    actor,
    instance: models.Model,
    expected_version: int,
    fields: Iterable[str],
    before: dict[str, Any],
    person_id: int | None,
    verb: Verb,
    reason: str = "",
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Save ``fields`` under the version check and audit the change with ``verb`` (the domain
    event: ``case_closed``, ``task_completed``...). The audit row carries the version step,
    which is how ``changes_since`` tells a later editor who changed what; ``extra`` adds the
    verb's plain payload keys (``by_haven``, ``decision``)."""
    save_with_version_check(instance, expected_version=expected_version, fields=fields)
    audit_record(
        actor=actor,
        verb=verb,
        target=instance,
        person_id=person_id,
        reason=reason,
        changes={
            **diff(before, snapshot(instance, before.keys())),
            **dict(extra or {}),
            VERSION: {"before": expected_version, "after": instance.version},
        },
    )
