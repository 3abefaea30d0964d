"""Live matching at scale (issue 16 point 3, decision 0042): person search and possible matches
looked up while another process adds people, on a database filled by ``generate_scale_data``.

Prints p50/p95/max per lookup (person search as a whole, its spelling-variant part alone, and
possible matches), the time to add a person with an alias and what the name keys cost of it,
each process's peak memory, the reader's CPU time beside its wall time, and the load average
(the machine is shared).

    url="$(PGTEST_PORT=54361 scripts/pg_test_cluster.sh start)"
    DATABASE_URL="$url" python manage.py generate_scale_data --people 200000 --cases 2000 \\
        --events 20000 --links 2000
    DATABASE_URL="$url" python bench/match_index.py --queries 200 --lookups 20

Run from a checkout's root: the Haven it imports is the one of the current directory, so the
same script measures another branch (``cd ../main && python ../wt/bench/match_index.py``).
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
os.environ.setdefault("HAVEN_ENV", "local")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from haven.accounts.models import AgencyType, Role, User  # noqa: E402
from haven.demo.scale import EMAIL_DOMAIN, ORIGINS  # noqa: E402
from haven.matching.live import Query  # noqa: E402
from haven.matching.selectors import (  # noqa: E402
    name_variant_person_ids,
    person_search,
    possible_matches_for_user,
)
from haven.people.models import Person  # noqa: E402
from haven.people.services import person_create  # noqa: E402

# The benchmark searches far more often than a person may (the limit guards against probing).
settings.HAVEN_SEARCH_LIMIT = 10**9


def _user() -> User:
    return (
        User.objects.filter(
            email__endswith=f"@{EMAIL_DOMAIN}",
            role=Role.PRACTITIONER,
            agency__agency_type=AgencyType.LOCAL_AUTHORITY,
        )
        .order_by("pk")
        .first()
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _summary(times: list[float]) -> dict:
    ms = sorted(t * 1000 for t in times)
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": ms[min(len(ms) - 1, int(len(ms) * 0.95))],
        "max": ms[-1],
    }


def _print_row(label: str, row: dict) -> None:
    if row["n"]:
        print(
            f"{label:<32}{row['n']:>5}{row['p50']:>10.1f}{row['p95']:>10.1f}{row['max']:>10.1f}",
            flush=True,
        )


def writer(stop: Path, out: Path, seed: int) -> None:
    """Adds a person with an alias in a loop until ``stop`` exists, as a practitioner would."""
    rng = random.Random(seed)
    actor = _user()
    origins = list(ORIGINS.values())
    added, keys = [], []
    try:
        from haven.matching.name_keys import keys_refresh  # noqa: PLC0415
    except ImportError:  # a branch before stored blocking keys (decision 0045)
        try:
            from haven.matching.name_keys import name_keys_refresh as keys_refresh  # noqa: PLC0415
        except ImportError:  # a branch without name keys
            keys_refresh = None
    while not stop.exists():
        given, family, _, _ = rng.choice(origins)
        names = [rng.choice(given.split()), rng.choice(family.split())]
        started = time.perf_counter()
        with transaction.atomic():
            person = person_create(
                actor=actor,
                given_name=names[0],
                family_name=names[1],
                date_of_birth=date(2010, 1, 1) + timedelta(days=rng.randrange(3000)),
                aliases=[{"given_name": rng.choice(given.split()), "family_name": names[1]}],
            )
        added.append(time.perf_counter() - started)
        if keys_refresh is not None:
            # What the derived keys cost of that: rebuilding this person's (a no-op change).
            started = time.perf_counter()
            with transaction.atomic():
                keys_refresh([person.pk])
            keys.append(time.perf_counter() - started)
        time.sleep(0.05)
    out.write_text(
        json.dumps({"add": _summary(added), "keys": _summary(keys), "peak_mb": _peak_mb()})
    )


def reader(args) -> dict:
    rng = random.Random(args.seed)
    user = _user()
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = []
    while len(sample) < args.queries:
        person = Person.objects.filter(pk__gte=rng.randrange(highest)).order_by("pk").first()
        if person and person.given_name and person.family_name:
            sample.append(person)
    results: dict[str, list[float]] = {"search": [], "variants": [], "possible": []}
    cpu = time.process_time()
    wall = time.perf_counter()
    for person in sample:
        query = f"{person.given_name} {person.family_name}"
        started = time.perf_counter()
        name_variant_person_ids(query)
        results["variants"].append(time.perf_counter() - started)
        started = time.perf_counter()
        person_search(user=user, query=query)
        results["search"].append(time.perf_counter() - started)
    search_rss = _rss_mb()
    # Printed now: the possible-matches lookups that follow may take minutes each (a rebuild).
    _print_row("person search (whole)", _summary(results["search"]))
    _print_row("  its spelling variants", _summary(results["variants"]))
    print(f"reader: {search_rss:.0f} MB after the searches", flush=True)
    for person in sample[: args.lookups]:
        query = Query(
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
        )
        started = time.perf_counter()
        possible_matches_for_user(user=user, query=query)
        results["possible"].append(time.perf_counter() - started)
        print(f"possible matches: {results['possible'][-1] * 1000:.0f} ms", flush=True)
    return {
        "lookups": {name: _summary(times) for name, times in results.items()},
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "rss_after_search_mb": search_rss,
        "peak_mb": _peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200, help="person searches")
    parser.add_argument("--lookups", type=int, default=20, help="possible-matches lookups")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-writer", action="store_true", help="nobody adds people meanwhile")
    parser.add_argument("--writer", nargs=2, metavar=("STOP", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer:
        writer(Path(args.writer[0]), Path(args.writer[1]), args.seed)
        return
    people = Person.objects.count()
    with tempfile.TemporaryDirectory() as folder:
        stop, out = Path(folder, "stop"), Path(folder, "out.json")
        adder = None
        if not args.no_writer:
            command = [sys.executable, __file__, "--writer", str(stop), str(out)]
            adder = subprocess.Popen(command)
            time.sleep(3)  # the writer's Django set-up
        load_before = os.getloadavg()
        read = reader(args)
        load_after = os.getloadavg()
        stop.touch()
        written = {}
        if adder is not None:
            adder.wait(timeout=120)
            written = json.loads(out.read_text())
    added = Person.objects.count() - people
    print(f"\npeople at the start: {people:,}; added meanwhile: {added:,}")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} (1 min)")
    print(f"reader: wall {read['wall_s']:.1f} s, CPU {read['cpu_s']:.1f} s")
    print(f"{'lookup':<32}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    rows = {
        "person search (whole)": read["lookups"]["search"],
        "  its spelling variants": read["lookups"]["variants"],
        "possible matches": read["lookups"]["possible"],
        "writer: add a person + alias": written.get("add", {"n": 0}),
        "writer: of which name keys": written.get("keys", {"n": 0}),
    }
    for label, row in rows.items():
        if row["n"]:
            print(
                f"{label:<32}{row['n']:>5}{row['p50']:>10.1f}{row['p95']:>10.1f}{row['max']:>10.1f}"
            )
    print(
        f"memory: reader {read['rss_after_search_mb']:.0f} MB after the searches, "
        f"peak {read['peak_mb']:.0f} MB; writer peak {written.get('peak_mb', 0):.0f} MB"
    )


if __name__ == "__main__":
    main()
