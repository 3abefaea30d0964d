"""Test databases copied from a migrated template instead of migrated afresh each run.

Migrating an empty database takes about 20 s here (Django renders the models' state for each
of the migrations), and ``make test`` created one per worker in each of its six pytest runs. The
first run to migrate keeps a copy of the result, named by a key of everything that decides the
schema and the rows the migrations write (``schema_key``); every later run with the same key
copies it, which takes well under a second:

- SQLite: the copy is a file in ``var/test-templates/``, written to a temporary name and
  renamed into place, so a reader never sees half a file; other keys' files are removed when
  one is saved. It is copied into the in-memory test database, or over the browser tests' file.
- PostgreSQL: a database ``<test database>_template_<key>`` on the same server, copied with
  ``CREATE DATABASE ... TEMPLATE``. The test cluster is thrown away after each run; on a server
  that is kept, other keys' templates are dropped when one is saved.

Anything else (``--reuse-db``, ``--no-migrations``, another database) is left to pytest-django
as it is. See docs/how-to/testing.md, "Test databases".
"""

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from psycopg import errors

ROOT = Path(__file__).resolve().parent.parent
SQLITE_TEMPLATES = ROOT / "var" / "test-templates"
# What decides the migrated database besides the project's own migrations: the locked packages
# (Django's and other apps' migrations) and the installed apps.
KEY_FILES = ("uv.lock",)


def schema_key() -> str:
    """A hash of every migration file, the locked packages and the installed apps.

    Not the clock: a run at a moved clock (``HAVEN_TEST_NOW``) copies the template a run at the
    real clock made. The one row a migration stamps with the time (the national figures'
    ``recorded_at``) then says when the template was migrated, as a real database's says when
    it was; nothing compares it with the clock."""
    digest = hashlib.sha256()
    digest.update(django.get_version().encode())
    digest.update("\n".join(settings.INSTALLED_APPS).encode())
    files = sorted(ROOT.glob("haven/*/migrations/*.py"))
    files += [ROOT / name for name in KEY_FILES]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def create_test_db(creation, original: Callable, key: str, *, verbosity, serialize, **options):
    """In place of ``creation.create_test_db``: the test database copied from this key's template,
    or, when there is none yet, migrated by ``original`` and kept as the template."""
    vendor = creation.connection.vendor
    test_name = creation._get_test_db_name()
    if vendor == "sqlite":
        restore, save = _sqlite_restore, _sqlite_save
    elif vendor == "postgresql":
        restore, save = _postgresql_restore, _postgresql_save
    else:
        return original(verbosity=verbosity, serialize=serialize, **options)

    if restore(creation, test_name, key):
        if verbosity >= 1:
            creation.log(
                f"Copied test database for alias {creation.connection.alias!r} from template {key}"
            )
        settings.DATABASES[creation.connection.alias]["NAME"] = test_name
        creation.connection.settings_dict["NAME"] = test_name
        if serialize:
            creation.connection._test_serialized_contents = creation.serialize_db_to_string()
        creation.connection.ensure_connection()
        return test_name
    name = original(verbosity=verbosity, serialize=serialize, **options)
    save(creation, name, key)
    return name


@contextmanager
def templates_in_use(aliases: Iterator[str], key: str):
    """While set-up runs, each alias's ``create_test_db`` goes through ``create_test_db`` above
    (on that connection's creation object only; Django's class is left alone)."""
    changed = []
    for alias in aliases:
        creation = connections[alias].creation
        original = creation.create_test_db

        def through_template(
            verbosity=1,
            autoclobber=False,
            serialize=True,
            keepdb=False,
            *,
            _creation=creation,
            _original=original,
        ):
            return create_test_db(
                _creation,
                _original,
                key,
                verbosity=verbosity,
                serialize=serialize,
                autoclobber=autoclobber,
                keepdb=keepdb,
            )

        creation.create_test_db = through_template
        changed.append(creation)
    try:
        yield
    finally:
        for creation in changed:
            del creation.create_test_db


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_template(key: str) -> Path:
    return SQLITE_TEMPLATES / f"{key}.sqlite3"


def _sqlite_restore(creation, test_name: str, key: str) -> bool:
    template = _sqlite_template(key)
    if not template.exists():
        return False
    creation.connection.close()
    if not creation.is_in_memory_db(test_name):
        # A file test database (the browser tests'): an earlier run's is replaced, as Django's
        # own creation replaces it.
        for stale in (test_name, f"{test_name}-wal", f"{test_name}-shm"):
            Path(stale).unlink(missing_ok=True)
    creation.connection.settings_dict["NAME"] = test_name
    creation.connection.ensure_connection()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(creation.connection.connection)
    finally:
        source.close()
    return True


def _sqlite_save(creation, test_name: str, key: str) -> None:
    SQLITE_TEMPLATES.mkdir(parents=True, exist_ok=True)
    template = _sqlite_template(key)
    partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
    creation.connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        creation.connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, template)
    for other in SQLITE_TEMPLATES.glob("*.sqlite3"):
        if other != template:
            other.unlink(missing_ok=True)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _postgresql_template(test_name: str, key: str) -> str:
    # Without the worker's suffix (test_haven_gw0 -> test_haven): one template for every worker.
    base = test_name.rsplit("_gw", 1)[0]
    return f"{base}_template_{key}"


def _postgresql_restore(creation, test_name: str, key: str) -> bool:
    template = _postgresql_template(test_name, key)
    quote = creation._quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if cursor.fetchone() is None:
            return False
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
        cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    creation.connection.close()
    return True


def _postgresql_save(creation, test_name: str, key: str) -> None:
    template = _postgresql_template(test_name, key)
    quote = creation._quote_name
    # CREATE DATABASE ... TEMPLATE needs every session of the source closed, this one's too.
    creation.connection.close()
    with creation._nodb_cursor() as cursor:
        try:
            cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(test_name)}")
        except Exception as error:
            # Another worker, migrating at the same time, saved it first (or is saving it: then
            # the catalogue's unique index refuses this one).
            if not isinstance(error.__cause__, errors.DuplicateDatabase | errors.UniqueViolation):
                raise
        prefix = template.rsplit("_", 1)[0] + "_"
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
            [prefix, template],
        )
        for (stale,) in cursor.fetchall():
            try:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
            except Exception as error:
                # Being copied by another run on the same server: left for a later save.
                if not isinstance(error.__cause__, errors.ObjectInUse):
                    raise
    creation.connection.ensure_connection()
