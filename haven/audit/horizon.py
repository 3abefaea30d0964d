"""Which audit rows are final, so the sealer may seal them (decision 0038).

Rows take their id from the table's sequence, but commit in any order, and a rolled-back
transaction leaves a gap that is never filled. The sealer must never seal past a row that may
still commit, or that row would later appear inside a sealed batch and look inserted.

On PostgreSQL each transaction that writes audit rows holds a *shared* advisory lock from just
before it takes an id until it ends. Writers never wait for each other on it. The sealer reads
the newest id first and then waits (without taking the lock, so it holds nobody up) until every
transaction that held the lock at that moment has ended: any id up to the one it read was taken
by one of them, so once they have ended every row up to it is committed or gone for good.

SQLite has one writer at a time (``transaction_mode`` IMMEDIATE), so a row it has not committed
always has an id above every committed one: nothing to wait for."""

import time

from django.db import connection

from haven.audit.models import AuditEvent

# The advisory lock key writers share ("HAVA"); any constant will do, as long as nothing else
# uses it.
WRITERS_LOCK = 0x48415641
TABLE = AuditEvent._meta.db_table


def event_id_take() -> int:
    """The id of a new audit row, taken inside the writer's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The lock is taken before nextval (it is the FROM item), in the same round trip.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM pg_advisory_xact_lock_shared(%s)",
                [TABLE, WRITERS_LOCK],
            )
        else:
            cursor.execute(
                "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0) + 1",
                [TABLE],
            )
        return cursor.fetchone()[0]


def writers_lock_hold() -> None:
    """Hold the writers' shared lock until the transaction ends, for a bulk writer that takes
    its ids itself (``audit_record_bulk``)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [WRITERS_LOCK])


def _writers_in_flight() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT virtualtransaction FROM pg_locks WHERE locktype = 'advisory' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = 0 AND objid = %s AND objsubid = 1 AND granted "
            "AND pid <> pg_backend_pid()",
            [WRITERS_LOCK],
        )
        return {row[0] for row in cursor.fetchall()}


def final_rows_up_to(*, wait_seconds: float) -> int | None:
    """The newest id up to which every audit row is final (committed or rolled back for good),
    or None if the writers in flight did not end within ``wait_seconds``."""
    newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if connection.vendor != "postgresql":
        return newest
    waiting = _writers_in_flight()
    deadline = time.monotonic() + wait_seconds
    while waiting:
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.01)
        waiting &= _writers_in_flight()
    return newest
