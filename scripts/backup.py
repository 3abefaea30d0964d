"""Back up and restore Haven's database, and prove the copy whole (decision 0039).

    python -m scripts.backup backup --to var/backups/haven.backup
    python -m scripts.backup restore --from var/backups/haven.backup

(``make backup TO=...`` and ``make restore FROM=...``.) The database is the one ``DATABASE_URL``
names, as for every other command.

- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists
  --single-transaction`` (all or nothing). The rows are counted in the very snapshot pg_dump
  copies (``pg_export_snapshot``), so the counts describe the backup even while Haven runs.
- SQLite: the online backup API (``sqlite3.Connection.backup``), safe while Haven writes; the
  rows are counted in the copy itself.

Beside the backup, ``<backup>.counts.json`` keeps the row count of every table and when the
backup was taken. A restore checks the database against it table by table and then runs
``audit_verify --no-seal`` with ``--anchors-until`` that time (anchors written after the backup
describe rows it cannot hold; the sealer seals the newest rows on its next run); any difference
fails the restore loudly (exit status 1).
"""

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

COUNTS_SUFFIX = ".counts.json"


@dataclass(frozen=True)
class Manifest:
    engine: str
    taken_at: datetime
    tables: dict[str, int]

    def to_json(self) -> str:
        return json.dumps(
            {
                "engine": self.engine,
                "taken_at": self.taken_at.isoformat(),
                "tables": dict(sorted(self.tables.items())),
            },
            indent=2,
        )

    @classmethod
    def read(cls, backup: Path) -> "Manifest":
        data = json.loads(counts_path(backup).read_text())
        return cls(data["engine"], datetime.fromisoformat(data["taken_at"]), data["tables"])


class RestoreMismatch(Exception):
    """The restored database is not the one backed up."""


def counts_path(backup: Path) -> Path:
    return backup.with_name(backup.name + COUNTS_SUFFIX)


def is_postgresql(connection) -> bool:
    return connection.vendor == "postgresql"


def _quoted(connection, table: str) -> str:
    return connection.ops.quote_name(table)


def row_counts(connection, cursor=None) -> dict[str, int]:
    """Rows in every table of the database (views left out)."""
    counts = {}

    def count(cur):
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT COUNT(*) FROM {_quoted(connection, table)}")  # noqa: S608
            counts[table] = cur.fetchone()[0]

    if cursor is not None:
        count(cursor)
    else:
        with connection.cursor() as own:
            count(own)
    return counts


def postgresql_program(name: str) -> str:
    """The newest installed PostgreSQL's program (Debian's layout), else the one on PATH: a
    dump must be made by a pg_dump at least as new as the server."""
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found: install PostgreSQL's client programs")
    return found


def _libpq(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore; the password goes in the environment,
    never on a command line other users can read."""
    options = ["--dbname", settings_dict["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options += [flag, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return options, env


def backup(connection, destination: Path) -> Manifest:
    """Copy the database to ``destination`` and write its row counts beside it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    taken_at = datetime.now(UTC)
    if is_postgresql(connection):
        tables = _backup_postgresql(connection, destination)
    else:
        tables = _backup_sqlite(connection, destination)
    manifest = Manifest(connection.vendor, taken_at, tables)
    counts_path(destination).write_text(manifest.to_json())
    return manifest


def _backup_postgresql(connection, destination: Path) -> dict[str, int]:
    options, env = _libpq(connection.settings_dict)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # The dump and the counts read one snapshot, held open until pg_dump has finished.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = row_counts(connection, cursor)
        subprocess.run(
            [
                postgresql_program("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={destination}",
                *options,
            ],
            env=env,
            check=True,
        )
    return tables


def _backup_sqlite(connection, destination: Path) -> dict[str, int]:
    # Written under a temporary name and moved into place, so a failed copy never looks whole.
    partial = destination.with_name(destination.name + ".partial")
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
        tables = _sqlite_counts(connection, target)
    finally:
        target.close()
    partial.replace(destination)
    return tables


def _sqlite_counts(connection, database: sqlite3.Connection) -> dict[str, int]:
    """The copy's own counts (the live database may have moved on since)."""
    names = [
        row[0]
        for row in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: database.execute(f"SELECT COUNT(*) FROM {_quoted(connection, name)}").fetchone()[0]  # noqa: S608
        for name in names
    }


def restore(connection, source: Path) -> Manifest:
    """Replace the database with the backup at ``source``, then check it: the same rows in
    every table, and an intact audit chain. Raises ``RestoreMismatch`` if not."""
    manifest = Manifest.read(source)
    if manifest.engine != connection.vendor:
        raise RestoreMismatch(
            f"{source} is a {manifest.engine} backup; this database is {connection.vendor}."
        )
    if is_postgresql(connection):
        _restore_postgresql(connection, source)
    else:
        _restore_sqlite(connection, source)
    verify(connection, manifest)
    return manifest


def _restore_postgresql(connection, source: Path) -> None:
    options, env = _libpq(connection.settings_dict)
    connection.close()  # pg_restore --clean drops the tables: hold no lock on them
    subprocess.run(
        [
            postgresql_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *options,
            str(source),
        ],
        env=env,
        check=True,
    )


def _restore_sqlite(connection, source: Path) -> None:
    connection.ensure_connection()
    backup_copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup_copy.backup(connection.connection)
    finally:
        backup_copy.close()


def verify(connection, manifest: Manifest) -> None:
    restored = row_counts(connection)
    if restored != manifest.tables:
        differences = [
            f"{table}: {manifest.tables.get(table, 'absent')} backed up, "
            f"{restored.get(table, 'absent')} restored"
            for table in sorted(set(restored) | set(manifest.tables))
            if restored.get(table) != manifest.tables.get(table)
        ]
        raise RestoreMismatch("Row counts differ: " + "; ".join(differences))
    try:
        # Checked as restored: the rows not yet sealed at the backup are sealed by the next run
        # of the sealer, not by the check (decision 0038), so the counts stay the backup's.
        call_command(
            "audit_verify", anchors_until=manifest.taken_at, no_seal=True, stdout=io.StringIO()
        )
    except CommandError as error:
        raise RestoreMismatch(str(error)) from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.backup", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="copy the database").add_argument(
        "--to", required=True, type=Path, help="the backup file to write"
    )
    commands.add_parser("restore", help="replace the database with a backup").add_argument(
        "--from", dest="source", required=True, type=Path, help="the backup file to read"
    )
    arguments = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    django.setup()
    connection = connections[DEFAULT_DB_ALIAS]

    if arguments.command == "backup":
        manifest = backup(connection, arguments.to)
        print(
            f"Backed up {sum(manifest.tables.values())} rows in {len(manifest.tables)} tables "
            f"to {arguments.to} (counts in {counts_path(arguments.to)})."
        )
        return 0
    try:
        manifest = restore(connection, arguments.source)
    except RestoreMismatch as error:
        print(f"Restore FAILED its checks: {error}", file=sys.stderr)
        return 1
    print(
        f"Restored {arguments.source}: {sum(manifest.tables.values())} rows in "
        f"{len(manifest.tables)} tables, every count as backed up; audit chain intact."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
