"""Count the dashboards' past quarters now and store them (the schedule does it daily)."""

from django.core.management.base import BaseCommand

from haven.strategy.tasks import count_dashboard_trend


class Command(BaseCommand):
    help = (
        "Count every dashboard figure's past quarters for each area and store them, replacing "
        "the last count: the trend's quarters (decision 0043) and the quarters a lead may "
        "choose as the period (decision 0046); and the facts of every figure that any other "
        "period is counted from (decision 0050). Safe to run at any time and more than once."
    )

    def handle(self, *args, **options):
        stored = count_dashboard_trend.call()
        self.stdout.write(
            f"{stored['trend']} trend counts, {stored['periods']} figures of past quarters "
            f"as periods and {stored['facts']} facts stored."
        )
