"""The CTDC-style anonymised dataset (decision 0031): its records read from cases' screenings,
its CSV k-anonymous for k = 11 and larger, and its report with small counts as "c"."""

import csv
import io
import random
from collections import Counter

import pytest
from django.utils import timezone

from haven.cases.tests.world import open_case
from haven.reporting.anonymity import VictimRecord, anonymise
from haven.reporting.ctdc import (
    HEADERS,
    AnonymisedDataset,
    anonymised_dataset,
    dataset_csv,
    victim_records,
)
from haven.reporting.disclosure import Symbol


def _crowd(n: int, seed: int) -> list[VictimRecord]:
    """Varied records, as a partnership's would be: mostly teenagers, mostly British."""
    rng = random.Random(seed)
    return [
        VictimRecord(
            age=rng.choice([None, *range(8, 18), 19, 25]),
            gender=rng.choice(["Female", "Male", "Male", "Other", ""]),
            citizenship=rng.choice(["GB", "GB", "GB", "VN", "AL", "ER", None]),
            exploitation_types=frozenset(
                rng.sample(
                    ["sexual", "criminal", "labour", "domestic_servitude"], rng.randint(0, 2)
                )
            ),
            means_of_control=frozenset(
                rng.sample(["threat", "coercion", "deception", "force"], rng.randint(0, 2))
            ),
            year_of_registration=rng.choice([2021, 2022, 2023, 2024, 2025]),
        )
        for _ in range(n)
    ]


def _parsed(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [tuple(row) for row in reader]


@pytest.mark.parametrize("k", [11, 15, 20])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_combination_in_the_csv_occurs_fewer_than_k_times(k, seed):
    rows, report = anonymise(_crowd(400, seed), k=k)

    header, lines = _parsed(dataset_csv(rows))

    assert header == list(HEADERS.values())
    assert len(lines) == report.rows_out == len(rows)
    assert lines, "the crowd is large enough to publish something"
    assert min(Counter(lines).values()) >= k


def test_the_header_is_ctdcs():
    header, lines = _parsed(dataset_csv([]))
    assert header == [
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "citizenship",
        "typeOfExploitConcatenated",
        "meansOfControlConcatenated",
    ]
    assert lines == []


def _dataset(suppressed: int, rows_in: int) -> AnonymisedDataset:
    _, report = anonymise([], k=11)
    report = type(report)(
        k=11,
        rows_in=rows_in,
        rows_out=rows_in - suppressed,
        suppressed=suppressed,
        levels=dict.fromkeys(report.levels, 0),
    )
    return AnonymisedDataset(rows=[], report=report)


@pytest.mark.parametrize(
    ("suppressed", "rows_in", "shown_suppressed", "shown_in"),
    [
        (0, 40, 0, 40),
        (3, 40, Symbol.CONFIDENTIAL, Symbol.CONFIDENTIAL),
        (5, 16, Symbol.CONFIDENTIAL, Symbol.CONFIDENTIAL),
        (6, 40, 6, 40),
    ],
)
def test_the_report_hides_1_to_5_left_out_and_the_total_that_would_give_it_away(
    suppressed, rows_in, shown_suppressed, shown_in
):
    report = _dataset(suppressed, rows_in).published_report
    assert report.suppressed == shown_suppressed
    assert report.potential_victims == shown_in
    # The rows published are in the CSV anyway.
    assert report.published == rows_in - suppressed


@pytest.mark.django_db
def test_records_come_from_each_potential_victims_case(world):
    # The default concern finds a potential victim: transport by an adult (an act) and sexual
    # activity with adults (a purpose).
    case = open_case(world, nationalities=["VN", "GB"], gender="male")
    open_case(
        world,
        area="halton",
        given_name="Tomas",
        date_of_birth=None,
        dob_precision="unknown",
        nationalities=[],
    )

    records = sorted(victim_records(), key=lambda r: r.citizenship or "")

    registered = timezone.localdate(case.opened_at)
    assert len(records) == 2
    unknown, known = records
    assert known == VictimRecord(
        age=14,
        gender="Male",
        citizenship="VN",
        exploitation_types=frozenset({"sexual"}),
        means_of_control=frozenset(),
        year_of_registration=registered.year,
    )
    assert unknown.age is None and unknown.citizenship is None
    assert unknown.gender == "Female"


@pytest.mark.django_db
def test_the_dataset_of_few_cases_publishes_nothing_and_says_so(world):
    for name in ("Ana", "Ben", "Cai"):
        open_case(world, given_name=name)

    dataset = anonymised_dataset(k=11)

    assert dataset.rows == []
    report = dataset.published_report
    assert (report.published, report.suppressed, report.potential_victims) == (
        0,
        Symbol.CONFIDENTIAL,
        Symbol.CONFIDENTIAL,
    )
