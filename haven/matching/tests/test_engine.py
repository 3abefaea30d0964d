from datetime import date

import numpy as np
import pytest

from haven.matching.engine import POSSIBLE_MATCH_THRESHOLD, compare_records, deduplicate
from haven.matching.index import build_index
from haven.matching.records import Alias, PersonRecord
from haven.matching.tests.synthetic import true_pairs


def pairwise_f1(rows, labels) -> float:
    predicted = {
        (left, right)
        for left in range(len(labels))
        for right in np.flatnonzero(labels == labels[left]).tolist()
        if right > left
    }
    truth = true_pairs(rows)
    precision = len(predicted & truth) / max(len(predicted), 1)
    recall = len(predicted & truth) / len(truth)
    return 2 * precision * recall / (precision + recall)


def test_deduplicate_a_population(population_rows, population):
    result = deduplicate(population, threshold=0.9)
    assert sorted(record for cluster in result.clusters for record in cluster) == sorted(
        population.record_ids
    )
    assert pairwise_f1(population_rows, result.labels) > 0.9
    assert 0 < result.model.prior < 1e-3


def test_deduplicate_in_one_process_gives_the_same_clusters(population):
    two = deduplicate(population, processes=2)
    one = deduplicate(population, processes=1)
    assert two.clusters == one.clusters


def test_deduplicate_records_with_default_model():
    records = [
        PersonRecord("1", given_name="Robel", family_name="Mehari", date_of_birth=date(2007, 2, 3)),
        PersonRecord(
            "2", given_name="Robiel", family_name="Mehary", date_of_birth=date(2007, 2, 3)
        ),
        PersonRecord("3", given_name="Robel", family_name="Tekle", date_of_birth=date(2010, 9, 9)),
    ]
    result = deduplicate(records, threshold=0.5, train=False)
    assert sorted(result.clusters) == [("1", "2"), ("3",)]
    assert result.cluster_ids() == [1, 1, 2]


# Practitioner trial, issue 8 point 6: Halton recorded an unaccompanied boy twice, each time
# with the 1 January date of birth his age assessment gave him. The pair scored about 0.72 on
# its own, yet the hourly job left both records alone.
MUHAMMAD_ALY = PersonRecord(
    "halton-1",
    given_name="Muhammad",
    family_name="Aly",
    aliases=(Alias(given_name="Mo", recorded_by="Cheshire Constabulary"),),
    date_of_birth=date(2009, 1, 1),
    dob_assigned_by_age_assessment=True,
    gender="M",
    nationality=("SD",),
)
MOHAMED_ALI = PersonRecord(
    "police-1",
    given_name="Mohamed",
    family_name="Ali",
    date_of_birth=date(2009, 1, 1),
    dob_assigned_by_age_assessment=True,
    gender="M",
    nationality=("SD",),
)
OTHERS = [
    PersonRecord(
        "school-1", given_name="Elira", family_name="Hoxha", date_of_birth=date(2012, 3, 4)
    ),
    PersonRecord(
        "health-1", given_name="Yonas", family_name="Tesfaye", date_of_birth=date(2008, 7, 9)
    ),
    PersonRecord(
        "health-2", given_name="Ahmed", family_name="Hassan", date_of_birth=date(2009, 5, 5)
    ),
]


def test_mohamed_ali_and_muhammad_aly_with_age_assessed_dates_are_proposed_for_review():
    # Blocking always paired them; their own two names, counted as if other people had them,
    # made "Muhammad" and "Ali" look common and halved each name's weight (0.72 became 0.30).
    result = deduplicate(
        [MUHAMMAD_ALY, *OTHERS, MOHAMED_ALI], threshold=POSSIBLE_MATCH_THRESHOLD, train=False
    )
    assert ("halton-1", "police-1") in result.clusters
    pairwise = compare_records(MUHAMMAD_ALY, MOHAMED_ALI)
    assert pairwise.probability == pytest.approx(0.72, abs=0.02)


def test_the_batch_and_a_lookup_score_a_pair_alike():
    [found] = build_index([*OTHERS, MOHAMED_ALI], train=False).lookup(MUHAMMAD_ALY)
    assert found.candidate_id == "police-1"
    records = [MUHAMMAD_ALY, *OTHERS, MOHAMED_ALI]
    linked = deduplicate(records, threshold=found.probability - 0.01, train=False)
    apart = deduplicate(records, threshold=found.probability + 0.01, train=False)
    assert ("halton-1", "police-1") in linked.clusters
    assert ("halton-1", "police-1") not in apart.clusters


def test_a_name_common_among_the_other_records_still_counts_for_less():
    families = ["Hassan", "Omar", "Yusuf", "Ibrahim", "Osman"]
    namesakes = [
        PersonRecord(
            f"other-{n}",
            given_name="Mohammed",
            family_name=families[n % len(families)],
            date_of_birth=date(1990 + n % 30, 1 + n % 12, 2 + n % 27),
        )
        for n in range(200)
    ]
    pair = [MUHAMMAD_ALY, MOHAMED_ALI]
    rare = deduplicate(pair, threshold=POSSIBLE_MATCH_THRESHOLD, train=False)
    common = deduplicate([*pair, *namesakes], threshold=POSSIBLE_MATCH_THRESHOLD, train=False)
    assert ("halton-1", "police-1") in rare.clusters
    assert ("halton-1", "police-1") not in common.clusters
