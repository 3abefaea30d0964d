"""Count the dashboards' past quarters now and store them (the schedule does it daily)."""

from django.core.management.base import BaseCommand

from haven.strategy.tasks import count_dashboard_trend


class Command(BaseCommand):
    help = (
        "Count every dashboard figure's past quarters for each area and store them, replacing "
        "the last count (decision 0043). Safe to run at any time and more than once."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{count_dashboard_trend.call()} quarter counts stored.")
