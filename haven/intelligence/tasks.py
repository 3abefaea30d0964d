"""Background job (django-tasks): the full hotspot detection, alerting on what changed."""

from django_tasks import task

from haven.workflows.intelligence import hotspot_detect_and_alert


@task()
def detect_hotspots() -> int:
    changes = hotspot_detect_and_alert()
    return len(changes.new) + len(changes.grown) + len(changes.changed) + len(changes.lapsed)
