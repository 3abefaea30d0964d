"""Background job: held forms are removed once their user can no longer get them back."""

from django_tasks import task

from haven.drafts.services import held_forms_expire


@task()
def expire_held_forms() -> dict[str, int]:
    return {"removed": held_forms_expire()}
