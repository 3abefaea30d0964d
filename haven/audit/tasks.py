"""Background job: anchor the audit chain head outside the database, daily."""

from django_tasks import task

from haven.audit.services import audit_anchor_write


@task()
def anchor_audit_chain() -> dict[str, object]:
    anchor = audit_anchor_write()
    return {"rows": anchor.rows, "head_event_id": anchor.head_event_id}
