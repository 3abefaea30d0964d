import time

from django.core.management.base import BaseCommand

from haven.actions.tasks import check_task_clocks


class Command(BaseCommand):
    help = (
        "Queue the task-clock check (escalating overdue tasks) for the background worker; "
        "with --every N, keep queueing it every N seconds (a minimal scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds.")
        parser.add_argument(
            "--now", action="store_true", help="Run the check in this process, not the worker."
        )

    def handle(self, *args, every, now, **options):
        while True:
            if now:
                counts = check_task_clocks.call()
                self.stdout.write(
                    f"Escalated {counts['manager']} to managers, "
                    f"{counts['head_of_service']} to heads of service."
                )
            else:
                result = check_task_clocks.enqueue()
                self.stdout.write(f"Queued clock check {result.id}.")
            if not every:
                return
            time.sleep(every)
