"""Background jobs (django-tasks) for matching."""

from django_tasks import task

from haven.matching.services import duplicates_find


@task()
def find_duplicates() -> dict[str, int]:
    return duplicates_find()
