"""The audit trail: one append-only table of every change, view and export, each row keyed by
its own hash and chained afterwards in sealed batches (decision 0038)."""

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from haven.audit.chain import (
    GENESIS_HASH,
    SCHEME_HMAC_SHA256,
    SCHEME_HMAC_SHA256_ROW,
    SCHEME_SHA256,
)
from haven.audit.verbs import VERSION, Verb

__all__ = [
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "AuditChainHead",
    "AuditEvent",
    "AuditSeal",
    "HashScheme",
    "Verb",
]


class HashScheme(models.TextChoices):
    SHA256 = SCHEME_SHA256, "SHA-256, unkeyed (rows before keyed hashing)"
    HMAC_SHA256 = SCHEME_HMAC_SHA256, "HMAC-SHA256 with the audit chain key, chained"
    HMAC_SHA256_ROW = SCHEME_HMAC_SHA256_ROW, "HMAC-SHA256 of the row and its id, sealed after"


def append_only_in_the_database() -> list:
    """PostgreSQL refuses UPDATE and DELETE on the table (decision 0038), whoever sends them;
    TRUNCATE is left to the database role's privileges (docs/security.md)."""
    return [
        pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
    ]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise PermissionError("Audit events are append-only: they cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("Audit events are append-only: they cannot be updated.")


class AppendOnlyModel(models.Model):
    """Rows that are written once: the ORM refuses to save them again or delete them."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(
                f"{capfirst(self._meta.verbose_name_plural)} are append-only: they cannot be "
                "updated."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(
            f"{capfirst(self._meta.verbose_name_plural)} are append-only: they cannot be deleted."
        )


class AuditEvent(AppendOnlyModel):
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Indexed with the time (Meta.indexes), not on its own: a user's recent events are read on
    # every search (the rate limit), and the verb's index scanned every search ever recorded.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Copies, so the row still reads truly if the user later moves agency.
    actor_email = models.CharField(max_length=254, blank=True)
    actor_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=30, choices=Verb.choices, db_index=True)
    target_type = models.CharField(max_length=60, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    # The person a record is about, so an auditor can ask "who looked at this child?".
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Blank on rows of the row scheme: they are chained by the seals, not one to the next.
    previous_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, unique=True)
    # How row_hash was made, and with which key (decision 0010). No default: a row not written
    # by audit_record() has no scheme, and audit_verify reports it.
    hash_scheme = models.CharField(max_length=16, choices=HashScheme.choices)
    hash_key_id = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_when"),
        ]
        triggers = append_only_in_the_database()

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_email} {self.verb} {self.target_type}"
        )

    @property
    def changed_fields(self) -> list[str]:
        """The fields whose change the event records ({"before": x, "after": y}), in name
        order (PostgreSQL's jsonb does not keep the order they were written in)."""
        changes = self.changes if isinstance(self.changes, dict) else {}
        return sorted(
            name
            for name, value in changes.items()
            if name != VERSION and isinstance(value, dict) and "after" in value
        )

    @property
    def record_label(self) -> str:
        """The record in words for the auditors' page: "Case HVN-000012", "Task 45"; the
        stored type when it names no model (a sign-in attempt, an older row)."""
        try:
            model = apps.get_model(self.target_type)
        except (LookupError, ValueError):
            return f"{self.target_type} {self.target_id}".strip()
        name = capfirst(model._meta.verbose_name)
        if not self.target_id.isdigit():
            return f"{name} {self.target_id}".strip()
        # A record's own reference (a case's "HVN-000012") when its model has one.
        reference = getattr(model(pk=int(self.target_id)), "reference", None)
        return f"{name} {reference or self.target_id}"

    @property
    def details(self) -> list[tuple[str, str]]:
        """The event's other payload keys (a marker such as ``by_haven``, an id, a count), as
        short text for the auditors' page."""
        changes = self.changes if isinstance(self.changes, dict) else {}
        shown = []
        for name, value in sorted(changes.items()):
            if name == VERSION or (isinstance(value, dict) and "after" in value):
                continue
            if isinstance(value, bool):
                text = "yes" if value else "no"
            elif isinstance(value, dict):
                text = ", ".join(f"{k} {v}" for k, v in sorted(value.items()))
            else:
                text = str(value)
            shown.append((name.replace("_", " "), text[:120]))
        return shown


class AuditChainHead(models.Model):
    """A single row: the chain's random id (anchors and seals name it), where the rows chained
    one to the next end (``last_*``, ``event_count``: rows written before decision 0038; the
    first seal carries on from there), and the keyed seal over the rows chained with the old
    unkeyed scheme (``legacy_*``): how many there are and where they end, so that nobody
    without the key can recompute the chain as if it were all old rows.

    Writers no longer lock it; the sealer does, so that two sealers never fork the seals."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_event_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64)
    event_count = models.BigIntegerField(default=0)
    chain_id = models.CharField(max_length=32)
    legacy_rows = models.BigIntegerField(default=0)
    legacy_last_event_id = models.BigIntegerField(null=True)
    legacy_last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    legacy_seal_key_id = models.CharField(max_length=32, blank=True)
    legacy_seal = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"Audit chain head at event {self.last_event_id}"


class AuditSeal(AppendOnlyModel):
    """A keyed seal over a batch of audit rows, in id order (decision 0038): the rows after the
    previous seal up to ``last_event_id``, by count and digest, chained to the previous seal.
    Seals are written by the sealer only, never changed (the rows stay append-only)."""

    last_event_id = models.BigIntegerField(unique=True)
    rows = models.PositiveIntegerField()
    # Rows of the whole trail up to this seal, the chained ones before the first seal included.
    total_rows = models.BigIntegerField()
    rows_digest = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=32)
    seal_hash = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        triggers = append_only_in_the_database()

    def __str__(self) -> str:
        return f"Audit seal of {self.rows} rows up to event {self.last_event_id}"
