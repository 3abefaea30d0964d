import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from haven.demo.scale import SQLITE_MOST_PEOPLE, Sizes, generate, real_records_present


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic records at national size (people with aliases, "
        "concerns, cases, screenings, tasks, meetings, missing episodes, NRM referrals, "
        "investigations, intelligence links, chronology, audit rows), deterministic by --seed. "
        "PostgreSQL for anything but tiny sizes; refuses a database holding real records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1_000_000)
        parser.add_argument("--cases", type=int, default=300_000)
        parser.add_argument(
            "--events", type=int, default=3_000_000, help="dated rows on cases (chronology fills)"
        )
        parser.add_argument("--links", type=int, default=1_000_000, help="intelligence links")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--allow-real-data",
            action="store_true",
            help="Add synthetic records beside people, concerns or cases not made by this command.",
        )

    def handle(self, *args, people, cases, events, links, seed, allow_real_data, **options):
        if not settings.LOCAL:
            raise CommandError("Synthetic data is for local and benchmark databases only.")
        sizes = Sizes(people=people, cases=cases, events=events, links=links)
        if problems := sizes.problems():
            raise CommandError("; ".join(problems))
        if connection.vendor != "postgresql" and people > SQLITE_MOST_PEOPLE:
            raise CommandError(
                f"{people:,} people need PostgreSQL (COPY); {connection.vendor} takes at most "
                f"{SQLITE_MOST_PEOPLE:,}. Set DATABASE_URL to a PostgreSQL database "
                "(scripts/pg_test_cluster.sh start prints one)."
            )
        if not allow_real_data and real_records_present():
            raise CommandError(
                "This database holds people, concerns or cases not made by generate_scale_data: "
                "use an empty database, or --allow-real-data to add synthetic records beside them."
            )
        started = time.perf_counter()

        def progress(step: str) -> None:
            self.stdout.write(f"{time.perf_counter() - started:7.1f}s  {step}")

        counts = generate(sizes, seed=seed, now=timezone.now(), progress=progress)
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:<34}{count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{sum(counts.values()):,} rows in {time.perf_counter() - started:.0f}s"
            )
        )
