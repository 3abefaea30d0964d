"""The figures' facts (decision 0050) are written by ``INSERT ... SELECT`` from the querysets
reporting gives: each column from the annotation named for it, whatever the select's order,
the others at their database defaults; facts alike but for their weight as one, weighing their
sum; a queryset missing a column the facts need, or naming one they do not have, is refused
before anything is written. (That the facts count exactly as the records do is
``reporting/tests/test_dashboard_trend.py``.)"""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Length

from haven.accounts.models import Agency
from haven.accounts.tests.factories import AgencyFactory
from haven.core.insert_select import insert_selected
from haven.strategy.models import FigureFact, FigureFactsCounted
from haven.strategy.services import dashboard_trend_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def agencies():
    AgencyFactory.create_batch(3)


COUNTED = datetime(2026, 11, 17, 3, 0, tzinfo=UTC)


def _agencies_as_facts():
    return Agency.objects.order_by("pk").annotate(
        fact_unit=F("pk"),
        fact_figure=Value("concerns_raised"),
        fact_weight=Length("name"),
        fact_day=Value(date(2026, 3, 29)),
        fact_area=Value("halton"),
    )


def test_each_column_comes_from_the_annotation_named_for_it():
    agencies = list(Agency.objects.order_by("pk"))
    assert len(agencies) > 2
    # Named in another order than annotated: the map, not the order, decides.
    columns = {
        "area": "fact_area",
        "weight": "fact_weight",
        "day": "fact_day",
        "unit": "fact_unit",
        "figure": "fact_figure",
    }
    assert insert_selected(FigureFact, columns, _agencies_as_facts()) == len(agencies)
    facts = FigureFact.objects.order_by("unit")
    assert [
        (f.figure, f.area, f.day, f.unit, f.weight, f.row, f.meets, f.prev_day) for f in facts
    ] == [
        ("concerns_raised", "halton", date(2026, 3, 29), a.pk, len(a.name), "", False, None)
        for a in agencies
    ]


def test_the_job_replaces_the_facts_alike_as_one_and_says_when_they_were_counted():
    columns = {"figure": "fact_figure", "area": "fact_area", "day": "fact_day"}
    weighed = columns | {"weight": "fact_weight"}
    for _run in range(2):
        stored = dashboard_trend_record(
            counts=[], quarters=[], counted_at=COUNTED, facts=[(weighed, _agencies_as_facts())]
        )
    # Every agency's fact is alike but for its weight (the length of its name): one fact.
    assert stored["facts"] == FigureFact.objects.count() == 1
    assert FigureFact.objects.get().weight == sum(len(a.name) for a in Agency.objects.all())
    assert FigureFactsCounted.objects.get().counted_at == COUNTED
    assert FigureFactsCounted.objects.get().facts == 1
    # Told apart by another column, they stay apart.
    dashboard_trend_record(
        counts=[],
        quarters=[],
        counted_at=COUNTED,
        facts=[(weighed | {"unit": "fact_unit"}, _agencies_as_facts())],
    )
    assert FigureFact.objects.count() == Agency.objects.count()


@pytest.mark.parametrize(
    "columns",
    [
        {"figure": "fact_figure", "area": "fact_area", "weight": "fact_weight"},  # no day
        {"figure": "fact_figure", "area": "fact_area", "day": "fact_day"},  # no weight
        {
            "figure": "fact_figure",
            "area": "fact_area",
            "day": "fact_day",
            "weight": "fact_weight",
            "pk": "fact_unit",
        },
    ],
)
def test_facts_that_miss_a_column_or_name_another_are_refused(columns):
    with pytest.raises(ValidationError, match="give area, day, figure, weight and no more"):
        dashboard_trend_record(
            counts=[], quarters=[], counted_at=COUNTED, facts=[(columns, _agencies_as_facts())]
        )
    assert not FigureFact.objects.exists()
    assert not FigureFactsCounted.objects.exists()
