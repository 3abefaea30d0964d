"""No lost updates: an optimistic version check for records several people edit."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.audit.services import audit_record, diff, snapshot


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


def changes_since(instance: models.Model, *, version: int) -> list[ChangeSinceEdit]:
    """What others changed after ``version``, read from the audit trail's update diffs."""
    events = AuditEvent.objects.filter(
        target_type=instance._meta.label_lower,
        target_id=str(instance.pk),
        verb__in=(Verb.UPDATED, Verb.DECIDED),
    ).order_by("-id")[:20]
    changes = []
    for event in events:
        before = (event.changes.get("version") or {}).get("before")
        if before is None or before < version:
            continue
        fields = {k: v for k, v in event.changes.items() if k != "version"}
        changes.append(ChangeSinceEdit(by=event.actor_email, at=event.occurred_at, fields=fields))
    return list(reversed(changes))


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
    verb: Verb = Verb.UPDATED,
    reason: str = "",
) -> None:
    """Save ``fields`` under the version check and audit the change. The audit row carries the
    version step, which is how ``changes_since`` tells a later editor who changed what."""
    save_with_version_check(instance, expected_version=expected_version, fields=fields)
    audit_record(
        actor=actor,
        verb=verb,
        target=instance,
        person_id=person_id,
        reason=reason,
        changes={
            **diff(before, snapshot(instance, before.keys())),
            "version": {"before": expected_version, "after": instance.version},
        },
    )
