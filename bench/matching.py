"""Benchmark Haven's person matcher against Splink 5 (DuckDB) on the same synthetic data.

Each matcher runs in its own subprocess, from reading the CSV to writing one cluster id per
record, so wall time and peak memory (the child's maximum resident set size, reported by
``os.wait4``; for Haven that includes its forked scoring workers) are measured the same way
for both.  Accuracy is pairwise over records: a pair is predicted when both records share
a cluster and true when both belong to the same synthetic person.

    python bench/matching.py --size 100000 --dup-rate 0.3 --corruption 0.5 --seed 1
    python bench/matching.py --size 1000000 --skip-splink --lookup-queries 1000
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path

import duckdb
import numpy as np
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

# Run as a script (``python bench/matching.py``), the checkout is not on the path.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic_people import write_people_csv  # noqa: E402
from haven.matching.blocking import EQUAL_SORT_KEY_CAP  # noqa: E402
from haven.matching.csv_io import read_people_csv, write_clusters_csv  # noqa: E402
from haven.matching.engine import deduplicate  # noqa: E402
from haven.matching.index import build_index  # noqa: E402

OUT = ROOT / "bench" / "out"


@dataclass
class RunResult:
    wall_seconds: float
    peak_memory_mb: float
    details: dict
    cpu_seconds: float


def _pairs(labels: np.ndarray) -> int:
    counts = np.bincount(labels)
    return int((counts * (counts - 1) // 2).sum())


def pairwise_accuracy(truth: list[str], predicted: list[str]) -> dict[str, float]:
    """Precision, recall and F1 over pairs of records, and the pair counts behind them."""
    _, true_labels = np.unique(np.array(truth), return_inverse=True)
    _, predicted_labels = np.unique(np.array(predicted), return_inverse=True)
    _, both = np.unique(
        true_labels.astype(np.int64) * (len(truth) + 1) + predicted_labels, return_inverse=True
    )
    true_positive = _pairs(both)
    predicted_pairs = _pairs(predicted_labels)
    true_pairs = _pairs(true_labels)
    precision = true_positive / predicted_pairs if predicted_pairs else 1.0
    recall = true_positive / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
    }


def _read_column(path: Path, column: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["record_id"]: row[column] for row in csv.DictReader(handle)}


def run_child(name: str, arguments: list[str]) -> RunResult:
    """Run one matcher in a child process; its peak RSS comes from wait4's rusage.

    The CPU time is the child's user + system time, which on Linux includes the scoring
    workers it forked and reaped; with the load average it tells a slow run on a busy
    (shared) machine from a slow matcher.
    """
    command = [sys.executable, str(Path(__file__).resolve()), *arguments]
    print("$", " ".join(command), f"(load average {os.getloadavg()[0]:.2f})", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{name} failed with exit code {process.returncode}")
    details = json.loads(output.strip().splitlines()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    print(
        f"{name}: wall {wall:.1f} s, CPU {cpu:.1f} s (user+sys, workers included), "
        f"load average {os.getloadavg()[0]:.2f} at the end",
        flush=True,
    )
    return RunResult(wall, usage.ru_maxrss / 1024, details, cpu)


# Haven -------------------------------------------------------------------------------


def run_haven(csv_path: Path, clusters_path: Path, threshold: float) -> None:
    started = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as handle:
        people = read_people_csv(handle)
    read_seconds = time.perf_counter() - started
    result = deduplicate(people.columns, threshold=threshold)
    with clusters_path.open("w", newline="", encoding="utf-8") as handle:
        write_clusters_csv(handle, zip(result.record_ids, result.cluster_ids(), strict=True))
    details = {
        "read_seconds": round(read_seconds, 2),
        **{key: round(value, 2) for key, value in result.timings.items()},
        "candidate_pairs": result.candidate_pairs,
        "linked_pairs": result.linked_pairs,
        "prior": result.model.prior,
        "cpu_seconds": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime, 1),
    }
    print(json.dumps(details))


def run_lookups(csv_path: Path, index_size: int, queries: int, caps: list[int]) -> None:
    """Index the first ``index_size`` records; look up the next ``queries`` records once for
    each of ``caps`` (how many ties at the query's sort key a large block gives, in multiples
    of the rule's largest block: ``blocking.EQUAL_SORT_KEY_CAP``), on the same index."""
    with csv_path.open(newline="", encoding="utf-8") as handle:
        people = read_people_csv(handle)
    columns = people.columns
    truth = _read_column(csv_path, "entity_id")
    indexed = replace(
        columns,
        **{
            field.name: getattr(columns, field.name)[:index_size]
            for field in fields(columns)
            if getattr(columns, field.name) is not None
        },
    )
    index = build_index(indexed)
    entities_in_index: dict[str, int] = {}
    for record_id in indexed.record_ids:
        entities_in_index[truth[record_id]] = entities_in_index.get(truth[record_id], 0) + 1
    positions = range(index_size, min(index_size + queries, len(columns)))
    expected = sum(
        entities_in_index.get(truth[columns.record_at(position).record_id], 0)
        for position in positions
    )
    by_cap = []
    for cap in caps:
        durations, found = [], 0
        for position in positions:
            query = columns.record_at(position)
            started = time.perf_counter()
            results = index.lookup(query, equal_sort_key_cap=cap)
            durations.append(time.perf_counter() - started)
            entity = truth[query.record_id]
            found += sum(truth[result.candidate_id] == entity for result in results)
        milliseconds = np.array(durations) * 1000
        by_cap.append(
            {
                "equal_sort_key_cap": cap,
                "p50_ms": round(float(np.percentile(milliseconds, 50)), 2),
                "p95_ms": round(float(np.percentile(milliseconds, 95)), 2),
                "p99_ms": round(float(np.percentile(milliseconds, 99)), 2),
                "true_matches_returned": found,
            }
        )
    print(
        json.dumps(
            {
                "index_records": len(index),
                "build_seconds": round(index.build_seconds, 1),
                "queries": len(positions),
                "true_matches_in_index": expected,
                "by_cap": by_cap,
            }
        )
    )


# Splink ------------------------------------------------------------------------------

SPLINK_CLEANING_SQL = """
create table people as
with raw as (
    select * from read_csv('{csv_path}', header = true, all_varchar = true)
),
cleaned as (
    select
        record_id as unique_id,
        nullif(trim(regexp_replace(lower(strip_accents(given_name)), '[^a-z ]', '', 'g')), '')
            as given_name,
        nullif(trim(regexp_replace(lower(strip_accents(family_name)), '[^a-z ]', '', 'g')), '')
            as family_name,
        try_cast(date_of_birth as date) as dob,
        nullif(upper(trim(gender)), '') as gender,
        nullif(upper(trim(nationality)), '') as nationality,
        nullif(upper(trim(postcode)), '') as postcode,
        nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') as phone_digits,
        nullif(trim(identifier), '') as identifier
    from raw
)
select
    * exclude (phone_digits),
    case when phone_digits like '44%' then '0' || substr(phone_digits, 3) else phone_digits end
        as phone,
    cast(year(dob) as varchar) as birth_year
from cleaned
"""


def run_splink(csv_path: Path, clusters_path: Path, threshold: float) -> None:
    started = time.perf_counter()
    connection = duckdb.connect()
    # DuckDB spills to disk under the working directory by default; keep it with the outputs.
    spill = clusters_path.parent / "duckdb-spill"
    connection.execute(f"SET temp_directory = '{spill}'")
    connection.execute(SPLINK_CLEANING_SQL.format(csv_path=csv_path))
    database = DuckDBAPI(connection)
    people = database.register("people")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("identifier"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "dob"),
            block_on("family_name", "dob"),
            block_on("given_name", "family_name"),
            "l.given_name = r.family_name and l.family_name = r.given_name",
            block_on("family_name", "birth_year", "substr(given_name, 1, 1)"),
            block_on("phone"),
            block_on("identifier"),
            block_on("postcode", "substr(given_name, 1, 1)"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(people, settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    clusters.as_duckdbpyrelation().select("unique_id as record_id, cluster_id").write_csv(
        str(clusters_path)
    )
    pair_count = predictions.as_duckdbpyrelation().count("*").fetchall()[0][0]
    print(
        json.dumps({"linked_pairs": pair_count, "seconds": round(time.perf_counter() - started, 2)})
    )


# Harness -----------------------------------------------------------------------------


def _accuracy(csv_path: Path, clusters_path: Path) -> dict[str, float]:
    truth = _read_column(csv_path, "entity_id")
    clusters = _read_column(clusters_path, "cluster_id")
    record_ids = list(truth)
    missing = [record_id for record_id in record_ids if record_id not in clusters]
    if missing:
        raise SystemExit(f"{clusters_path} has no cluster for {len(missing)} records")
    return pairwise_accuracy(
        [truth[record_id] for record_id in record_ids],
        [clusters[record_id] for record_id in record_ids],
    )


def _table(rows: list[tuple[str, dict]]) -> str:
    header = (
        f"{'matcher':8} {'precision':>9} {'recall':>7} {'F1':>7} "
        f"{'wall s':>8} {'peak MB':>8} {'pairs predicted':>15}"
    )
    lines = [header, "-" * len(header)]
    for name, row in rows:
        lines.append(
            f"{name:8} {row['precision']:9.4f} {row['recall']:7.4f} {row['f1']:7.4f} "
            f"{row['wall']:8.1f} {row['memory']:8.0f} {row['predicted_pairs']:15d}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--dup-rate", type=float, default=0.3)
    parser.add_argument("--corruption", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--skip-haven", action="store_true")
    parser.add_argument(
        "--lookup-queries", type=int, default=0, help="also time this many single lookups"
    )
    parser.add_argument(
        "--equal-sort-key-caps",
        default=str(EQUAL_SORT_KEY_CAP),
        help="lookups once for each of these caps on ties in a large block (comma-separated)",
    )
    parser.add_argument("--run", choices=("haven", "splink", "lookups"), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--clusters", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index-size", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.run == "haven":
        run_haven(arguments.csv, arguments.clusters, arguments.threshold)
        return
    if arguments.run == "splink":
        run_splink(arguments.csv, arguments.clusters, arguments.threshold)
        return
    if arguments.run == "lookups":
        caps = [int(cap) for cap in arguments.equal_sort_key_caps.split(",")]
        run_lookups(arguments.csv, arguments.index_size, arguments.lookup_queries, caps)
        return

    OUT.mkdir(parents=True, exist_ok=True)
    # The population is generated with the lookup queries included (the generator's output
    # depends on its size), so the names record both; the matchers see the first --size rows.
    stem = (
        f"people_{arguments.size}+{arguments.lookup_queries}_{arguments.dup_rate}_"
        f"{arguments.corruption}_{arguments.seed}"
    )
    total = arguments.size + arguments.lookup_queries
    data_path = OUT / f"{stem}.csv"
    csv_path = OUT / f"{stem}_first_{arguments.size}.csv"
    if not data_path.exists():
        print(f"generating {total} records -> {data_path}", flush=True)
        write_people_csv(
            data_path,
            size=total,
            dup_rate=arguments.dup_rate,
            corruption=arguments.corruption,
            seed=arguments.seed,
        )
    if not csv_path.exists():
        with data_path.open(encoding="utf-8") as source, csv_path.open("w") as target:
            for number, line in enumerate(source):
                if number > arguments.size:
                    break
                target.write(line)

    rows = []
    common = ["--csv", str(csv_path), "--threshold", str(arguments.threshold)]
    for name, skip in (("haven", arguments.skip_haven), ("splink", arguments.skip_splink)):
        if skip:
            continue
        clusters_path = OUT / f"{stem}_{name}_clusters.csv"
        result = run_child(name, ["--run", name, *common, "--clusters", str(clusters_path)])
        accuracy = _accuracy(csv_path, clusters_path)
        print(f"{name}: {json.dumps(result.details)}", flush=True)
        rows.append(
            (name, {**accuracy, "wall": result.wall_seconds, "memory": result.peak_memory_mb})
        )

    print(
        f"\n{arguments.size} records, dup rate {arguments.dup_rate}, corruption "
        f"{arguments.corruption}, seed {arguments.seed}, threshold {arguments.threshold}"
    )
    print(_table(rows))
    if len(rows) == 2:
        haven, splink = rows[0][1], rows[1][1]
        print(
            f"haven/splink: F1 {haven['f1'] / splink['f1']:.3f}x, "
            f"wall time {haven['wall'] / splink['wall']:.2f}x, "
            f"peak memory {haven['memory'] / splink['memory']:.2f}x"
        )

    if arguments.lookup_queries:
        lookups = run_child(
            "lookups",
            [
                "--run",
                "lookups",
                "--csv",
                str(data_path),
                "--index-size",
                str(arguments.size),
                "--lookup-queries",
                str(arguments.lookup_queries),
                "--equal-sort-key-caps",
                arguments.equal_sort_key_caps,
            ],
        )
        details = lookups.details
        print(
            f"\nlookup: index of {details['index_records']} records built in "
            f"{details['build_seconds']} s (peak {lookups.peak_memory_mb:.0f} MB); "
            f"{details['queries']} lookups of records with {details['true_matches_in_index']} "
            "true matches in the index"
        )
        for run in details["by_cap"]:
            print(
                f"  ties read up to {run['equal_sort_key_cap']} x the largest block: "
                f"p50 {run['p50_ms']} ms, p95 {run['p95_ms']} ms, p99 {run['p99_ms']} ms; "
                f"returned {run['true_matches_returned']} of {details['true_matches_in_index']}"
            )


if __name__ == "__main__":
    main()
