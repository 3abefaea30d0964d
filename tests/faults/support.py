"""Faults injected into a running request or job (decision 0039)."""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import OperationalError, connection


@contextmanager
def connection_drops(when: Callable[[str], bool]):
    """The database connection drops at the first statement ``when`` picks, and stays down:
    that statement and every one after it fail as a lost connection does
    (``OperationalError``), through Django's execute wrapper."""
    dropped = False

    def wrapper(execute, sql, params, many, context):
        nonlocal dropped
        dropped = dropped or when(sql)
        # A server discards the transaction of a connection it lost; letting the rollback
        # through stands in for that.
        if dropped and not sql.lstrip().upper().startswith("ROLLBACK"):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def inserting_into(table: str) -> Callable[[str], bool]:
    return lambda sql: sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql
