"""Statistical disclosure control, as the Department for Education publishes children's social
care statistics (DOMAIN section 9; decision 0018). Pure: plain data in, plain data out.

- A count from 1 to 5 is shown as ``c`` (primary suppression); zero stays 0.
- Secondary suppression: more counts are shown as ``c`` until no suppressed count can be
  recovered from the published ones by linear arithmetic: from a row or column total, a
  sub-total, or any combination of them (each period is protected on its own, and the change
  between periods is shown only where both periods show the count).
- National and regional totals may be rounded to the nearest 10.
- A percentage or rate built on a suppressed count is suppressed; it has one decimal place,
  ``z`` where it does not apply (nothing to divide by) and ``k`` where it rounds to zero but is
  not zero.

How the secondary counts are chosen, so the same table always publishes the same way:
1. Every line (a row with its total, a column with its total, a sub-total with its rows, the
   totals with the grand total) that holds exactly one suppressed entry gives it away by
   subtraction. The first such line in reading order (rows, then columns, then sub-totals,
   then the totals) has its smallest non-zero shown entry suppressed too: a cell before a total
   of the same size, then the first in reading order. Repeat.
2. Lines alone can miss a count that a chain of lines fixes (two protected blocks joined by one
   cell), so the whole system of published equations is then solved exactly over the rationals:
   a suppressed entry is recoverable when its value is the same in every solution. The smallest
   non-zero shown entry on a line through the first such entry is suppressed, and step 1 runs
   again. Suppressing every non-zero count is always safe, so this ends.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

# Counts from 1 to this are never shown (primary suppression).
LARGEST_SUPPRESSED = 5
TOTALS_ROUNDED_TO = 10


class Symbol(StrEnum):
    """The Department for Education's symbols for a figure that is not shown as a number."""

    CONFIDENTIAL = "c"
    NOT_APPLICABLE = "z"
    ROUNDS_TO_ZERO = "k"


Shown = int | Symbol


class TableError(ValueError):
    """A table that cannot be published as given (a programming error, not a user's)."""


@dataclass(frozen=True)
class Subtotal:
    """A sub-total row published under the table: the sum of some of its rows."""

    label: str
    rows: tuple[str, ...]


@dataclass(frozen=True)
class CountTable:
    """Counts for one period: ``counts[r][c]`` for row ``rows[r]`` and column ``columns[c]``.
    Totals are worked out from the counts, so they always agree with them; a total that
    includes people in no row needs a row for them ("Not known")."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    subtotals: tuple[Subtotal, ...] = ()

    def __post_init__(self):
        if not self.rows or not self.columns:
            raise TableError("A table needs at least one row and one column.")
        if len(set(self.rows)) != len(self.rows) or len(set(self.columns)) != len(self.columns):
            raise TableError("Row and column labels must be unique.")
        if len(self.counts) != len(self.rows) or any(
            len(line) != len(self.columns) for line in self.counts
        ):
            raise TableError("The counts must have one row per row label and one per column.")
        if any(
            not isinstance(n, int) or isinstance(n, bool) or n < 0 for r in self.counts for n in r
        ):
            raise TableError("Counts must be whole numbers, zero or more.")
        for subtotal in self.subtotals:
            if not subtotal.rows or not set(subtotal.rows) <= set(self.rows):
                raise TableError(f"Sub-total {subtotal.label!r} must name rows of the table.")
        if len({s.label for s in self.subtotals}) != len(self.subtotals):
            raise TableError("Sub-total labels must be unique.")

    def shape_matches(self, other: "CountTable") -> bool:
        return (self.rows, self.columns, self.subtotals) == (
            other.rows,
            other.columns,
            other.subtotals,
        )


@dataclass(frozen=True)
class PublishedTable:
    """A table as it may be shown: each entry a number or a symbol."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Shown, ...], ...]
    row_totals: tuple[Shown, ...]
    column_totals: tuple[Shown, ...]
    total: Shown
    # Per sub-total label: its entry per column, and its own total.
    subtotals: dict[str, tuple[Shown, ...]] = field(default_factory=dict)
    subtotal_totals: dict[str, Shown] = field(default_factory=dict)

    def suppressed_count(self) -> int:
        """How many entries (cells and totals) are shown as ``c``."""
        entries = [
            *(v for line in self.cells for v in line),
            *self.row_totals,
            *self.column_totals,
            self.total,
            *(v for line in self.subtotals.values() for v in line),
            *self.subtotal_totals.values(),
        ]
        return sum(1 for v in entries if v == Symbol.CONFIDENTIAL)


@dataclass(frozen=True)
class Publication:
    """The current period, and when given the previous one and the change between them."""

    current: PublishedTable
    previous: PublishedTable | None = None
    change: PublishedTable | None = None


# An entry of a table: ("cell", r, c), ("row_total", r), ("column_total", c), ("total",),
# ("subtotal", g, c), ("subtotal_total", g), with indexes into the table's labels.
Key = tuple


@dataclass(frozen=True)
class _Line:
    """Published equation: the sum of ``members`` equals ``total``."""

    members: tuple[Key, ...]
    total: Key

    @property
    def entries(self) -> tuple[Key, ...]:
        return (*self.members, self.total)


def _entries(table: CountTable) -> dict[Key, int]:
    """Every entry with its value, in reading order (dicts keep insertion order)."""
    rows, columns = range(len(table.rows)), range(len(table.columns))
    index = {label: i for i, label in enumerate(table.rows)}
    values: dict[Key, int] = {}
    for r in rows:
        for c in columns:
            values[("cell", r, c)] = table.counts[r][c]
        values[("row_total", r)] = sum(table.counts[r])
    for c in columns:
        values[("column_total", c)] = sum(table.counts[r][c] for r in rows)
    values[("total",)] = sum(map(sum, table.counts))
    for g, subtotal in enumerate(table.subtotals):
        members = [index[label] for label in subtotal.rows]
        for c in columns:
            values[("subtotal", g, c)] = sum(table.counts[r][c] for r in members)
        values[("subtotal_total", g)] = sum(sum(table.counts[r]) for r in members)
    return values


def _lines(table: CountTable) -> list[_Line]:
    rows, columns = range(len(table.rows)), range(len(table.columns))
    index = {label: i for i, label in enumerate(table.rows)}
    lines = [_Line(tuple(("cell", r, c) for c in columns), ("row_total", r)) for r in rows]
    lines += [_Line(tuple(("cell", r, c) for r in rows), ("column_total", c)) for c in columns]
    for g, subtotal in enumerate(table.subtotals):
        members = [index[label] for label in subtotal.rows]
        lines += [
            _Line(tuple(("cell", r, c) for r in members), ("subtotal", g, c)) for c in columns
        ]
        lines.append(_Line(tuple(("subtotal", g, c) for c in columns), ("subtotal_total", g)))
        lines.append(_Line(tuple(("row_total", r) for r in members), ("subtotal_total", g)))
    lines.append(_Line(tuple(("row_total", r) for r in rows), ("total",)))
    lines.append(_Line(tuple(("column_total", c) for c in columns), ("total",)))
    return lines


def _recoverable(lines: list[_Line], suppressed: list[Key]) -> list[Key]:
    """The suppressed entries whose value the published equations fix, in the given order.

    Each line says sum(members) - total = (published values), so with the suppressed entries as
    unknowns an entry is fixed exactly when, in the reduced row echelon form, its pivot row has
    no other unknown in it. Only the coefficients matter, never the published values."""
    column = {key: i for i, key in enumerate(suppressed)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(suppressed)
        for key in line.members:
            if key in column:
                row[column[key]] += 1
        if line.total in column:
            row[column[line.total]] -= 1
        if any(row):
            matrix.append(row)
    pivots = _reduce(matrix, len(suppressed))
    return [
        suppressed[c]
        for r, c in enumerate(pivots)
        if all(v == 0 for j, v in enumerate(matrix[r]) if j != c)
    ]


def _reduce(matrix: list[list[Fraction]], width: int) -> list[int]:
    """Reduced row echelon form in place; returns the pivot column of each leading row."""
    pivots: list[int] = []
    for c in range(width):
        r = len(pivots)
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
    return pivots


def _smallest(candidates, values: dict[Key, int], order: dict[Key, int]) -> Key | None:
    """The smallest non-zero count; a cell before a total of the same size; then reading order."""
    shown = [key for key in candidates if values[key] > 0]
    if not shown:
        return None
    return min(shown, key=lambda key: (values[key], key[0] != "cell", order[key]))


def suppressed_entries(table: CountTable) -> set[Key]:
    """Primary then secondary suppression of one period's table (see the module's docstring)."""
    values = _entries(table)
    order = {key: i for i, key in enumerate(values)}
    lines = _lines(table)
    suppressed = {key for key, value in values.items() if 1 <= value <= LARGEST_SUPPRESSED}
    while True:
        exposed = next(
            (line for line in lines if sum(key in suppressed for key in line.entries) == 1),
            None,
        )
        if exposed is not None:
            # Never empty: the one suppressed entry is non-zero, so the line's total (or, if the
            # total is the suppressed one, one of its members) is a non-zero shown entry.
            suppressed.add(
                _smallest((k for k in exposed.entries if k not in suppressed), values, order)
            )
            continue
        fixed = _recoverable(lines, sorted(suppressed, key=order.__getitem__))
        if not fixed:
            return suppressed
        near = {k for line in lines if fixed[0] in line.entries for k in line.entries}
        choice = _smallest((k for k in near if k not in suppressed), values, order)
        if choice is None:
            choice = _smallest((k for k in values if k not in suppressed), values, order)
        suppressed.add(choice)


def _round_half_up(value: int, to: int) -> int:
    return int((Decimal(value) / to).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * to


def _published(table: CountTable, *, round_totals: bool) -> PublishedTable:
    values = _entries(table)
    suppressed = suppressed_entries(table)

    def shown(key: Key) -> Shown:
        if key in suppressed:
            return Symbol.CONFIDENTIAL
        if round_totals and key[0] != "cell":
            return _round_half_up(values[key], TOTALS_ROUNDED_TO)
        return values[key]

    rows, columns = range(len(table.rows)), range(len(table.columns))
    return PublishedTable(
        rows=table.rows,
        columns=table.columns,
        cells=tuple(tuple(shown(("cell", r, c)) for c in columns) for r in rows),
        row_totals=tuple(shown(("row_total", r)) for r in rows),
        column_totals=tuple(shown(("column_total", c)) for c in columns),
        total=shown(("total",)),
        subtotals={
            s.label: tuple(shown(("subtotal", g, c)) for c in columns)
            for g, s in enumerate(table.subtotals)
        },
        subtotal_totals={
            s.label: shown(("subtotal_total", g)) for g, s in enumerate(table.subtotals)
        },
    )


def _difference(a: Shown, b: Shown) -> Shown:
    """The change from ``b`` to ``a``: shown only when both are, so it tells nothing more."""
    if isinstance(a, Symbol) or isinstance(b, Symbol):
        return Symbol.CONFIDENTIAL
    return a - b


def _change(current: PublishedTable, previous: PublishedTable) -> PublishedTable:
    def each(a, b):
        return tuple(_difference(x, y) for x, y in zip(a, b, strict=True))

    return PublishedTable(
        rows=current.rows,
        columns=current.columns,
        cells=tuple(each(a, b) for a, b in zip(current.cells, previous.cells, strict=True)),
        row_totals=each(current.row_totals, previous.row_totals),
        column_totals=each(current.column_totals, previous.column_totals),
        total=_difference(current.total, previous.total),
        subtotals={k: each(v, previous.subtotals[k]) for k, v in current.subtotals.items()},
        subtotal_totals={
            k: _difference(v, previous.subtotal_totals[k])
            for k, v in current.subtotal_totals.items()
        },
    )


def publish_table(
    current: CountTable, previous: CountTable | None = None, *, round_totals: bool = False
) -> Publication:
    """The table ready to show to anyone without case access, or to export.

    ``round_totals``: the table is national or regional, so its totals are rounded to the
    nearest 10 (after suppression, which treats them as exact: the safer assumption)."""
    if previous is not None and not current.shape_matches(previous):
        raise TableError("Both periods must have the same rows, columns and sub-totals.")
    shown_now = _published(current, round_totals=round_totals)
    if previous is None:
        return Publication(current=shown_now)
    shown_before = _published(previous, round_totals=round_totals)
    return Publication(
        current=shown_now, previous=shown_before, change=_change(shown_now, shown_before)
    )


def publish_count(count: int) -> Shown:
    """A single count on its own (no total beside it): 1 to 5 is ``c``."""
    if count < 0:
        raise TableError("A count cannot be negative.")
    return Symbol.CONFIDENTIAL if 1 <= count <= LARGEST_SUPPRESSED else count


def publish_rate(
    part: int,
    whole: int,
    *,
    per: int = 100,
    part_shown: Shown | None = None,
    whole_shown: Shown | None = None,
) -> Decimal | Symbol:
    """``part`` per ``per`` of ``whole`` (a percentage by default), to one decimal place.

    Suppressed (``c``) when either count it is built on is not shown: ``part_shown`` and
    ``whole_shown`` are how they were published (in a table, after secondary suppression);
    on their own they are published as single counts. ``z`` when there is nothing to divide by;
    ``k`` when it rounds to 0.0 but is not zero."""
    if part < 0 or whole < 0:
        raise TableError("A rate needs counts of zero or more.")
    part_shown = publish_count(part) if part_shown is None else part_shown
    whole_shown = publish_count(whole) if whole_shown is None else whole_shown
    if Symbol.CONFIDENTIAL in (part_shown, whole_shown):
        return Symbol.CONFIDENTIAL
    if whole == 0:
        return Symbol.NOT_APPLICABLE
    value = (Decimal(part) * per / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if value == 0 and part > 0:
        return Symbol.ROUNDS_TO_ZERO
    return value
