from datetime import date

import numpy as np

from haven.matching.engine import deduplicate
from haven.matching.records import PersonRecord
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
