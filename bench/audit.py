"""Benchmark the cost of auditing (issue 16 point 4; decision 0038) on PostgreSQL.

Threads read case pages as a practitioner would, each read in its own transaction: the case
through the access door (audited as a view) and its chronology (audited again), so two audit
rows per read, as on the case page. The same load runs with auditing on and then off (the
selectors' ``audit_record`` replaced by a no-op), for ``--seconds`` each, and the script prints
throughput, p50 and p95 for both and what auditing costs. With auditing on, the sealer runs
every second in its own thread (every minute in production), when the code has one.

    url="$(PGTEST_PORT=54345 scripts/pg_test_cluster.sh start)"
    DATABASE_URL=$url nice python bench/audit.py --threads 8 --seconds 20

``HAVEN_ROOT`` runs it against another checkout (e.g. the code before decision 0038), in a
database of its own: the first run migrates the database and builds a small world of cases.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(os.environ.get("HAVEN_ROOT", Path(__file__).resolve().parent.parent))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
os.environ.setdefault("HAVEN_ENV", "local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from haven.audit import services as audit_services  # noqa: E402
from haven.audit.models import AuditEvent  # noqa: E402
from haven.cases import selectors as case_selectors  # noqa: E402
from haven.cases.models import Case  # noqa: E402
from haven.cases.tests.world import build_world, open_case  # noqa: E402


def world_cases(count: int):
    """(a lead practitioner, the case ids of their agency): built once, then reused."""
    if not Case.objects.exists():
        world = build_world()
        for _ in range(count):
            open_case(world)
    case = Case.objects.select_related("lead_practitioner").order_by("pk").first()
    ids = list(Case.objects.filter(lead_agency=case.lead_agency).values_list("pk", flat=True))
    return case.lead_practitioner, ids


def read_case_page(user, case_id: int) -> None:
    with transaction.atomic():
        view = case_selectors.case_get_for_user(user=user, case_id=case_id)
        list(case_selectors.chronology_for_user(user=user, view=view)[:50])


def run(user, case_ids: list[int], *, threads: int, seconds: float, seal: bool) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def reader(offset: int) -> None:
        mine, i = [], offset
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    read_case_page(user, case_ids[i % len(case_ids)])
                except Exception as error:
                    errors.append(repr(error))
                mine.append(time.perf_counter() - started)
                i += 1
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    def sealer() -> None:
        try:
            while time.monotonic() < stop:
                audit_services.audit_seal()
                time.sleep(1)
        finally:
            connection.close()

    workers = [threading.Thread(target=reader, args=(n,)) for n in range(threads)]
    if seal and hasattr(audit_services, "audit_seal"):
        workers.append(threading.Thread(target=sealer))
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "reads": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--cases", type=int, default=40)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/audit.py measures PostgreSQL: set DATABASE_URL to a PostgreSQL database.")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the world's emails
    call_command("migrate", verbosity=0)
    user, case_ids = world_cases(args.cases)
    read_case_page(user, case_ids[0])  # warm-up
    audited = run(user, case_ids, threads=args.threads, seconds=args.seconds, seal=True)
    real = case_selectors.audit_record
    case_selectors.audit_record = lambda **kwargs: None
    try:
        plain = run(user, case_ids, threads=args.threads, seconds=args.seconds, seal=False)
    finally:
        case_selectors.audit_record = real
    print(f"code: {ROOT}  threads: {args.threads}  seconds each: {args.seconds}")
    print(f"load: {os.getloadavg()[0]:.2f} (1 min average at the end)")
    print("| auditing | reads | reads/s | p50 ms | p95 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, result in (("on", audited), ("off", plain)):
        print(
            f"| {name} | {result['reads']} | {result['per_second']:.1f} | "
            f"{result['p50_ms']:.1f} | {result['p95_ms']:.1f} | {result['errors']} |"
        )
    cost = 1 - audited["per_second"] / plain["per_second"]
    print(f"auditing costs {cost:.1%} of throughput; {AuditEvent.objects.count()} audit rows")
    for result in (audited, plain):
        if result["first_error"]:
            print("first error:", result["first_error"])


if __name__ == "__main__":
    main()
