"""Background job (django-tasks): overdue updates to victims become tasks."""

from django_tasks import task

from haven.workflows.investigations import victim_updates_overdue


@task()
def check_victim_updates() -> int:
    return victim_updates_overdue()
