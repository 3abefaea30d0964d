from datetime import date

import numpy as np

from haven.matching.blocking import (
    DEFAULT_RULES,
    EQUAL_SORT_KEY_CAP,
    SkeletonRanks,
    SortedBlocks,
    block_candidates,
    candidate_pairs,
    pairs_within_blocks,
)
from haven.matching.encode import encode_records
from haven.matching.records import PersonRecord
from haven.matching.tests.synthetic import true_pairs


def test_blocking_finds_most_true_pairs_with_few_candidates(population_rows, population):
    encoded, vocabularies = encode_records(population)
    left, right = candidate_pairs(encoded, vocabularies)
    found = set(zip(left.tolist(), right.tolist(), strict=True))
    truth = true_pairs(population_rows)
    recall = len(found & truth) / len(truth)
    assert recall > 0.93
    assert len(found) < 30 * len(population)
    assert np.all(left < right)


def test_large_blocks_are_windowed_not_compared_in_full():
    keys = SortedBlocks(
        keys=np.zeros(100, dtype=np.int64),
        records=np.arange(100, dtype=np.int32),
        order=np.arange(100, dtype=np.int64),
    )
    left, right = pairs_within_blocks(keys, max_block_size=10, window=3)
    assert len(left) == 3 * 97 + 2 + 1
    assert np.all(right - left <= 3)
    small_left, _ = pairs_within_blocks(keys, max_block_size=100, window=3)
    assert len(small_left) == 100 * 99 // 2


def test_lookup_candidates_match_batch_pairs(population):
    encoded, vocabularies = encode_records(population)
    ranks = SkeletonRanks.of(vocabularies)
    batch_left, batch_right = candidate_pairs(encoded, vocabularies)
    query = encode_records([population.record_at(0)], vocabularies=vocabularies, frozen=True)[0]
    found = set()
    for rule in DEFAULT_RULES:
        keys = rule.make_keys(query, ranks)
        blocks = SortedBlocks.of(rule.make_keys(encoded, ranks))
        found |= set(
            block_candidates(
                blocks,
                keys.keys,
                keys.order,
                max_block_size=rule.max_block_size,
                window=rule.window,
            ).tolist()
        )
    paired_with_first = set(batch_right[batch_left == 0].tolist())
    assert paired_with_first <= found


def test_a_lookup_reads_ties_at_its_sort_key_up_to_the_cap_and_the_window_either_side():
    # A block of 200: 40 sorting before the query, 150 exactly where it sorts (order 5), 10
    # after. The stored lookup reads the same (``live._read_windows``).
    order = np.array([1] * 40 + [5] * 150 + [9] * 10, dtype=np.int64)
    blocks = SortedBlocks(
        keys=np.zeros(200, dtype=np.int64), records=np.arange(200, dtype=np.int32), order=order
    )

    def read(cap: int) -> list[int]:
        found = block_candidates(
            blocks,
            np.zeros(1, dtype=np.int64),
            np.array([5]),
            max_block_size=10,
            window=2,
            equal_sort_key_cap=cap,
        )
        return sorted(found.tolist())

    assert read(EQUAL_SORT_KEY_CAP) == [38, 39, *range(40, 40 + EQUAL_SORT_KEY_CAP * 10), 190, 191]
    assert read(2) == [38, 39, *range(40, 60), 190, 191]
    assert read(0) == [38, 39, 190, 191]
    # Ties under the cap are all read, as the batch may pair the query with any of them.
    assert read(20) == [38, 39, *range(40, 190), 190, 191]


def paired_by(rule_name, left: PersonRecord, right: PersonRecord) -> bool:
    """Whether one blocking rule alone puts the two records in a block."""
    rule = next(rule for rule in DEFAULT_RULES if rule.name == rule_name)
    encoded, vocabularies = encode_records([left, right])
    left_index, _ = candidate_pairs(encoded, vocabularies, rules=(rule,))
    return len(left_index) == 1


def person(record_id, **fields) -> PersonRecord:
    return PersonRecord(record_id=record_id, **fields)


def test_names_swapped_and_misspelt_meet_through_a_name_and_the_other_initial():
    # No date of birth, no address: "Mhary" with a P in both records.
    left = person("a", given_name="Patwrson", family_name="Mhary")
    right = person("b", given_name="Mhary", family_name="Patesrn")
    assert paired_by("name_token_and_other_initial", left, right)
    assert not paired_by("full_name_either_order", left, right)


def test_house_number_and_street_meet_whatever_the_names_and_dates():
    left = person("a", given_name="Kyle", family_name="Novotny", address="86 Mahon Place, Rose Bay")
    right = person("b", given_name="Kyle", family_name="Bullock", address="86 mahon pl rosebay")
    assert paired_by("street_and_house_number", left, right)
    neighbour = person("c", given_name="Kyle", family_name="Bullock", address="88 Mahon Place")
    assert not paired_by("street_and_house_number", left, neighbour)


def test_date_of_birth_alone_meets_when_both_names_differ():
    left = person("a", given_name="Zachariah", family_name="Dohse", date_of_birth=date(1902, 6, 7))
    right = person("b", given_name="Teegan", family_name="Reid", date_of_birth=date(1902, 6, 7))
    assert paired_by("birth_date_as_written", left, right)


def test_a_date_with_one_part_mistyped_meets_on_the_other_two_parts_and_an_initial():
    left = person("a", given_name="Joe", family_name="Clarke", date_of_birth=date(1992, 4, 10))
    wrong_day = person(
        "b", given_name="Joeb", family_name="Cachia", date_of_birth=date(1992, 4, 20)
    )
    wrong_year = person(
        "c", given_name="Joeb", family_name="Cachia", date_of_birth=date(1929, 4, 10)
    )
    assert paired_by("birth_year_month_and_initial", left, wrong_day)
    assert not paired_by("birth_month_day_and_initial", left, wrong_day)
    assert paired_by("birth_month_day_and_initial", left, wrong_year)
    assert not paired_by("birth_year_month_and_initial", left, wrong_year)
