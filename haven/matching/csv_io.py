"""Reading people from CSV and writing clusters, for the ``match_people`` command.

Kept free of Django so it can be used and tested on its own.  Line numbers are physical
line numbers in the file (the header is line 1), as a person opening the file would count.
"""

import csv
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from haven.matching.encode import PersonColumns
from haven.matching.engine import LIKELY_MATCH_THRESHOLD, deduplicate
from haven.matching.records import UncertainDate

INPUT_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "nationality",
    "postcode",
    "address",
    "phone",
    "identifier",
)
OUTPUT_COLUMNS = ("record_id", "cluster_id")

# Several phones or identifiers in one cell are separated by semicolons.
_MULTIPLE_VALUES = re.compile(r"\s*;\s*")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")


class CsvInputError(ValueError):
    """Input that cannot be used, with the line it was found on."""

    def __init__(self, line_number: int, reason: str) -> None:
        super().__init__(f"line {line_number}: {reason}")
        self.line_number = line_number
        self.reason = reason


@dataclass(frozen=True)
class SkippedLine:
    line_number: int
    reason: str


@dataclass
class PeopleCsv:
    columns: PersonColumns
    skipped: list[SkippedLine]
    # Lines kept with a doubt: a date of birth that is not a real date, or a year only.
    warnings: list[SkippedLine] = field(default_factory=list)


def parse_date_of_birth(text: str) -> date | UncertainDate | None:
    """``YYYY-MM-DD``, ``YYYYMMDD`` or a year alone (``YYYY``); empty means unknown.

    Digits in the right shape that are not a real date ("19551192", "2008-13-04"), and a year
    alone, come back as an :class:`UncertainDate`, compared part by part and digit by digit.
    Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    year_only = _YEAR_ONLY.match(text)
    if year_only:
        return UncertainDate(year=int(year_only.group(1)))
    match = _ISO_DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        raise ValueError(f"date of birth {text!r} is not YYYY-MM-DD, YYYYMMDD or YYYY")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return UncertainDate(year=year, month=month, day=day)


def uncertain_date_warning(text: str, birth: UncertainDate) -> str:
    if birth.is_year_only:
        return f"date of birth {text!r} is a year only: only the year is compared"
    return (
        f"date of birth {text!r} is not a real date: it is compared part by part and digit by digit"
    )


def _split_values(text: str) -> tuple[str, ...]:
    if ";" not in text:
        return (text,) if text.strip() else ()
    return tuple(value for value in _MULTIPLE_VALUES.split(text.strip()) if value)


def _problems_and_warnings(
    record_ids: list[str], birth_texts: list[str], line_numbers: list[int], *, strict: bool
) -> tuple[dict[int, CsvInputError], dict[int, CsvInputError]]:
    """Problems (the line cannot be used) and warnings (it is used, with a doubt) by row
    position, in file order: empty or repeated ids and unreadable dates are problems; dates
    that are not real dates or are a year only are warnings, or problems when ``strict``."""
    problems: dict[int, CsvInputError] = {}
    warnings: dict[int, CsvInputError] = {}
    first_line_of: dict[str, int] = {}
    parsed: dict[str, tuple[str, str]] = {}  # text -> (problem, warning)
    for position, (record_id, birth_text) in enumerate(zip(record_ids, birth_texts, strict=True)):
        line_number = line_numbers[position]
        if not record_id:
            problems[position] = CsvInputError(line_number, "record_id is empty")
            continue
        if birth_text not in parsed:
            try:
                birth = parse_date_of_birth(birth_text)
                doubt = (
                    uncertain_date_warning(birth_text, birth)
                    if isinstance(birth, UncertainDate)
                    else ""
                )
                parsed[birth_text] = (doubt, "") if strict else ("", doubt)
            except ValueError as error:
                parsed[birth_text] = (str(error), "")
        problem, warning = parsed[birth_text]
        if problem:
            problems[position] = CsvInputError(line_number, problem)
            continue
        if record_id in first_line_of:
            problems[position] = CsvInputError(
                line_number,
                f"duplicate record_id {record_id!r} (first seen on line "
                f"{first_line_of[record_id]})",
            )
            continue
        first_line_of[record_id] = line_number
        if warning:
            warnings[position] = CsvInputError(line_number, warning)
    return problems, warnings


def read_people_csv(handle: TextIO, *, skip_bad: bool = False, strict: bool = False) -> PeopleCsv:
    """Read people from CSV text with a header row, column by column.

    Raises :class:`CsvInputError` for the first bad line, unless ``skip_bad``, when bad lines
    are left out and listed in the result (of repeated ids, the first is kept).  A header
    without ``record_id`` is always an error, as no line could be used.  A date of birth that
    is not a real date keeps its line and is listed as a warning; ``strict`` makes it a bad
    line instead.
    """
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise CsvInputError(1, "the file is empty; expected a header row")
    names = [name.strip().lower().lstrip("\ufeff") for name in header]
    if "record_id" not in names:
        raise CsvInputError(1, "the header has no record_id column")
    positions = {name: names.index(name) for name in INPUT_COLUMNS if name in names}
    width = len(names)

    rows: list[list[str]] = []
    line_numbers: list[int] = []
    line_number = reader.line_num
    for row in reader:
        row_start, line_number = line_number + 1, reader.line_num
        if not any(row):
            continue
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        rows.append(row)
        line_numbers.append(row_start)

    def column(name: str) -> list[str]:
        position = positions.get(name)
        return [row[position] for row in rows] if position is not None else [""] * len(rows)

    record_ids = [value.strip() for value in column("record_id")]
    birth_texts = [value.strip() for value in column("date_of_birth")]
    problems, warnings = _problems_and_warnings(
        record_ids, birth_texts, line_numbers, strict=strict
    )
    if problems and not skip_bad:
        raise problems[min(problems)]
    keep = [position for position in range(len(rows)) if position not in problems]

    def kept(values: list) -> list:
        return [values[position] for position in keep] if problems else values

    birth_dates: dict[str, date | UncertainDate | None] = {}
    columns = PersonColumns(
        record_ids=kept(record_ids),
        given_names=kept(column("given_name")),
        family_names=kept(column("family_name")),
        dates_of_birth=[
            birth_dates[text]
            if text in birth_dates
            else birth_dates.setdefault(text, parse_date_of_birth(text))
            for text in kept(birth_texts)
        ],
        genders=kept(column("gender")),
        nationalities=kept(column("nationality")),
        postcodes=kept(column("postcode")),
        addresses=kept(column("address")),
        phones=[_split_values(value) for value in kept(column("phone"))],
        identifiers=[_split_values(value) for value in kept(column("identifier"))],
    )
    skipped = [SkippedLine(error.line_number, error.reason) for error in problems.values()]
    return PeopleCsv(
        columns=columns,
        skipped=sorted(skipped, key=lambda item: item.line_number),
        warnings=[SkippedLine(error.line_number, error.reason) for error in warnings.values()],
    )


def write_clusters_csv(handle: TextIO, rows: Iterable[tuple[str, int]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    writer.writerows(rows)


def skipped_lines_report(skipped: list[SkippedLine]) -> str:
    lines = [f"Skipped {len(skipped)} bad line(s):"]
    lines += [f"  line {item.line_number}: {item.reason}" for item in skipped]
    return "\n".join(lines)


def warnings_report(warnings: list[SkippedLine]) -> str:
    lines = [f"Kept {len(warnings)} line(s) with a doubtful date of birth (--strict refuses them):"]
    lines += [f"  line {item.line_number}: {item.reason}" for item in warnings]
    return "\n".join(lines)


@dataclass(frozen=True)
class MatchPeopleSummary:
    records: int
    clusters: int
    skipped: list[SkippedLine]
    seconds: float
    warnings: list[SkippedLine] = field(default_factory=list)


def match_people_file(
    input_path: Path,
    output_path: Path,
    *,
    threshold: float = LIKELY_MATCH_THRESHOLD,
    skip_bad: bool = False,
    strict: bool = False,
) -> MatchPeopleSummary:
    """Cluster the people in a CSV file and write ``record_id,cluster_id`` for every good
    record.  Raises :class:`CsvInputError` for bad input unless ``skip_bad``; dates of birth
    that are not real dates are warnings, or bad input when ``strict``."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    started = time.perf_counter()
    with input_path.open(newline="", encoding="utf-8-sig") as handle:
        people = read_people_csv(handle, skip_bad=skip_bad, strict=strict)
    result = deduplicate(people.columns, threshold=threshold)
    cluster_ids = result.cluster_ids()
    with output_path.open("w", newline="", encoding="utf-8") as handle:
        write_clusters_csv(handle, zip(result.record_ids, cluster_ids, strict=True))
    return MatchPeopleSummary(
        records=len(result.record_ids),
        clusters=len(set(cluster_ids)),
        skipped=people.skipped,
        seconds=time.perf_counter() - started,
        warnings=people.warnings,
    )
