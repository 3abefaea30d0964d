"""``match_people`` without Django: the command needs no database and no other app, so
``manage.py match_people`` runs this directly rather than start the whole project (which
took seconds of a five-second job).  The Django command shares its arguments and run."""

import argparse
import sys
from pathlib import Path
from typing import TextIO

from haven.matching.csv_io import (
    INPUT_COLUMNS,
    CsvInputError,
    match_people_file,
    skipped_lines_report,
    warnings_report,
)
from haven.matching.engine import LIKELY_MATCH_THRESHOLD

HELP = (
    "Find records of the same person in a CSV file and write record_id,cluster_id for "
    f"every record. Input columns: {','.join(INPUT_COLUMNS)} (header row; any may be "
    "empty except record_id; dates as YYYY-MM-DD, YYYYMMDD or YYYY; a date that is not a "
    "real date, such as 19551192, is kept, compared digit by digit and reported)."
)


class MatchPeopleError(Exception):
    """Input the command cannot use, in words for the person running it."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", required=True, type=Path, help="input CSV file")
    parser.add_argument("--out", required=True, type=Path, help="output CSV file")
    parser.add_argument(
        "--threshold",
        type=float,
        default=LIKELY_MATCH_THRESHOLD,
        help=(
            "match probability needed to link two records "
            f"(default {LIKELY_MATCH_THRESHOLD}, a likely match)"
        ),
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


def run(options: dict, stdout: TextIO, stderr: TextIO) -> None:
    """Match the file; raises :class:`MatchPeopleError` for input it cannot use."""
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
        raise MatchPeopleError(f"{input_path}: {error}") from error
    except (OSError, ValueError) as error:
        raise MatchPeopleError(str(error)) from error
    if summary.skipped:
        stderr.write(skipped_lines_report(summary.skipped) + "\n")
    if summary.warnings:
        stderr.write(warnings_report(summary.warnings) + "\n")
    stdout.write(
        f"{summary.records} records in {summary.clusters} clusters "
        f"({summary.seconds:.1f} s) -> {output_path}\n"
    )


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="manage.py match_people", description=HELP)
    add_arguments(parser)
    try:
        run(vars(parser.parse_args(arguments)), sys.stdout, sys.stderr)
    except MatchPeopleError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        return 1
    return 0
