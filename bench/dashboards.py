"""Benchmark the strategic dashboards (decision 0033) on PostgreSQL at a size given by flags.

Builds (or reuses) synthetic records with bulk inserts: children, a concern each (some decided
by the front door, late or on time), their cases, screenings, tasks (NRM referral, strategy
meeting, consider trafficking: due, done on time or late, open), missing episodes with return
home interviews, NRM referrals and decisions, investigations with suspects' outcomes and orders,
and chronology entries up to the number of events asked for. "Events" are every dated row
after the cases: screenings, tasks, episodes, interviews, referrals, decisions, outcomes and
chronology entries. Then renders the dashboard page and calls the API for each area, as a
strategic lead, ``--requests`` times each (after one warm-up), and prints p50 and p95.

    make pg-start   # or: scripts/pg_test_cluster.sh start (prints DATABASE_URL)
    DATABASE_URL=postgres://haven:haven@127.0.0.1:54329/haven \\
        python bench/dashboards.py --cases 30000 --events 300000 --requests 50
    ... --cases 300000 --events 3000000            # the issue's target

The data is built once, in a fresh database: a run finding at least ``--cases`` synthetic cases
reuses them. The period measured is the last complete quarter (``--periods`` names others: the
current quarter, the last 90 days); records are spread over the last two years.

    ... --figures halton,pan_cheshire --explain three_risks_considered

times each figure's query instead (uncached, serial plans) with the database's own CPU time
beside the wall time, and prints PostgreSQL's plan for the figures named: the first step before
changing how a figure is counted (decision 0035).

    ... --existing --areas halton,pan_cheshire --trend live

measures the records already in the database (``manage.py generate_scale_data`` builds the
issue's size by COPY in a fraction of this script's time) for the areas named. ``--trend
stored`` (the default) first counts and stores the past quarters (decision 0043: the daily
job, timed) so the dashboards read them; ``--trend live`` empties the store, so every quarter
is counted with the periods, as before that decision. Each request's database CPU time is
printed beside its wall time.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
os.environ.setdefault("HAVEN_ENV", "local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.verified_sessions import verified_client  # noqa: E402
from haven.accounts.models import Agency, AgencyType, Role, Team, User  # noqa: E402
from haven.actions.models import Task, TaskStatus  # noqa: E402
from haven.cases.models import (  # noqa: E402
    Case,
    ChronologyEntry,
    ChronologyKind,
    Concern,
    ConcernStatus,
)
from haven.core.areas import Area  # noqa: E402
from haven.investigations.models import (  # noqa: E402
    Investigation,
    Order,
    Outcome,
    Suspect,
    SuspectOutcome,
)
from haven.missing.models import MissingEpisode, ReturnHomeInterview  # noqa: E402
from haven.nrm.models import NrmDecision, NrmReferral  # noqa: E402
from haven.people.models import Person  # noqa: E402
from haven.reporting import dashboard  # noqa: E402
from haven.reporting.dashboard import (  # noqa: E402
    DASHBOARD_AREAS,
    last_complete_quarter,
    quarter_of,
)
from haven.screening.models import Screening, counted_columns  # noqa: E402
from haven.strategy.models import TrendQuarterCount  # noqa: E402
from haven.strategy.tasks import count_dashboard_trend  # noqa: E402

BATCH = 5000
MARK = "bench-dashboards"
TYPES = ["sexual", "labour", "criminal", "domestic_servitude", "not_specified"]
RISKS = [
    "risk.sexually_exploited",
    "risk.missing_from_home_or_care",
    "risk.unaccompanied_asylum_seeker",
    "risk.gang_or_drug_activity",
]


def _manual_timestamps():
    """Bulk inserts keep the times given: auto_now(_add) fields would overwrite them."""
    for model in (Concern, Case, Screening, Task, MissingEpisode, Person, NrmReferral):
        for field in model._meta.fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                field.auto_now_add = field.auto_now = False


def _bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])
    return rows


def _agencies():
    agencies, teams, users = {}, {}, {}
    for area in Area:
        agency, _ = Agency.objects.get_or_create(
            slug=f"{MARK}-{area.value}".replace("_", "-"),
            defaults={
                "name": f"Bench {area.label} children's social care",
                "agency_type": AgencyType.LOCAL_AUTHORITY,
                "area_code": area.value,
                "is_first_responder": True,
            },
        )
        agencies[area.value] = agency
    police, _ = Agency.objects.get_or_create(
        slug=f"{MARK}-police",
        defaults={"name": "Bench police", "agency_type": AgencyType.POLICE},
    )
    for key, agency in [*agencies.items(), ("police", police)]:
        teams[key], _ = Team.objects.get_or_create(agency=agency, name=f"Bench team {key}")
        users[key], _ = User.objects.get_or_create(
            email=f"{key}@{MARK}.test",
            defaults={"full_name": f"Bench {key}", "agency": agency, "team": teams[key]},
        )
    lead, _ = User.objects.get_or_create(
        email=f"strategic-lead@{MARK}.test",
        defaults={
            "full_name": "Bench strategic lead",
            "agency": agencies[Area.HALTON],
            "role": Role.STRATEGIC_LEAD,
        },
    )
    return agencies, teams, users, police, lead


def build(cases: int, events: int, seed: int) -> None:
    rng = random.Random(seed)
    _manual_timestamps()
    agencies, teams, users, police, _ = _agencies()
    now = timezone.now()
    areas = list(Area.values)
    started = time.perf_counter()

    people = _bulk(
        Person,
        [
            Person(
                given_name=f"Child{i}",
                family_name=MARK,
                date_of_birth=date(2008 + rng.randrange(10), 1 + rng.randrange(12), 1),
                dob_precision="exact",
                gender=rng.choice(["female", "male", "unknown"]),
                nationalities=rng.choice([["GB"], ["GB"], ["VN"], ["AL"], []]),
                recorded_by_agency=police,
                created_at=now,
                updated_at=now,
            )
            for i in range(cases)
        ],
    )
    when = [now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)) for _ in range(cases)]
    home = [rng.choice(areas) for _ in range(cases)]
    case_rows = _bulk(
        Case,
        [
            Case(
                person=people[i],
                lead_agency=agencies[home[i]],
                lead_team=teams[home[i]],
                opened_at=when[i] + timedelta(hours=20),
                created_at=when[i],
                updated_at=when[i],
            )
            for i in range(cases)
        ],
    )
    concerns = []
    for i in range(cases):
        decided = when[i] + timedelta(hours=rng.choice([2, 20, 30, 80]))
        concerns.append(
            Concern(
                person=people[i],
                raised_by=users["police"],
                raised_by_agency=police,
                description="Bench",
                occurred_at=when[i],
                home_area=home[i],
                status=ConcernStatus.ACCEPTED,
                referred_at=when[i],
                decision_due_at=when[i] + timedelta(days=1),
                decided_at=decided,
                case=case_rows[i],
                created_at=when[i],
                updated_at=decided,
            )
        )
    _bulk(Concern, concerns)
    made = 0
    screenings, tasks = [], []
    for i in range(cases):
        victim = rng.random() < 0.6
        result = {
            "outcome": "potential_victim" if victim else "trafficking_not_indicated",
            "exploitation_types": rng.sample(TYPES, 1 + (rng.random() < 0.2)),
            "risk_groups": rng.sample(RISKS, rng.randrange(3)),
            "county_lines": rng.random() < 0.1,
        }
        for trigger in ("concern_saved", "accepted_into_case"):
            screenings.append(
                Screening(
                    person=people[i],
                    concern=concerns[i] if trigger == "concern_saved" else None,
                    case=case_rows[i] if trigger != "concern_saved" else None,
                    trigger=trigger,
                    inputs={},
                    result=result,
                    outcome=result["outcome"],
                    person_status="child",
                    vocabulary_version="bench",
                    **counted_columns(result),
                    created_at=when[i] + timedelta(hours=1 if trigger == "concern_saved" else 21),
                )
            )
        for code, days in (
            ("nrm_referral", 7),
            ("strategy_meeting", 4),
            ("consider_trafficking", 7),
        ):
            due = when[i] + timedelta(days=days)
            state = rng.random()
            done = state < 0.8
            tasks.append(
                Task(
                    code=code,
                    person=people[i],
                    case=case_rows[i],
                    title=code,
                    lead="childrens_social_care",
                    team=teams[home[i]],
                    due_at=due,
                    status=TaskStatus.DONE if done else TaskStatus.OPEN,
                    completed_at=(due + timedelta(hours=rng.choice([-30, -2, 20])))
                    if done
                    else None,
                    created_at=when[i],
                    updated_at=when[i],
                )
            )
    _bulk(Screening, screenings)
    _bulk(Task, tasks)
    made += len(screenings) + len(tasks)

    episodes = []
    missing_children = rng.sample(range(cases), cases // 4)
    for i in missing_children:
        for _ in range(1 + (rng.random() < 0.3)):
            out = when[i] + timedelta(days=rng.randrange(30))
            episodes.append(
                MissingEpisode(
                    person=people[i],
                    case=case_rows[i],
                    status="returned",
                    reported_missing_at=out,
                    reported_by=users[home[i]],
                    reported_by_agency=agencies[home[i]],
                    missing_from="home",
                    looked_after=False,
                    returned_at=out + timedelta(hours=12),
                    created_at=out,
                    updated_at=out,
                )
            )
    _bulk(MissingEpisode, episodes)
    interviews = [
        ReturnHomeInterview(
            episode=episode,
            offered_at=episode.returned_at + timedelta(hours=24),
            offered_by_name="Bench",
            offered_by_organisation="Bench",
            independent_of_placement=True,
            response="accepted",
            held_at=episode.returned_at + timedelta(hours=rng.choice([30, 60, 90])),
            recorded_by=users["police"],
            recorded_at=episode.returned_at,
        )
        for episode in episodes
        if rng.random() < 0.8
    ]
    _bulk(ReturnHomeInterview, interviews)
    made += len(episodes) + len(interviews)

    referrals = _bulk(
        NrmReferral,
        [
            NrmReferral(
                case=case_rows[i],
                under_age="yes",
                state="submitted",
                submitted_on=(when[i] + timedelta(days=3)).date(),
                created_by=users[home[i]],
                created_by_agency=agencies[home[i]],
                created_at=when[i],
                updated_at=when[i],
            )
            for i in range(0, cases, 3)
        ],
    )
    decisions = _bulk(
        NrmDecision,
        [
            NrmDecision(
                referral=referral,
                decision=rng.choice(["reasonable_grounds_positive", "reasonable_grounds_negative"]),
                decided_on=referral.submitted_on + timedelta(days=rng.randrange(3, 12)),
                recorded_by=users["police"],
                recorded_at=now,
            )
            for referral in referrals
        ],
    )
    made += len(referrals) + len(decisions)

    investigations = _bulk(
        Investigation,
        [
            Investigation(
                case=case_rows[i],
                officer_in_charge="DC Bench",
                offences=["msa2015_s2"],
                victim_statement="not_given",
                opened_on=(when[i] + timedelta(days=2)).date(),
                agency=police,
                created_by=users["police"],
                created_at=when[i],
                updated_at=when[i],
            )
            for i in range(0, cases, 10)
        ],
    )
    suspects = _bulk(
        Suspect,
        [
            Suspect(investigation=inv, person=inv.case.person, added_by=users["police"])
            for inv in investigations
        ],
    )
    outcomes = _bulk(
        SuspectOutcome,
        [
            SuspectOutcome(
                suspect=suspect,
                outcome=rng.choice(list(Outcome.values)),
                decided_on=suspect.investigation.opened_on + timedelta(days=rng.randrange(200)),
                recorded_by=users["police"],
            )
            for suspect in suspects
        ],
    )
    orders = _bulk(
        Order,
        [
            Order(
                investigation=suspect.investigation,
                order_type=rng.choice(["stpo", "stro", "cawn"]),
                suspect=suspect,
                issued_on=suspect.investigation.opened_on + timedelta(days=30),
                recorded_by=users["police"],
            )
            for suspect in suspects[::3]
        ],
    )
    made += len(investigations) + len(outcomes) + len(orders)

    rest = max(0, events - made)
    for start in range(0, rest, BATCH):
        _bulk(
            ChronologyEntry,
            [
                ChronologyEntry(
                    case=case_rows[(start + k) % cases],
                    occurred_at=when[(start + k) % cases] + timedelta(hours=k % 500),
                    kind=ChronologyKind.NOTE,
                    summary="Bench entry",
                )
                for k in range(min(BATCH, rest - start))
            ],
        )
    made += rest
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {cases} cases and {made} events in {time.perf_counter() - started:.0f}s")


def _client(lead) -> Client:
    # The test client's host name, as the test settings allow it.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    return verified_client(lead, device_name="default")


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# The periods a lead may choose, as --periods names them: the last complete quarter (the page's
# default) and the current quarter (as the form offers it: to the quarter's end), both kept whole
# by the daily job (decision 0046); and the last 90 days or the last year (dates typed in,
# counted from the facts the daily job keeps, decision 0050, or live without them).
def _period(name: str) -> tuple[date, date]:
    today = timezone.localdate()
    if name == "quarter":
        quarter = last_complete_quarter(today)
        return quarter.start, quarter.end
    if name == "current":
        quarter = quarter_of(today)
        return quarter.start, quarter.end
    if name in ("days90", "days365"):
        return today - timedelta(days=int(name[4:]) - 1), today
    raise SystemExit(f"Unknown period {name!r}: choose quarter, current, days90 or days365.")


def measure(lead, requests: int, areas: list[str], *, kept_seconds: int, period: str) -> None:
    """``kept_seconds``: 0 counts every request afresh (cold); otherwise the published
    dashboard is kept that long (HAVEN_DASHBOARD_CACHE_SECONDS), as in production."""
    settings.HAVEN_DASHBOARD_CACHE_SECONDS = kept_seconds
    client = _client(lead)
    start, end = (day.isoformat() for day in _period(period))
    how = "counted on every request" if not kept_seconds else f"kept {kept_seconds}s"
    print(f"\nperiod {start} to {end}, {how}; {requests} requests each after one warm-up")
    print(f"load average {os.getloadavg()[0]:.1f}\n")
    print(
        f"{'area':<28}{'what':<6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'db cpu p50':>11}{'db cpu p95':>11}"
    )
    for area in areas:
        urls = {
            "page": f"/dashboard/?area={area}&date_from={start}&date_to={end}",
            "api": f"/api/v1/dashboard/?area={area}&from={start}&to={end}",
        }
        for what, url in urls.items():
            assert client.get(url).status_code == 200
            pid = _backend_pid()
            times, cpu = [], []
            for _ in range(requests):
                began, began_cpu = time.perf_counter(), _backend_cpu_ms(pid)
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
                cpu.append(_backend_cpu_ms(pid) - began_cpu)
                assert response.status_code == 200
            print(
                f"{area:<28}{what:<6}{statistics.median(times):>9.0f}"
                f"{_percentile(times, 0.95):>9.0f}{max(times):>9.0f}"
                f"{statistics.median(cpu):>11.0f}{_percentile(cpu, 0.95):>11.0f}"
            )
    print(f"load average {os.getloadavg()[0]:.1f}")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _backend_cpu_ms(pid: int) -> float:
    """The database backend's CPU time so far (user + system), from /proc: unlike wall time, it
    does not grow when other work shares the machine's cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def count_trend(how: str) -> None:
    """``stored``: the daily job, run now and timed; ``live``: no stored quarters at all;
    ``as-is``: whatever an earlier run stored."""
    if how == "as-is":
        print(f"trend: {TrendQuarterCount.objects.count()} quarter counts stored before")
        return
    if how == "live":
        TrendQuarterCount.objects.all().delete()
        print("trend: every quarter counted live (store emptied)")
        return
    pid = _backend_pid()
    began, began_cpu = time.perf_counter(), _backend_cpu_ms(pid)
    stored = count_dashboard_trend.call()
    print(
        f"trend: {stored['trend']} quarter counts, {stored['periods']} figures of past "
        f"quarters as periods and {stored['facts']} facts (decision 0050) stored in "
        f"{time.perf_counter() - began:.1f} s "
        f"(database CPU {(_backend_cpu_ms(pid) - began_cpu) / 1000:.1f} s), "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def per_figure(areas: list[str], explain: set[str]) -> None:
    quarter = last_complete_quarter(timezone.localdate())
    quarters = dashboard.quarters_to(quarter.end)
    with connection.cursor() as cursor:
        # Serial plans, so the backend's CPU time is all the database's work.
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    pid = _backend_pid()
    print(f"period {quarter.label}\n\n{'area':<16}{'figure':<48}{'db cpu ms':>10}{'wall ms':>9}")
    for area in areas:
        cpu = wall = 0.0
        stored, _as_at = dashboard.stored_trend(area, dashboard.MEASURES, quarters)
        for measure in dashboard.MEASURES:
            with CaptureQueriesContext(connection) as queries:
                began, began_cpu = time.perf_counter(), _backend_cpu_ms(pid)
                dashboard._compute(
                    measure,
                    dashboard.areas_of(area),
                    quarter,
                    quarters,
                    stored.get(measure.code, {}),
                )
                took_cpu = _backend_cpu_ms(pid) - began_cpu
                took = (time.perf_counter() - began) * 1000
            cpu, wall = cpu + took_cpu, wall + took
            print(f"{area:<16}{measure.code:<48}{took_cpu:>10.0f}{took:>9.0f}")
            for query in queries.captured_queries if measure.code in explain else ():
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                    print("\n".join(line for (line,) in cursor.fetchall()))
        print(f"{area:<16}{'every figure, each on its own':<48}{cpu:>10.0f}{wall:>9.0f}")
        # The figures sharing a scan as the dashboard counts them: together (decision 0043).
        shared = tuple(measure for measure in dashboard.MEASURES if measure.shares_scan)
        began, began_cpu = time.perf_counter(), _backend_cpu_ms(pid)
        dashboard._computed(shared, dashboard.areas_of(area), quarter, quarters, stored)
        took_cpu = _backend_cpu_ms(pid) - began_cpu
        took = (time.perf_counter() - began) * 1000
        print(f"{area:<16}{'the screening figures in one scan':<48}{took_cpu:>10.0f}{took:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--events", type=int, default=200000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--cold-requests", type=int, default=5, help="uncached requests per area")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--figures", default="", help="areas: time each figure's query instead")
    parser.add_argument("--explain", default="", help="with --figures: figure codes to explain")
    parser.add_argument(
        "--areas",
        default=",".join(code for code, _ in DASHBOARD_AREAS),
        help="the dashboards requested (default: every area)",
    )
    parser.add_argument(
        "--existing", action="store_true", help="measure the records already in the database"
    )
    parser.add_argument(
        "--periods",
        default="quarter",
        help="the periods requested: quarter (the last complete one), current (this quarter), "
        "days90 (the last 90 days), days365 (the last year); comma-separated",
    )
    parser.add_argument(
        "--trend",
        choices=("stored", "live", "as-is"),
        default="stored",
        help="count and store the past quarters first (decision 0043), count them live, or "
        "read what an earlier run stored",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (scripts/pg_test_cluster.sh start).")
    call_command("migrate", verbosity=0)
    if args.existing:
        # generate_scale_data's own authorities and strategic leads.
        lead = User.objects.filter(role=Role.STRATEGIC_LEAD).order_by("pk").first()
        print(f"measuring the {Case.objects.count()} cases in the database")
    else:
        _, _, _, _, lead = _agencies()
        existing = Case.objects.filter(person__family_name=MARK).count()
        if existing >= args.cases:
            print(f"reusing {existing} synthetic cases")
        elif existing:
            sys.exit(
                f"{existing} synthetic cases exist: use a fresh database to build {args.cases}."
            )
        else:
            with transaction.atomic():
                build(args.cases, args.events, args.seed)
    count_trend(args.trend)
    if args.figures:
        per_figure(args.figures.split(","), set(args.explain.split(",")))
        return
    areas = args.areas.split(",")
    for period in args.periods.split(","):
        if args.cold_requests:
            measure(lead, args.cold_requests, areas, kept_seconds=0, period=period)
        if args.requests:
            measure(lead, args.requests, areas, kept_seconds=300, period=period)


if __name__ == "__main__":
    main()
