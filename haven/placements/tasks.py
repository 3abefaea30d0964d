"""Background jobs (django-tasks): reminding senior officers of unacknowledged escalations."""

from django_tasks import task

from haven.placements.services import escalations_remind


@task()
def remind_escalations() -> int:
    return escalations_remind()
