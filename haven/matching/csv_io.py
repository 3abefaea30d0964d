"""Reading people from CSV and writing clusters, for the ``match_people`` command.

Kept free of Django so it can be used and tested on its own.  Line numbers are physical
line numbers in the file (the header is line 1), as a person opening the file would count.
"""

import csv
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from haven.matching.encode import PersonColumns
from haven.matching.engine import deduplicate

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


def parse_date_of_birth(text: str) -> date | None:
    """``YYYY-MM-DD`` or ``YYYYMMDD``; empty means unknown.  Raises ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    match = _ISO_DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        raise ValueError(f"date of birth {text!r} is not YYYY-MM-DD or YYYYMMDD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(f"date of birth {text!r} is not a real date ({error})") from None


def _split_values(text: str) -> tuple[str, ...]:
    if ";" not in text:
        return (text,) if text.strip() else ()
    return tuple(value for value in _MULTIPLE_VALUES.split(text.strip()) if value)


def _first_problem(
    record_ids: list[str], birth_texts: list[str], line_numbers: list[int]
) -> dict[int, CsvInputError]:
    """Problems by row position, in file order: empty or repeated ids and bad dates."""
    problems: dict[int, CsvInputError] = {}
    first_line_of: dict[str, int] = {}
    parsed: dict[str, str] = {}
    for position, (record_id, birth_text) in enumerate(zip(record_ids, birth_texts, strict=True)):
        line_number = line_numbers[position]
        if not record_id:
            problems[position] = CsvInputError(line_number, "record_id is empty")
            continue
        if birth_text not in parsed:
            try:
                parse_date_of_birth(birth_text)
                parsed[birth_text] = ""
            except ValueError as error:
                parsed[birth_text] = str(error)
        if parsed[birth_text]:
            problems[position] = CsvInputError(line_number, parsed[birth_text])
            continue
        if record_id in first_line_of:
            problems[position] = CsvInputError(
                line_number,
                f"duplicate record_id {record_id!r} (first seen on line "
                f"{first_line_of[record_id]})",
            )
            continue
        first_line_of[record_id] = line_number
    return problems


def read_people_csv(handle: TextIO, *, skip_bad: bool = False) -> PeopleCsv:
    """Read people from CSV text with a header row, column by column.

    Raises :class:`CsvInputError` for the first bad line, unless ``skip_bad``, when bad lines
    are left out and listed in the result (of repeated ids, the first is kept).  A header
    without ``record_id`` is always an error, as no line could be used.
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
    problems = _first_problem(record_ids, birth_texts, line_numbers)
    if problems and not skip_bad:
        raise problems[min(problems)]
    keep = [position for position in range(len(rows)) if position not in problems]

    def kept(values: list) -> list:
        return [values[position] for position in keep] if problems else values

    birth_dates: dict[str, date | None] = {}
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
    return PeopleCsv(columns=columns, skipped=sorted(skipped, key=lambda item: item.line_number))


def write_clusters_csv(handle: TextIO, rows: Iterable[tuple[str, int]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    writer.writerows(rows)


def skipped_lines_report(skipped: list[SkippedLine]) -> str:
    lines = [f"Skipped {len(skipped)} bad line(s):"]
    lines += [f"  line {item.line_number}: {item.reason}" for item in skipped]
    return "\n".join(lines)


@dataclass(frozen=True)
class MatchPeopleSummary:
    records: int
    clusters: int
    skipped: list[SkippedLine]
    seconds: float


def match_people_file(
    input_path: Path,
    output_path: Path,
    *,
    threshold: float,
    skip_bad: bool,
) -> MatchPeopleSummary:
    """Cluster the people in a CSV file and write ``record_id,cluster_id`` for every good
    record.  Raises :class:`CsvInputError` for bad input unless ``skip_bad``."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    started = time.perf_counter()
    with input_path.open(newline="", encoding="utf-8-sig") as handle:
        people = read_people_csv(handle, skip_bad=skip_bad)
    result = deduplicate(people.columns, threshold=threshold)
    cluster_ids = result.cluster_ids()
    with output_path.open("w", newline="", encoding="utf-8") as handle:
        write_clusters_csv(handle, zip(result.record_ids, cluster_ids, strict=True))
    return MatchPeopleSummary(
        records=len(result.record_ids),
        clusters=len(set(cluster_ids)),
        skipped=people.skipped,
        seconds=time.perf_counter() - started,
    )
