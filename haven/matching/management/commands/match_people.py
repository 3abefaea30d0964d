"""Cluster the people in a CSV file without touching the database.

python manage.py match_people --csv IN.csv --out OUT.csv [--threshold T] [--skip-bad] [--strict]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from haven.matching.csv_io import (
    INPUT_COLUMNS,
    CsvInputError,
    match_people_file,
    skipped_lines_report,
    warnings_report,
)
from haven.matching.engine import LIKELY_MATCH_THRESHOLD


class Command(BaseCommand):
    help = (
        "Find records of the same person in a CSV file and write record_id,cluster_id for "
        f"every record. Input columns: {','.join(INPUT_COLUMNS)} (header row; any may be "
        "empty except record_id; dates as YYYY-MM-DD, YYYYMMDD or YYYY; a date that is not a "
        "real date, such as 19551192, is kept, compared digit by digit and reported)."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("--csv", required=True, type=Path, help="input CSV file")
        parser.add_argument("--out", required=True, type=Path, help="output CSV file")
        parser.add_argument(
            "--threshold",
            type=float,
            default=LIKELY_MATCH_THRESHOLD,
            help=f"match probability needed to link two records (default {LIKELY_MATCH_THRESHOLD})",
        )
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="skip bad lines, listing them on stderr, instead of stopping",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="treat a date of birth that is not a real date, or a year only, as a bad line",
        )

    def handle(self, *args, **options) -> None:
        # Paths may arrive as strings when the command is called from code.
        input_path, output_path = Path(options["csv"]), Path(options["out"])
        try:
            summary = match_people_file(
                input_path,
                output_path,
                threshold=options["threshold"],
                skip_bad=options["skip_bad"],
                strict=options["strict"],
            )
        except CsvInputError as error:
            raise CommandError(f"{input_path}: {error}") from error
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if summary.skipped:
            self.stderr.write(skipped_lines_report(summary.skipped))
        if summary.warnings:
            self.stderr.write(warnings_report(summary.warnings))
        self.stdout.write(
            f"{summary.records} records in {summary.clusters} clusters "
            f"({summary.seconds:.1f} s) -> {output_path}"
        )
