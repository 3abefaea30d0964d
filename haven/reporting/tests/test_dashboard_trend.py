"""The stored past quarters: the trend's (decision 0043) and those a lead may choose as the
period (decision 0046), counted once a day by a job, give exactly the published figures live
counting gives; a dashboard of a kept quarter counts nothing; an empty or stale store is never
read; the job can run any number of times.

The five screening figures, counted in one scan, give what each counted on its own gives.

The records are synthetic (``generate_scale_data`` at a small size: every module's records over
the two years before a fixed instant), made and counted at fixed instants (time-machine)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from haven.accounts.models import Role, User
from haven.audit.models import AuditEvent, Verb
from haven.core.insert_select import insert_selected
from haven.reporting.dashboard import (
    CATALOGUE,
    CHOSEN_QUARTERS,
    DASHBOARD_AREAS,
    MEASURES,
    STORED_QUARTERS,
    During,
    Measure,
    Period,
    _compute,
    _counted,
    _counted_from_facts,
    _facts_of,
    areas_of,
    figures,
    last_complete_quarter,
    measure_counts,
    quarter_of,
    quarters_to,
)
from haven.reporting.disclosure import publish_count
from haven.strategy.models import (
    FigureFact,
    FigureFactsCounted,
    QuarterFigureCounts,
    TrendQuarterCount,
)
from haven.strategy.selectors import figure_facts
from haven.strategy.services import dashboard_trend_record
from haven.strategy.tasks import count_dashboard_trend

pytestmark = pytest.mark.django_db

# A Tuesday in the fourth quarter of 2026: the last complete quarter is July to September.
COUNTED = datetime(2026, 11, 17, 3, 0, tzinfo=UTC)
TODAY = date(2026, 11, 17)
LAST = last_complete_quarter(TODAY)
# Periods a lead may choose: the last complete quarter, the quarter a year before it and the
# current quarter (all three kept whole), one ending today (whose trend's last quarter is not
# over), and one a year back that is no quarter (every quarter of its trend stored).
PERIODS = (
    (LAST.start, LAST.end),
    (date(2025, 7, 1), date(2025, 9, 30)),
    (date(2026, 10, 1), date(2026, 12, 31)),
    (date(2026, 10, 1), TODAY),
    (date(2025, 8, 1), date(2025, 10, 31)),
)
KEPT = {LAST.start, date(2025, 7, 1)}


def _count_the_trend():
    with time_machine.travel(COUNTED, tick=False):
        return count_dashboard_trend.call()


@pytest.fixture(scope="module")
def _counted_once(django_db_setup, django_db_blocker):
    """The records, and the daily job run over them once, for the whole module: each test's own
    changes (a store emptied, a count altered) are rolled back after it, as every test's are.
    Building and counting for each test took most of the module's time."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with time_machine.travel(COUNTED - timedelta(hours=1), tick=False):
                call_command(
                    "generate_scale_data",
                    people=400,
                    cases=160,
                    events=2400,
                    links=0,
                    seed=3,
                    verbosity=0,
                )
            yield _count_the_trend()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def counted(_counted_once) -> dict[str, int]:
    """How many counts the job stored: the trend's and the periods'."""
    return _counted_once


def _empty_the_store():
    TrendQuarterCount.objects.all().delete()
    QuarterFigureCounts.objects.all().delete()
    FigureFact.objects.all().delete()
    FigureFactsCounted.objects.all().delete()


@pytest.fixture
def records(counted):
    """The records with nothing stored yet."""
    _empty_the_store()


def _published(area, start, end, *, at=COUNTED):
    with time_machine.travel(at, tick=False):
        return figures(area=area, start=start, end=end)


def test_stored_quarters_publish_exactly_what_live_counting_publishes(counted):
    stored_count = counted
    quarters = quarters_to(LAST.end, STORED_QUARTERS)
    assert stored_count == {
        "trend": len(MEASURES) * len(DASHBOARD_AREAS) * STORED_QUARTERS,
        "periods": len(MEASURES) * len(DASHBOARD_AREAS) * CHOSEN_QUARTERS,
        "facts": FigureFact.objects.count(),
    }

    # Every stored count is the live count of its figure, area and quarter.
    stored = {
        (row.figure, row.area, row.quarter_start): row.count
        for row in TrendQuarterCount.objects.all()
    }
    live = {}
    for area, _name in DASHBOARD_AREAS:
        for measure in MEASURES:
            # Two trends of six quarters each cover the twelve stored.
            for last in (quarters[-1], quarters[5]):
                trend = measure_counts(code=measure.code, area=area, start=last.start, end=last.end)
                for quarter, count in zip(quarters_to(last.end), trend.trend, strict=True):
                    live[(measure.code, area, quarter.start)] = count
    assert stored == live
    assert sum(1 for count in stored.values() if count > 5) > 100, "too few counts to compare"

    # Every count kept of a quarter as the period is the figure's own count of that period.
    for row in QuarterFigureCounts.objects.filter(
        area__in=("halton", "pan_cheshire"), quarter_start__in=KEPT
    ):
        measure = CATALOGUE[row.figure]
        quarter = quarter_of(row.quarter_start)
        counted = measure_counts(
            code=row.figure, area=row.area, start=quarter.start, end=quarter.end
        )
        part = "_meets" if measure.rated else ""
        assert (row.counts[f"now{part}"], row.counts[f"before{part}"]) == (
            counted.value,
            counted.previous,
        ), (row.figure, row.area, row.quarter_start)
        if measure.rated:
            assert (row.counts["now"], row.counts["before"]) == (
                counted.whole,
                counted.previous_whole,
            )
        assert {
            label: row.counts[f"row{i}_now"] for i, label in enumerate(row.rows)
        } == counted.rows

    # And every published figure of every area and period is the same, whichever way counted.
    with_store = {
        (area, start): _published(area, start, end)
        for area, _name in DASHBOARD_AREAS
        for start, end in PERIODS
    }
    _empty_the_store()
    for (area, start), dashboard in with_store.items():
        end = dict(PERIODS)[start]
        counted_live = _published(area, start, end)
        assert dashboard.trend_as_at == COUNTED
        # Every period's figures were counted by the job: kept whole, or from the facts.
        assert dashboard.figures_as_at == COUNTED
        assert counted_live.trend_as_at is None
        assert counted_live.figures_as_at is None
        assert dashboard.figures == counted_live.figures, (area, start)
        # The figures sharing a scan are counted together exactly as each on its own.
        quarters = quarters_to(end)
        each = tuple(
            _compute(m, areas_of(area), Period(start, end), quarters, {}) for m in MEASURES
        )
        assert counted_live.figures == each, (area, start)


# Periods of typed dates (decision 0050): ninety days, one day as the clocks go forward, the
# clocks going back and a new year, the whole two years of records, a month not over yet, a
# year before any record; and three periods drawn at random (seeded) from the two years.
TYPED = (
    (date(2026, 8, 14), date(2026, 11, 11)),
    (date(2026, 3, 29), date(2026, 3, 29)),
    (date(2025, 10, 26), date(2026, 1, 3)),
    (date(2024, 11, 17), date(2026, 11, 17)),
    (date(2026, 11, 1), date(2026, 11, 30)),
    (date(2020, 1, 1), date(2020, 12, 31)),
)


def _drawn_periods(count: int) -> list[tuple[date, date]]:
    draw = random.Random(50)
    periods = []
    for _ in range(count):
        start = date(2024, 11, 17) + timedelta(days=draw.randrange(700))
        periods.append((start, start + timedelta(days=draw.randrange(1, 200))))
    return periods


@pytest.mark.parametrize(("start", "end"), [*TYPED, *_drawn_periods(3)])
def test_the_facts_publish_exactly_what_counting_the_records_publishes(counted, start, end):
    # Every raw count, before disclosure control could hide a difference: each span, row and
    # standard met, with every quarter of the trend counted too.
    period = Period(start, end)
    every_quarter = dict(enumerate(quarters_to(end)))
    # (An authority and Pan Cheshire, whose facts are built apart: the published figures below
    # cover every area.)
    for area in ("halton", "pan_cheshire"):
        facts, _at = figure_facts(area=area, counted_since=COUNTED)
        for measure in MEASURES:
            areas = areas_of(area)
            from_records, _rows = _counted(measure, areas, period, every_quarter)
            kept, _rows = _counted_from_facts(measure, areas, period, every_quarter, facts)
            assert kept == from_records, (measure.code, area)
    from_facts = {area: _published(area, start, end) for area, _name in DASHBOARD_AREAS}
    FigureFactsCounted.objects.all().delete()
    for area, _name in DASHBOARD_AREAS:
        assert from_facts[area].figures_as_at == COUNTED
        from_records = _published(area, start, end)
        assert from_records.figures_as_at is None
        assert from_facts[area].figures == from_records.figures, (area, start, end)
    # Not an empty comparison: the raw counts behind the figures are many and varied.
    if start.year > 2020 and (end - start).days >= 60:
        values = [
            figure.value
            for figure in from_facts["pan_cheshire"].figures
            if isinstance(figure.value, int)
        ]
        assert len(values) > 8 and sum(values) > 50, values


def test_a_child_in_two_rows_is_in_each_row_and_once_in_the_total(counted):
    """A breakdown whose row may differ between one child's records (no figure's does yet:
    gender and nationality are the child's own): each row counts the child by its first record
    in that row, the total by its first record at all. Here, each child's screening on the
    concern and then on the case."""
    by_record = Measure(
        code="children_screened_by_record",
        title="Children screened by the record screened",
        group="Test",
        definition="Children screened in the period, by whether a concern or a case was.",
        records=CATALOGUE["children_screened"].records,
        selects=During("created_at"),
        counts="person",
        rows=lambda areas: [
            ("A concern", Q(case__isnull=True)),
            ("A case", Q(case__isnull=False)),
        ],
    )
    FigureFact.objects.all().delete()
    for columns, queryset in _facts_of(by_record, "pan_cheshire"):
        insert_selected(FigureFact, columns, queryset)
    facts, _at = figure_facts(area="pan_cheshire", counted_since=COUNTED)
    areas = areas_of("pan_cheshire")
    in_two_rows = 0
    for start, end in TYPED:
        period = Period(start, end)
        quarters = dict(enumerate(quarters_to(end)))
        from_records, _rows = _counted(by_record, areas, period, quarters)
        assert _counted_from_facts(by_record, areas, period, quarters, facts)[0] == from_records
        in_two_rows += from_records["row0_now"] + from_records["row1_now"] > from_records["now"]
    assert in_two_rows > 2, "too few periods with a child in both rows"


def test_the_dashboard_reads_a_fresh_store_and_counts_live_when_it_is_stale_or_empty(counted):
    live = measure_counts(code="concerns_raised", area="halton", start=LAST.start, end=LAST.end)
    # A count stored for the quarter before last shows in the trend while the store is fresh.
    before_last = quarter_of(LAST.start - timedelta(days=1))
    TrendQuarterCount.objects.filter(
        figure="concerns_raised", area="halton", quarter_start=before_last.start
    ).update(count=live.trend[-2] + 40)
    fresh = _published("halton", LAST.start, LAST.end, at=COUNTED + timedelta(hours=29))
    assert fresh.trend_as_at == COUNTED
    assert fresh.figure("concerns_raised").trend[-2][1] == live.trend[-2] + 40
    stale = _published("halton", LAST.start, LAST.end, at=COUNTED + timedelta(hours=31))
    assert stale.trend_as_at is None
    assert stale.figure("concerns_raised").trend[-2][1] == publish_count(live.trend[-2])

    # So do the counts kept of the last quarter as the period.
    kept = QuarterFigureCounts.objects.get(
        figure="concerns_raised", area="halton", quarter_start=LAST.start
    )
    # Forty more concerns from local authorities: the breakdown's first row, and so its total.
    assert kept.rows[0] == "Local authority"
    kept.counts["now"] += 40
    kept.counts["row0_now"] += 40
    kept.save()
    fresh = _published("halton", LAST.start, LAST.end, at=COUNTED + timedelta(hours=29))
    assert fresh.figures_as_at == COUNTED
    assert fresh.figure("concerns_raised").value == live.value + 40
    stale = _published("halton", LAST.start, LAST.end, at=COUNTED + timedelta(hours=31))
    assert stale.figures_as_at is None
    assert stale.figure("concerns_raised").value == publish_count(live.value)
    _empty_the_store()
    empty = _published("halton", LAST.start, LAST.end)
    assert (empty.trend_as_at, empty.figures_as_at) == (None, None)  # empty: all live


def test_a_kept_quarter_is_read_not_counted(counted):
    with (
        time_machine.travel(COUNTED + timedelta(hours=1), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        dashboard = figures(area="pan_cheshire", start=LAST.start, end=LAST.end)
    assert dashboard.figures_as_at == COUNTED
    # The stored trend and the kept figures: nothing else is read.
    assert len(queries) == 2, [query["sql"] for query in queries]
    assert dashboard.figure("concerns_raised").value == publish_count(
        measure_counts(
            code="concerns_raised", area="pan_cheshire", start=LAST.start, end=LAST.end
        ).value
    )


def test_the_job_is_idempotent_and_audited_and_its_command_says_what_it_stored(counted, capsys):
    def stored():
        return (
            set(TrendQuarterCount.objects.values_list("figure", "area", "quarter_start", "count")),
            {
                (row.figure, row.area, row.quarter_start): (row.counts, row.rows)
                for row in QuarterFigureCounts.objects.all()
            },
        )

    first = stored()
    # Run again, by its command (each job run costs seconds: the module runs it twice).
    with time_machine.travel(COUNTED, tick=False):
        call_command("count_dashboard_trend")
    assert (
        f"{TrendQuarterCount.objects.count()} trend counts, "
        f"{QuarterFigureCounts.objects.count()} figures of past quarters as periods and "
        f"{FigureFact.objects.count()} facts stored."
    ) in capsys.readouterr().out
    assert stored() == first
    assert TrendQuarterCount.objects.count() == len(first[0])
    assert QuarterFigureCounts.objects.count() == len(first[1])
    events = AuditEvent.objects.filter(verb=Verb.DASHBOARD_TREND_COUNTED)
    assert events.count() == 2
    assert events.first().changes["counts"] == len(first[0])
    assert events.first().changes["quarters"][-1] == "2026-Q3"
    assert events.first().changes["kept"] == len(first[1])
    assert events.first().changes["periods"] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]


@pytest.mark.parametrize(
    ("area", "start", "trend_problem", "period_problem"),
    [
        ("halton", date(2026, 10, 1), "a quarter not over yet", None),
        ("halton", date(2027, 1, 1), "a quarter not over yet", "a quarter not begun yet"),
        ("halton", date(2026, 8, 1), "a date that starts no quarter", "a date that starts no"),
        ("somewhere", date(2026, 7, 1), "an unknown area", "an unknown area"),
    ],
)
def test_a_count_that_cannot_be_a_past_quarters_is_refused(
    records, area, start, trend_problem, period_problem
):
    with pytest.raises(ValidationError, match=trend_problem):
        dashboard_trend_record(
            counts=[("concerns_raised", area, start, 3)], quarters=[], counted_at=COUNTED
        )
    assert not TrendQuarterCount.objects.exists()
    # The period may be the current quarter, as recorded so far.
    kept = [("concerns_raised", area, start, {"now": 3, "before": 2}, [])]
    if period_problem is None:
        dashboard_trend_record(counts=[], quarters=[], counted_at=COUNTED, kept=kept)
        assert QuarterFigureCounts.objects.get().counts == {"now": 3, "before": 2}
        return
    with pytest.raises(ValidationError, match=period_problem):
        dashboard_trend_record(counts=[], quarters=[], counted_at=COUNTED, kept=kept)
    assert not QuarterFigureCounts.objects.exists()


@pytest.mark.parametrize(
    ("counts", "rows", "problem"),
    [
        ({"now": -1, "before": 2}, [], "a count that is not a whole number"),
        ({"now": "3", "before": 2}, [], "a count that is not a whole number"),
        ({"now": 3, "before": 2, "row0_now": 1, "row0_before": 0}, [None], "a row without"),
    ],
)
def test_kept_counts_that_cannot_be_a_figures_are_refused(records, counts, rows, problem):
    with pytest.raises(ValidationError, match=problem):
        dashboard_trend_record(
            counts=[],
            quarters=[],
            counted_at=COUNTED,
            kept=[("concerns_raised", "halton", LAST.start, counts, rows)],
        )
    assert not QuarterFigureCounts.objects.exists()


def test_the_page_says_when_the_trend_was_counted(counted, verified_client):
    lead = User.objects.filter(role=Role.STRATEGIC_LEAD).first()
    with time_machine.travel(COUNTED + timedelta(hours=2), tick=False):
        response = verified_client(lead).get(
            f"/dashboard/?area=halton&date_from={LAST.start}&date_to={LAST.end}"
        )
    assert "Figures as at 17 November 2026, 03:00" in response.content.decode()
    typed = f"/dashboard/?area=halton&date_from={LAST.start}&date_to={LAST.end - timedelta(days=1)}"
    with time_machine.travel(COUNTED + timedelta(hours=2), tick=False):
        response = verified_client(lead).get(typed)
    # Any other period is counted from the facts the job kept (decision 0050).
    assert "Figures as at 17 November 2026, 03:00" in response.content.decode()
    # Without them, it is counted now, and only the trend's past quarters were counted before.
    FigureFactsCounted.objects.all().delete()
    with time_machine.travel(COUNTED + timedelta(hours=2), tick=False):
        response = verified_client(lead).get(typed)
    assert "Trend as at 17 November 2026, 03:00" in response.content.decode()


def test_the_api_says_when_the_trend_was_counted(counted, api):
    lead = User.objects.filter(role=Role.STRATEGIC_LEAD).first()
    query = f"/api/v1/dashboard/?area=halton&from={LAST.start}&to={LAST.end}"
    with time_machine.travel(COUNTED + timedelta(hours=2), tick=False):
        kept = api(lead).get(query).json()
        assert kept["trend_as_at"] == kept["figures_as_at"] == "2026-11-17T03:00:00Z"
        _empty_the_store()
        counted_now = api(lead).get(query).json()
        assert (counted_now["trend_as_at"], counted_now["figures_as_at"]) == (None, None)
        assert kept["figures"] == counted_now["figures"]
