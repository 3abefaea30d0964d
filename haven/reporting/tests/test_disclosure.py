"""Disclosure control (DOMAIN section 9, decision 0018): hand-worked tables, every small table
exhaustively, and properties over generated tables checked by an independent attacker
(``oracle.recovered``)."""

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.reporting.disclosure import (
    CountTable,
    Publication,
    PublishedTable,
    Subtotal,
    Symbol,
    TableError,
    publish_count,
    publish_rate,
    publish_table,
)
from haven.reporting.tests.oracle import recovered, true_and_shown

C, Z, K = Symbol.CONFIDENTIAL, Symbol.NOT_APPLICABLE, Symbol.ROUNDS_TO_ZERO


def table(*counts, rows=None, columns=None, subtotals=()) -> CountTable:
    return CountTable(
        rows=rows or tuple(f"row {i}" for i in range(len(counts))),
        columns=columns or tuple(f"column {i}" for i in range(len(counts[0]))),
        counts=tuple(tuple(line) for line in counts),
        subtotals=subtotals,
    )


def assert_safe(current, publication, previous=None):
    assert recovered(current, publication, previous) == []
    for value, shown in true_and_shown(current, publication.current):
        if 1 <= value <= 5:
            assert shown == C
        if value == 0:
            assert shown == 0, "zero stays 0"
        assert shown == C or isinstance(shown, int)


# Single counts and rates.


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, C), (2, C), (3, C), (4, C), (5, C), (6, 6), (982, 982)]
)
def test_a_single_count_from_1_to_5_is_c_and_zero_stays_0(count, shown):
    assert publish_count(count) == shown


def test_a_negative_count_is_refused():
    with pytest.raises(TableError):
        publish_count(-1)


def test_a_percentage_has_one_decimal_place_rounded_half_up():
    assert publish_rate(7432, 17004) == Decimal("43.7")
    assert publish_rate(1, 8) == C  # built on a suppressed count
    assert publish_rate(10, 80) == Decimal("12.5")
    assert publish_rate(25, 160) == Decimal("15.6")  # 15.625 -> 15.6
    assert publish_rate(7, 16) == Decimal("43.8")  # 43.75 -> 43.8, half up


def test_a_percentage_built_on_a_suppressed_count_is_suppressed():
    assert publish_rate(3, 100) == C  # the part is 1 to 5
    assert publish_rate(20, 100, whole_shown=C) == C  # the whole was suppressed in its table
    assert publish_rate(20, 100, part_shown=C) == C  # the part was a secondary suppression


def test_a_percentage_of_nothing_is_not_applicable_and_a_tiny_one_is_k():
    assert publish_rate(0, 0) == Z
    assert publish_rate(0, 50) == Decimal("0.0")
    assert publish_rate(6, 200_000) == K  # 0.003 % rounds to 0.0 but is not zero


def test_a_rate_per_ten_thousand():
    assert publish_rate(12, 30_000, per=10_000) == Decimal("4.0")


# Hand-worked tables: the exact cells chosen (smallest count first, then reading order).


def test_a_table_with_nothing_small_is_shown_as_it_is():
    published = publish_table(table((10, 20), (30, 40))).current
    assert published.cells == ((10, 20), (30, 40))
    assert published.row_totals == (30, 70)
    assert published.column_totals == (40, 60)
    assert published.total == 100


def test_one_small_cell_takes_the_smallest_cells_that_protect_it():
    #          a   b   c  | total
    # row 0:   3  10  12  | 25
    # row 1:   7   8  20  | 35
    # row 2:   9  15  11  | 35
    current = table((3, 10, 12), (7, 8, 20), (9, 15, 11))
    publication = publish_table(current)
    # 3 is primary. Row 0 is exposed: its smallest other count is 10. Column a is exposed: 7.
    # Column b is exposed: 8. Row 1 now holds 7 and 8: protected. That is a 2 x 2 block.
    assert publication.current.cells == ((C, C, 12), (C, C, 20), (9, 15, 11))
    assert publication.current.row_totals == (25, 35, 35)
    assert publication.current.total == 95
    assert_safe(current, publication)


def test_zero_is_never_suppressed_and_a_total_protects_a_lone_small_cell():
    #          x  y | total
    # row a:   4  0 | 4      4 and its row total are primary; zero stays 0
    # row b:   0  9 | 9
    # row c:   6  7 | 13
    current = table((4, 0), (0, 9), (6, 7))
    publication = publish_table(current)
    shown = publication.current
    # Column x gives away 4 unless 6 goes; then row c unless 7; column y unless 9; row b unless
    # its total 9; the totals column now holds two.
    assert shown.cells == ((C, 0), (0, C), (C, C))
    assert shown.row_totals == (C, C, 13)
    assert shown.column_totals == (10, 16)
    assert shown.total == 26
    assert_safe(current, publication)


def test_a_total_from_1_to_5_is_c():
    current = table((2, 1), (0, 0))
    shown = publish_table(current).current
    assert shown.cells == ((C, C), (0, 0))
    assert shown.row_totals == (C, 0)
    assert shown.total == C
    assert shown.column_totals == (C, C)


BRIDGED = table(
    (1, 2, 50, 60, 70),
    (3, 4, 1, 80, 90),
    (90, 80, 2, 3, 100),
    (70, 60, 4, 5, 110),
)


def test_the_attacker_finds_what_the_line_rule_alone_would_give_away():
    # Two 2 x 2 blocks of small counts joined by the 1 in row 1: every row and column holds two
    # or more of them, yet rows 0-1 minus columns 0-1 leaves that 1 alone.
    cells = tuple(tuple(C if 1 <= n <= 5 else n for n in row) for row in BRIDGED.counts)
    primary_only = PublishedTable(
        rows=BRIDGED.rows,
        columns=BRIDGED.columns,
        cells=cells,
        row_totals=tuple(map(sum, BRIDGED.counts)),
        column_totals=tuple(map(sum, zip(*BRIDGED.counts, strict=True))),
        total=sum(map(sum, BRIDGED.counts)),
    )
    assert recovered(BRIDGED, Publication(current=primary_only)) == [("now", "row 1", "column 2")]


def test_two_protected_blocks_joined_by_one_cell_are_caught_by_the_exact_check():
    publication = publish_table(BRIDGED)
    # The exact solve adds the smallest count on a line through the joining cell: 50 above it.
    assert publication.current.cells == (
        (C, C, C, 60, 70),
        (C, C, C, 80, 90),
        (90, 80, C, C, 100),
        (70, 60, C, C, 110),
    )
    assert_safe(BRIDGED, publication)


def test_the_same_table_always_publishes_the_same_way():
    current = table((3, 10, 12, 1), (7, 8, 20, 2), (9, 15, 11, 30))
    assert publish_table(current) == publish_table(current)


def test_sub_totals_cannot_give_away_a_suppressed_count():
    # NRM 2015, sexual exploitation split UK / non-UK, with a made-up small authority column.
    current = CountTable(
        rows=("Sexual: UK", "Sexual: non-UK", "Labour", "Domestic servitude", "Not defined"),
        columns=("Halton", "Rest of the country"),
        counts=((2, 103), (0, 112), (9, 279), (1, 68), (14, 391)),
        subtotals=(Subtotal("Sexual", ("Sexual: UK", "Sexual: non-UK")),),
    )
    publication = publish_table(current)
    assert publication.current.cells[0][0] == C
    # With only one non-zero count under "Sexual" in Halton, the sub-total must not show 2.
    assert publication.current.subtotals["Sexual"][0] == C
    assert_safe(current, publication)


def test_national_totals_are_rounded_to_the_nearest_10():
    current = table((217, 288), (405, 72))
    shown = publish_table(current, round_totals=True).current
    assert shown.cells == ((217, 288), (405, 72))  # the counts themselves are not rounded
    assert shown.row_totals == (510, 480)  # 505 rounds half up to 510; 477 to 480
    assert shown.column_totals == (620, 360)
    assert shown.total == 980  # 982


def test_the_change_between_periods_is_shown_only_where_both_periods_show_the_count():
    before = table((3, 10), (12, 20))
    now = table((9, 10), (12, 20))
    publication = publish_table(now, before)
    assert publication.previous.cells[0][0] == C
    assert publication.current.cells[0][0] == 9
    # Otherwise 9 - change would give last period's suppressed 3 away.
    assert publication.change.cells[0][0] == C
    assert publication.change.total == 6
    assert_safe(now, publication, before)


def test_periods_must_have_the_same_shape():
    with pytest.raises(TableError):
        publish_table(table((1, 2)), table((1, 2, 3)))


@pytest.mark.parametrize(
    "arguments",
    [
        {"rows": (), "columns": ("a",), "counts": ()},
        {"rows": ("a", "a"), "columns": ("b",), "counts": ((1,), (2,))},
        {"rows": ("a",), "columns": ("b",), "counts": ((1, 2),)},
        {"rows": ("a",), "columns": ("b",), "counts": ((-1,),)},
        {"rows": ("a",), "columns": ("b",), "counts": ((True,),)},
        {
            "rows": ("a",),
            "columns": ("b",),
            "counts": ((1,),),
            "subtotals": (Subtotal("s", ("z",)),),
        },
    ],
)
def test_a_malformed_table_is_refused(arguments):
    with pytest.raises(TableError):
        CountTable(**arguments)


# Every small table, exhaustively.


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)])
def test_every_small_table_is_safe(shape):
    rows, columns = shape
    values = (0, 1, 5, 6, 9)
    for flat in itertools.product(values, repeat=rows * columns):
        counts = [flat[r * columns : (r + 1) * columns] for r in range(rows)]
        current = table(*counts)
        assert_safe(current, publish_table(current))


def test_every_two_by_three_table_with_small_and_large_counts_is_safe():
    for flat in itertools.product((0, 2, 7), repeat=6):
        current = table(flat[:3], flat[3:])
        assert_safe(current, publish_table(current))


# Properties over generated tables.

counts = st.one_of(st.integers(0, 5), st.integers(0, 40), st.integers(0, 2000))


@st.composite
def tables(draw, rows=None, columns=None):
    rows = rows or draw(st.integers(1, 5))
    columns = columns or draw(st.integers(1, 5))
    labels = tuple(f"row {i}" for i in range(rows))
    grouped = draw(st.lists(st.sets(st.sampled_from(labels), min_size=1), max_size=2))
    return CountTable(
        rows=labels,
        columns=tuple(f"column {i}" for i in range(columns)),
        counts=tuple(tuple(draw(counts) for _ in range(columns)) for _ in range(rows)),
        subtotals=tuple(
            Subtotal(f"group {g}", tuple(label for label in labels if label in members))
            for g, members in enumerate(grouped)
        ),
    )


@st.composite
def two_periods(draw):
    current = draw(tables())
    previous = draw(tables(rows=len(current.rows), columns=len(current.columns)))
    return current, CountTable(
        rows=current.rows,
        columns=current.columns,
        counts=previous.counts,
        subtotals=current.subtotals,
    )


@settings(max_examples=300)
@given(tables())
def test_no_suppressed_count_is_recoverable_from_the_published_figures(current):
    publication = publish_table(current)
    assert_safe(current, publication)


@settings(max_examples=150)
@given(two_periods())
def test_no_suppressed_count_is_recoverable_across_two_periods_and_their_change(periods):
    current, previous = periods
    publication = publish_table(current, previous)
    assert_safe(current, publication, previous)
    assert recovered(previous, Publication(current=publication.previous)) == []


@settings(max_examples=150)
@given(tables())
def test_what_is_shown_is_true_and_nothing_else_is_hidden_needlessly(current):
    publication = publish_table(current)
    for value, shown in true_and_shown(current, publication.current):
        assert shown in (C, value)
        # Zero is never suppressed, so every suppressed entry is at least 1: the published
        # equations, being undetermined, leave it a range of values, never one.
        assert shown != C or value >= 1
    assert publish_table(current) == publication


@settings(max_examples=150)
@given(tables())
def test_rounded_totals_are_within_5_of_the_truth_and_the_counts_unchanged(current):
    exact = publish_table(current).current
    rounded = publish_table(current, round_totals=True).current
    assert rounded.cells == exact.cells
    for value, shown in true_and_shown(current, rounded):
        if shown != C:
            assert abs(shown - value) <= 5
            assert shown == value or shown % 10 == 0


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_percentage_is_suppressed_exactly_when_a_count_under_it_is(part, whole):
    part, whole = min(part, whole), max(part, whole)
    result = publish_rate(part, whole)
    if 1 <= part <= 5 or 1 <= whole <= 5:
        assert result == C
    elif whole == 0:
        assert result == Z
    else:
        assert result == K or abs(result - Decimal(part * 100) / whole) <= Decimal("0.05")
