"""Background jobs (django-tasks): the clock check that escalates overdue tasks."""

from django_tasks import task

from haven.actions.services import escalate_overdue_tasks


@task()
def check_task_clocks() -> dict[str, int]:
    return escalate_overdue_tasks()
