"""Run the full hotspot detection now (the schedule runs it hourly), alerting on changes."""

from django.core.management.base import BaseCommand

from haven.workflows.intelligence import hotspot_detect_and_alert


class Command(BaseCommand):
    help = "Detect intelligence hotspots over every entity and alert on what changed."

    def handle(self, *args, **options):
        changes = hotspot_detect_and_alert()
        self.stdout.write(
            f"{len(changes.new)} new, {len(changes.grown)} grown, "
            f"{len(changes.changed)} changed, {len(changes.lapsed)} lapsed."
        )
