"""Background job (django-tasks): the dashboards' past quarters counted once a day and stored
(decision 0043). Counting is reporting's (a read, from the replica when there is one); storing
is the strategy's (a write, on the primary); this job is where the two meet."""

from django.utils import timezone
from django_tasks import task

from haven.reporting.dashboard import past_quarter_counts, quarter_code
from haven.strategy.services import dashboard_trend_record


@task()
def count_dashboard_trend() -> int:
    counted_at = timezone.now()
    quarters, counts = past_quarter_counts(today=timezone.localdate(counted_at))
    return dashboard_trend_record(
        counts=counts, quarters=[quarter_code(q) for q in quarters], counted_at=counted_at
    )
