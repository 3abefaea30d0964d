import time

from django.core.management.base import BaseCommand

from haven.core.schedule import SCHEDULE


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs (audit sealing every minute, task clocks every 5 minutes, "
        "duplicate finding and held-form expiry hourly, the audit chain anchor and the "
        "dashboards' trend daily) for the background worker. --once queues each once; --now "
        "runs each here instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Queue each job once and stop.")
        parser.add_argument(
            "--now", action="store_true", help="Run each job once in this process and stop."
        )

    def handle(self, *args, once, now, **options):
        due = {job: 0.0 for job, _ in SCHEDULE}
        while True:
            for job, every in SCHEDULE:
                if time.monotonic() < due[job]:
                    continue
                if now:
                    self.stdout.write(f"{job.name}: {job.call()}")
                else:
                    self.stdout.write(f"Queued {job.name} ({job.enqueue().id}).")
                due[job] = time.monotonic() + every
            if once or now:
                return
            time.sleep(5)
