"""Small synthetic populations with ground truth, from the benchmark's generator."""

import csv
import io

from bench.synthetic_people import CSV_COLUMNS, generate_people
from haven.matching.csv_io import read_people_csv
from haven.matching.encode import PersonColumns


def synthetic_rows(*, size: int, seed: int) -> list[dict[str, str]]:
    return list(generate_people(size=size, dup_rate=0.3, corruption=0.5, seed=seed))


def columns_from_rows(rows: list[dict[str, str]]) -> PersonColumns:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    text.seek(0)
    return read_people_csv(text).columns


def true_pairs(rows: list[dict[str, str]]) -> set[tuple[int, int]]:
    """Positions (left < right) of every pair of rows of the same person."""
    by_entity: dict[str, list[int]] = {}
    for position, row in enumerate(rows):
        by_entity.setdefault(row["entity_id"], []).append(position)
    return {
        (left, right)
        for positions in by_entity.values()
        for index, left in enumerate(positions)
        for right in positions[index + 1 :]
    }
