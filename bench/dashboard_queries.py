"""Time each dashboard figure's query (decision 0035), uncached, and show PostgreSQL's plan for
the ones named: the first step before changing how a figure is counted.

Run it against a database that ``bench/dashboards.py`` filled:

    DATABASE_URL=postgres://haven:haven@127.0.0.1:54329/haven \\
        python bench/dashboard_queries.py --areas halton,pan_cheshire \\
        --explain three_risks_considered

The period is the last complete quarter, as in ``bench/dashboards.py``.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
os.environ.setdefault("HAVEN_ENV", "local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from haven.reporting import dashboard  # noqa: E402


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(line for (line,) in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--areas", default="halton,pan_cheshire")
    parser.add_argument("--codes", default="", help="figure codes (default: every figure)")
    parser.add_argument("--explain", default="", help="figure codes whose plans to print")
    args = parser.parse_args()
    period = dashboard.last_complete_quarter(timezone.localdate())
    quarters = dashboard.quarters_to(period.end)
    codes = args.codes.split(",") if args.codes else list(dashboard.CATALOGUE)
    explained = set(filter(None, args.explain.split(",")))
    for area in args.areas.split(","):
        areas = dashboard.areas_of(area)
        total = 0.0
        for code in codes:
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                dashboard._compute(dashboard.CATALOGUE[code], areas, period, quarters)
                ms = (time.perf_counter() - began) * 1000
            total += ms
            print(f"{area:<16}{code:<48}{ms:>8.0f} ms{len(queries.captured_queries):>4} queries")
            if code in explained:
                for query in queries.captured_queries:
                    print(_explain(query["sql"]))
        print(f"{area:<16}{'all figures':<48}{total:>8.0f} ms")


if __name__ == "__main__":
    main()
