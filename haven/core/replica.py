"""Reporting reads from a read replica when one is configured (decision 0041).

``DATABASE_REPLICA_URL`` adds the ``replica`` database (a streaming standby of ``default``). A
reporting computation wrapped in ``reporting_reads`` (the dashboards' figures, the anonymised
dataset, the training results) reads from it; everything else reads from ``default``, and
every write goes to ``default``. A context variable, not a thread-local, marks the reporting
read, so it is also right under ASGI and in task workers.

A read inside a transaction on ``default`` stays there even within ``reporting_reads``: it may
be part of a write (an audit row, a lock), and a standby's copy can be a moment behind.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reporting: ContextVar[bool] = ContextVar("haven_reporting_reads", default=False)


@contextmanager
def reporting_reads():
    """Within this block (or the function it decorates), reads may come from the replica.
    Used as a decorator it is entered afresh on every call, so nesting and threads are safe."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReportingReplicaRouter:
    """Always names a database (never None): without a choice Django would follow the
    instance's own database, so a row read from the replica would keep reading from it."""

    def db_for_read(self, model, **hints):
        if (
            _reporting.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as default.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A standby is read-only: migrations reach it by streaming from default.
        return db == DEFAULT_DB_ALIAS
