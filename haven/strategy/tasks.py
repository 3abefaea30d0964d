"""Background job (django-tasks): the dashboards' past quarters counted once a day and stored:
the trend's (decision 0043) and those a lead may choose as the period (decision 0046); and the
facts every other period is counted from (decision 0050). Counting
is reporting's (a read, from the replica when there is one); storing is the strategy's (a write,
on the primary); this job is where the two meet."""

from django.utils import timezone
from django_tasks import task

from haven.reporting.dashboard import (
    figure_facts,
    past_quarter_counts,
    past_quarter_figures,
    quarter_code,
)
from haven.strategy.services import dashboard_trend_record


@task()
def count_dashboard_trend() -> dict[str, int]:
    counted_at = timezone.now()
    today = timezone.localdate(counted_at)
    quarters, counts = past_quarter_counts(today=today)
    periods, kept = past_quarter_figures(today=today)
    return dashboard_trend_record(
        counts=counts,
        quarters=[quarter_code(q) for q in quarters],
        counted_at=counted_at,
        kept=kept,
        periods=[quarter_code(q) for q in periods],
        facts=figure_facts(),
    )
