"""Rebuild every row derived from people (matching's keys and records, the search text)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from haven.people.models import Person
from haven.people.signals import derived_rows_refresh


class Command(BaseCommand):
    help = (
        "Rebuild every row derived from people's records (matching's name and blocking keys, "
        "name parts and stored records; the people search's text) for everyone, a batch of "
        "people per transaction. Each follower keeps its rows current with every change; run "
        "this after records were changed outside Haven (a bulk load in SQL, a partial restore) "
        "or after a release changes how rows are derived. Safe to run at any time and more "
        "than once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=2_000, help="People per transaction (default 2000)."
        )

    def handle(self, *args, batch: int, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        ids = list(Person._base_manager.order_by("pk").values_list("pk", flat=True))
        followers: list[str] = []
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                followers = derived_rows_refresh(ids[start : start + batch])
        self.stdout.write(
            f"Rows derived from {len(ids)} people rebuilt by: {', '.join(followers) or 'none'}."
        )
