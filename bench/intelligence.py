"""Intelligence benchmark (issue 14's targets), on PostgreSQL.

Builds a network of ENTITIES entities and LINKS links (default 200,000 and 1,000,000) in a
PostgreSQL database with set-based INSERT ... SELECT generate_series (no row-by-row ORM), then
times:

(a) full hotspot detection: ``haven.intelligence.hotspots.hotspots_detect_all()`` when that
    module exists; otherwise the aggregate its design rests on, one GROUP BY over the ``P``
    links from cases in the longest window, counting distinct children and authorities per
    entity (``rules.hotspot_rules()``) — target under 5 s;
(b) the incremental check when a link is recorded: ``hotspots.hotspot_check_entity(entity)``
    when it exists; otherwise one entity's linked children in the window and
    ``rules.hotspot_finding`` on them — target under 20 ms;
(c) the 2-hop network query (``network.network_for_user``) from random roots, as an analyst
    from entities and as the lead authority's practitioner from cases — target p95 under 200 ms.

Usage (a throwaway cluster; the database is migrated, then filled):

    url="$(PGTEST_PORT=54339 scripts/pg_test_cluster.sh start)"
    HAVEN_ENV=local DEBUG=0 python bench/intelligence.py --database-url "$url"
    python bench/intelligence.py --database-url "$url" --entities 20000 --links 100000
    PGTEST_PORT=54339 scripts/pg_test_cluster.sh stop

The data is built once per database: a second run with the same sizes reuses it
(``--rebuild`` starts again).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=50_000, help="cases (one child each)")
    parser.add_argument("--roots", type=int, default=200, help="random roots per measurement")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


ARGS = _arguments()
if not ARGS.database_url.startswith(("postgres://", "postgresql://")):
    sys.exit("bench/intelligence.py measures PostgreSQL: give --database-url postgres://...")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("HAVEN_ENV", "local")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from haven.accounts.models import Agency, AgencyType  # noqa: E402
from haven.accounts.roles import Role  # noqa: E402
from haven.accounts.tests.factories import UserFactory  # noqa: E402
from haven.cases.models import Case  # noqa: E402
from haven.cases.tests.factories import CaseFactory  # noqa: E402
from haven.cases.tests.world import build_world  # noqa: E402
from haven.intelligence import rules  # noqa: E402
from haven.intelligence.models import Entity, Link  # noqa: E402
from haven.intelligence.network import network_for_user  # noqa: E402

try:  # The intel-hotspots engineer's module, when it is merged.
    from haven.intelligence import hotspots
except ImportError:  # pragma: no cover - depends on the branch
    hotspots = None

ENTITY_TYPES = ("address", "vehicle", "phone", "person_of_concern", "online_account", "business")
LINK_TYPES = ("found_at", "collected_by", "contacted_by", "associate_of", "visits", "uses")


def _build(analyst) -> None:
    """Children (people and their cases, spread over the authorities), entities and links, all
    set-based. 40% of links join a case to an entity, 60% two entities; 1% go to 100 hubs;
    5% are handled C; dates over the last year."""
    started = time.perf_counter()
    template = CaseFactory(
        lead_agency=Agency.objects.get(
            area_code="warrington", agency_type=AgencyType.LOCAL_AUTHORITY
        )
    )
    authorities = list(
        Agency.objects.filter(agency_type=AgencyType.LOCAL_AUTHORITY)
        .exclude(area_code="")
        .values_list("pk", flat=True)
    )
    agencies = list(Agency.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:

        def columns(table: str) -> list[str]:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND column_name <> 'id' ORDER BY ordinal_position",
                [table],
            )
            return [row[0] for row in cursor.fetchall()]

        # Column names come from the database's own catalogue, not from input (S608).
        people = columns("people_person")
        cursor.execute(
            f"INSERT INTO people_person ({', '.join(people)}) SELECT {', '.join(people)} "  # noqa: S608
            "FROM people_person, generate_series(1, %s) WHERE id = %s",
            [ARGS.children - 1, template.person_id],
        )
        cases = [name for name in columns("cases_case") if name not in ("person_id",)]
        picked = ", ".join(
            f"(ARRAY{authorities})[1 + p.id %% {len(authorities)}]"
            if name == "lead_agency_id"
            else f"c.{name}"
            for name in cases
        )
        cursor.execute(
            f"INSERT INTO cases_case ({', '.join(cases)}, person_id) SELECT {picked}, p.id "  # noqa: S608
            "FROM cases_case c, people_person p WHERE c.id = %s AND p.id <> %s",
            [template.pk, template.person_id],
        )
        cursor.execute(
            "INSERT INTO intelligence_entity (version, created_at, updated_at, entity_type, key, "
            "name, line, postcode, registration, number, platform, description, "
            "recorded_by_id, recorded_by_agency_id) "
            "SELECT 1, now(), now(), (%s::text[])[1 + i %% %s], 'bench-' || i, 'Entity ' || i, "
            "'', '', '', '', '', '', %s, %s FROM generate_series(1, %s) i",
            [list(ENTITY_TYPES), len(ENTITY_TYPES), analyst.pk, analyst.agency_id, ARGS.entities],
        )
        cursor.execute("SELECT min(id), max(id) FROM intelligence_entity")
        first_entity, last_entity = cursor.fetchone()
        cursor.execute("SELECT min(id), max(id) FROM cases_case")
        first_case, last_case = cursor.fetchone()
        span_e, span_c = last_entity - first_entity + 1, last_case - first_case + 1
        cursor.execute(
            "INSERT INTO intelligence_link (from_case_id, from_entity_id, to_entity_id, "
            "link_type, occurred_on, source, source_reference, source_evaluation, "
            "intelligence_assessment, handling_code, handling_conditions, note, "
            "recorded_by_id, recorded_by_agency_id, recorded_at) "
            "SELECT CASE WHEN r1 < 0.4 THEN %(fc)s + floor(r2 * %(sc)s)::int END, "
            "  CASE WHEN r1 >= 0.4 THEN %(fe)s + floor(r2 * %(se)s)::int END, "
            "  CASE WHEN r3 < 0.01 THEN %(fe)s + floor(r4 * 100)::int "
            "       ELSE %(fe)s + floor(r4 * %(se)s)::int END, "
            "  (%(types)s::text[])[1 + floor(r5 * %(nt)s)::int], "
            "  current_date - floor(r6 * 365)::int, 'intelligence_report', '', "
            "  (ARRAY['1','2','3'])[1 + floor(r5 * 3)::int], "
            "  (ARRAY['A','B','C','D','E'])[1 + floor(r6 * 5)::int], "
            "  CASE WHEN r3 > 0.95 THEN 'C' ELSE 'P' END, "
            "  CASE WHEN r3 > 0.95 THEN 'Named agencies only' ELSE '' END, '', "
            "  %(user)s, (%(agencies)s::int[])[1 + floor(r2 * %(na)s)::int], now() "
            "FROM (SELECT random() r1, random() r2, random() r3, random() r4, random() r5, "
            "      random() r6 FROM generate_series(1, %(n)s)) g",
            {
                "fc": first_case,
                "sc": span_c,
                "fe": first_entity,
                "se": span_e,
                "types": list(LINK_TYPES),
                "nt": len(LINK_TYPES),
                "user": analyst.pk,
                "agencies": agencies,
                "na": len(agencies),
                "n": ARGS.links,
            },
        )
        # An entity linked to itself breaks the model's rule; the generator may make a few.
        cursor.execute("DELETE FROM intelligence_link WHERE from_entity_id = to_entity_id")
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.1f} s")


def _timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _detect_all_aggregate() -> int:
    """One GROUP BY: P links from cases in the longest window, children and areas per entity."""
    hotspot_rules = rules.hotspot_rules()
    since = timezone.localdate() - timedelta(days=hotspot_rules.longest_days)
    found = (
        Link.objects.filter(handling_code="P", from_case__isnull=False, occurred_on__gt=since)
        .values("to_entity_id")
        .annotate(
            children=Count("from_case__person_id", distinct=True),
            areas=Count("from_case__lead_agency__area_code", distinct=True),
        )
        .filter(Q(children__gte=hotspot_rules.fewest_children) | Q(areas__gt=1))
    )
    return len(list(found))


def _check_one_entity(entity_id: int) -> None:
    hotspot_rules = rules.hotspot_rules()
    today = timezone.localdate()
    since = today - timedelta(days=hotspot_rules.longest_days)
    linked = [
        rules.LinkedChild(child_id=person, area=area, case_id=case, occurred_on=on)
        for person, area, case, on in Link.objects.filter(
            to_entity_id=entity_id,
            handling_code="P",
            from_case__isnull=False,
            occurred_on__gt=since,
        ).values_list(
            "from_case__person_id",
            "from_case__lead_agency__area_code",
            "from_case_id",
            "occurred_on",
        )
    ]
    rules.hotspot_finding(linked, today=today, rules=hotspot_rules)


def main() -> None:
    random.seed(ARGS.seed)
    call_command("migrate", verbosity=0)
    if ARGS.rebuild or Link.objects.count() < ARGS.links * 0.99:
        if Link.objects.exists():
            sys.exit("the database already holds other data: use a fresh one")
        build_world()
        analyst = UserFactory(
            email="bench-analyst@police.test",
            agency=Agency.objects.filter(agency_type=AgencyType.POLICE).first(),
            role=Role.ANALYST,
        )
        _build(analyst)
    analyst = UserFactory._meta.model.objects.get(email="bench-analyst@police.test")
    entity_ids = list(Entity.objects.values_list("pk", flat=True))
    case_ids = list(Case.objects.values_list("pk", "lead_agency_id"))
    print(f"{len(entity_ids):,} entities, {Link.objects.count():,} links, {len(case_ids):,} cases")
    rows = []

    if hotspots is not None and hasattr(hotspots, "hotspots_detect_all"):
        label, runs = "full hotspot detection (hotspots_detect_all)", []
        for _ in range(3):
            runs.append(_timed(hotspots.hotspots_detect_all))
    else:
        label, runs = "full hotspot detection (aggregate query)", []
        for _ in range(3):
            runs.append(_timed(_detect_all_aggregate))
    rows.append((label, 3, *_percentiles(runs), 5000))

    sample = random.sample(entity_ids, min(ARGS.roots, len(entity_ids)))
    if hotspots is not None and hasattr(hotspots, "hotspot_check_entity"):
        label = "incremental check (hotspot_check_entity)"
        runs = [_timed(hotspots.hotspot_check_entity, Entity.objects.get(pk=pk)) for pk in sample]
    else:
        label = "incremental check (one entity's children)"
        runs = [_timed(_check_one_entity, pk) for pk in sample]
    rows.append((label, len(sample), *_percentiles(runs), 20))

    runs = [_timed(network_for_user, analyst, f"entity:{pk}", hops=2) for pk in sample]
    rows.append(("2-hop network, analyst, entity roots", len(sample), *_percentiles(runs), 200))
    practitioners = {}
    runs = []
    for pk, agency_id in random.sample(case_ids, min(ARGS.roots, len(case_ids))):
        if agency_id not in practitioners:
            practitioners[agency_id] = UserFactory._meta.model.objects.filter(
                agency_id=agency_id, role=Role.PRACTITIONER
            ).first()
        runs.append(_timed(network_for_user, practitioners[agency_id], f"case:{pk}", hops=2))
    rows.append(
        ("2-hop network, lead practitioner, case roots", len(runs), *_percentiles(runs), 200)
    )

    print(f"\n{'measurement':<48} {'runs':>5} {'p50 ms':>9} {'p95 ms':>9} {'target ms':>10}")
    for label, count, p50, p95, target in rows:
        flag = "" if p95 <= target else "  over target"
        print(f"{label:<48} {count:>5} {p50:>9.1f} {p95:>9.1f} {target:>10}{flag}")


if __name__ == "__main__":
    main()
