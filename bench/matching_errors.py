"""Where Haven's matcher loses accuracy on a generated population: error analysis.

Trains the model and blocks as ``deduplicate`` does, scores every candidate pair, and
prints, against the generator's truth (``entity_id``): blocking recall; true pairs missed
(never compared, or compared and scored below the threshold) and false pairs accepted,
each by their most common comparison levels; and what clustering adds (pairs joined only
through other records).

    python bench/matching_errors.py bench/out/people_200000+0_0.3_0.5_1.csv --threshold 0.9
"""

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from haven.matching.blocking import candidate_pairs  # noqa: E402
from haven.matching.cluster import cluster_pairs  # noqa: E402
from haven.matching.compare import PairScorer, TermFrequencies  # noqa: E402
from haven.matching.csv_io import read_people_csv  # noqa: E402
from haven.matching.encode import encode_records  # noqa: E402
from haven.matching.engine import MAX_CLUSTER_SIZE  # noqa: E402
from haven.matching.model import (  # noqa: E402
    COMPARISONS,
    NULL_LEVEL,
    MatchModel,
    probability_from_weight,
)
from haven.matching.train import train_model  # noqa: E402

CHUNK = 1_000_000


def _level_names(row: np.ndarray) -> str:
    return " ".join(
        f"{spec.name[:6]}={'null' if level == NULL_LEVEL else spec.levels[level]}"
        for spec, level in zip(COMPARISONS, row.tolist(), strict=True)
        if spec.name not in ("gender",)
    )


def _top_patterns(levels: np.ndarray, limit: int) -> list[tuple[str, int]]:
    counts = Counter(map(bytes, levels.astype(np.int8)))
    return [
        (_level_names(np.frombuffer(pattern, dtype=np.int8)), count)
        for pattern, count in counts.most_common(limit)
    ]


def _true_pair_keys(entities: np.ndarray, count: int) -> np.ndarray:
    order = np.argsort(entities, kind="stable")
    sorted_entities = entities[order]
    starts = np.flatnonzero(np.r_[True, sorted_entities[1:] != sorted_entities[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    keys = []
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        members = np.sort(order[start : start + size]).astype(np.int64)
        left, right = np.triu_indices(size, 1)
        keys.append(members[left] * count + members[right])
    return np.sort(np.concatenate(keys)) if keys else np.empty(0, np.int64)


def _pairs_in_clusters(labels: np.ndarray, count: int) -> np.ndarray:
    return _true_pair_keys(labels, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--patterns", type=int, default=15)
    arguments = parser.parse_args()

    with arguments.csv.open(newline="", encoding="utf-8") as handle:
        people = read_people_csv(handle)
    with arguments.csv.open(newline="", encoding="utf-8") as handle:
        truth = {row["record_id"]: row["entity_id"] for row in csv.DictReader(handle)}
    encoded, vocabularies = encode_records(people.columns)
    count = len(encoded)
    _, entities = np.unique(
        [truth[record_id] for record_id in encoded.record_ids], return_inverse=True
    )

    frequencies = TermFrequencies.of(encoded, vocabularies)
    training = PairScorer(
        model=MatchModel(),
        vocabularies=vocabularies,
        term_frequencies=frequencies,
        workers=2,
    )
    model = train_model(training, encoded, seed=0)
    scorer = PairScorer(model=model, vocabularies=vocabularies, term_frequencies=frequencies)
    print(f"prior {model.prior:.3g}")
    for spec in COMPARISONS:
        weights = model.level_weights(spec.name)
        print(
            f"  {spec.name:14}",
            " ".join(
                f"{level}={weight:+.1f}" for level, weight in zip(spec.levels, weights, strict=True)
            ),
        )

    left, right = candidate_pairs(encoded, vocabularies)
    candidate_keys = left.astype(np.int64) * count + right
    true_keys = _true_pair_keys(entities, count)
    blocked = np.isin(true_keys, candidate_keys, assume_unique=True)
    print(
        f"\n{count} records, {len(true_keys)} true pairs, {len(left)} pairs compared, "
        f"blocking recall {blocked.mean():.4f} ({(~blocked).sum()} true pairs never compared)"
    )

    levels = np.empty((len(left), len(COMPARISONS)), dtype=np.int8)
    weights = np.empty(len(left))
    for start in range(0, len(left), CHUNK):
        chunk = slice(start, start + CHUNK)
        comparison = scorer.compare(encoded, encoded, left[chunk], right[chunk])
        levels[chunk] = comparison.levels
        weights[chunk] = comparison.weights
    probability = probability_from_weight(weights)
    same = entities[left] == entities[right]
    linked = probability >= arguments.threshold
    true_positive = int((linked & same).sum())
    print(
        f"links at {arguments.threshold}: {linked.sum()} ({true_positive} true, "
        f"{(linked & ~same).sum()} false); true pairs compared but scored below: "
        f"{(~linked & same).sum()}"
    )
    print(
        f"  pairwise before clustering: precision {true_positive / max(linked.sum(), 1):.4f} "
        f"recall {true_positive / len(true_keys):.4f}"
    )

    labels = cluster_pairs(
        count,
        left,
        right,
        probability,
        threshold=arguments.threshold,
        max_cluster_size=MAX_CLUSTER_SIZE,
    )
    clustered = _pairs_in_clusters(labels, count)
    clustered_true = np.isin(clustered, true_keys, assume_unique=True)
    precision = clustered_true.mean() if len(clustered) else 1.0
    recall = clustered_true.sum() / len(true_keys)
    f1 = 2 * precision * recall / (precision + recall)
    linked_keys = candidate_keys[linked]
    through_others = ~np.isin(clustered, linked_keys, assume_unique=True)
    joined_true = int(clustered_true[through_others].sum())
    print(
        f"  after clustering: precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f}; "
        f"{through_others.sum()} pairs joined only through other records "
        f"({joined_true} true, {through_others.sum() - joined_true} false)"
    )
    sizes = np.bincount(labels, minlength=count)
    cluster_sizes = sizes[sizes > 0]
    print(f"  clusters over 5 records: {(cluster_sizes > 5).sum()}, largest {cluster_sizes.max()}")

    never = true_keys[~blocked]
    never_levels = scorer.compare(encoded, encoded, never // count, never % count).levels
    print(f"\ntrue pairs never compared, by levels (of {len(never)}):")
    for pattern, number in _top_patterns(never_levels, arguments.patterns):
        print(f"  {number:7d}  {pattern}")
    print(f"\nfalse pairs accepted, by levels (of {(linked & ~same).sum()}):")
    for pattern, number in _top_patterns(levels[linked & ~same], arguments.patterns):
        print(f"  {number:7d}  {pattern}")
    print(f"\ntrue pairs scored below {arguments.threshold}, by levels:")
    for pattern, number in _top_patterns(levels[~linked & same], arguments.patterns):
        print(f"  {number:7d}  {pattern}")
    missed = probability[~linked & same]
    print(
        "  their probabilities: "
        + ", ".join(f"<{edge}: {(missed < edge).sum()}" for edge in (0.01, 0.1, 0.5, 0.8, 0.9))
    )


if __name__ == "__main__":
    main()
