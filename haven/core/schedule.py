"""Periodic background jobs. django-tasks has no scheduler, so ``manage.py run_schedule``
queues each job for the worker at its interval (in production run it as a service)."""

from haven.actions.tasks import check_task_clocks
from haven.audit.tasks import anchor_audit_chain, seal_audit_trail
from haven.drafts.tasks import expire_held_forms
from haven.intelligence.tasks import detect_hotspots
from haven.investigations.tasks import check_victim_updates
from haven.matching.tasks import find_duplicates
from haven.placements.tasks import remind_escalations
from haven.strategy.tasks import count_dashboard_trend

# (job, every N seconds)
SCHEDULE = (
    (check_task_clocks, 300),
    (remind_escalations, 300),
    (find_duplicates, 3600),
    (expire_held_forms, 3600),
    (seal_audit_trail, 60),
    (anchor_audit_chain, 86400),
    (check_victim_updates, 3600),
    (detect_hotspots, 3600),
    (count_dashboard_trend, 86400),
)
