"""An attacker's view of a published table, written apart from ``disclosure.py`` so the tests do
not trust its own check: every equation the published figures satisfy, solved exactly over the
rationals. A suppressed entry is recoverable when every way of changing the hidden values that
keeps all the published sums true leaves it unchanged (it is zero in every null-space vector)."""

from fractions import Fraction

from haven.reporting.disclosure import CountTable, Publication, PublishedTable, Symbol


def _named_entries(table: CountTable, shown: PublishedTable, period: str):
    """(name, true value, shown value) for every entry of one period."""
    index = {label: i for i, label in enumerate(table.rows)}
    for r, row in enumerate(table.rows):
        for c, column in enumerate(table.columns):
            yield (period, row, column), table.counts[r][c], shown.cells[r][c]
        yield (period, row, "total"), sum(table.counts[r]), shown.row_totals[r]
    for c, column in enumerate(table.columns):
        yield (
            (period, "total", column),
            sum(line[c] for line in table.counts),
            shown.column_totals[c],
        )
    yield (period, "total", "total"), sum(map(sum, table.counts)), shown.total
    for subtotal in table.subtotals:
        members = [index[label] for label in subtotal.rows]
        for c, column in enumerate(table.columns):
            yield (
                (period, subtotal.label, column),
                sum(table.counts[r][c] for r in members),
                shown.subtotals[subtotal.label][c],
            )
        yield (
            (period, subtotal.label, "total"),
            sum(sum(table.counts[r]) for r in members),
            shown.subtotal_totals[subtotal.label],
        )


def _equations(table: CountTable, period: str) -> list[dict]:
    """Each published sum as {entry name: coefficient} equal to zero."""
    rows, columns = table.rows, (*table.columns, "total")
    equations = []
    for row in (*rows, "total"):
        equation = {(period, row, column): 1 for column in table.columns}
        equation[(period, row, "total")] = -1
        equations.append(equation)
    for column in columns:
        equation = {(period, row, column): 1 for row in rows}
        equation[(period, "total", column)] = -1
        equations.append(equation)
        for subtotal in table.subtotals:
            equation = {(period, row, column): 1 for row in subtotal.rows}
            equation[(period, subtotal.label, column)] = -1
            equations.append(equation)
    for subtotal in table.subtotals:
        equation = {(period, subtotal.label, column): 1 for column in table.columns}
        equation[(period, subtotal.label, "total")] = -1
        equations.append(equation)
    return equations


def _null_space(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    """A basis of the solutions of rows . x = 0 (Gauss-Jordan, then one vector per free column)."""
    rows = [list(r) for r in rows]
    pivots: dict[int, int] = {}
    for c in range(width):
        r = len(pivots)
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots[c] = r
    basis = []
    for free in (c for c in range(width) if c not in pivots):
        vector = [Fraction(0)] * width
        vector[free] = Fraction(1)
        for c, r in pivots.items():
            vector[c] = -rows[r][free]
        basis.append(vector)
    return basis


def recovered(
    current: CountTable, publication: Publication, previous: CountTable | None = None
) -> list[tuple]:
    """Every suppressed entry whose value follows from the published figures (both periods, and
    the change between them where it is shown). Empty means the publication is safe."""
    entries = list(_named_entries(current, publication.current, "now"))
    equations = _equations(current, "now")
    if previous is not None:
        before = list(_named_entries(previous, publication.previous, "before"))
        change = list(_named_entries(current, publication.change, "now"))
        for (name, _, _), (name_before, _, _), (_, _, difference) in zip(
            entries, before, change, strict=True
        ):
            if difference != Symbol.CONFIDENTIAL:
                equations.append({name: 1, name_before: -1})
        entries += before
        equations += _equations(previous, "before")
    unknowns = [name for name, _, shown in entries if shown == Symbol.CONFIDENTIAL]
    column = {name: i for i, name in enumerate(unknowns)}
    matrix = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for name, coefficient in equation.items():
            if name in column:
                row[column[name]] += coefficient
        matrix.append(row)
    # An entry is fixed when no way of changing the hidden values keeps every sum true moves it.
    basis = _null_space(matrix, len(unknowns))
    return [name for name in unknowns if all(v[column[name]] == 0 for v in basis)]


def true_and_shown(current: CountTable, shown: PublishedTable):
    """(true value, shown value) for every entry, for checking what is shown."""
    return [(value, show) for _, value, show in _named_entries(current, shown, "now")]
