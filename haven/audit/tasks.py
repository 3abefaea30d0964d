"""Background jobs: seal the newest audit rows every minute, anchor the newest seal daily."""

from django_tasks import task

from haven.audit.services import audit_anchor_write, audit_seal


@task()
def anchor_audit_chain() -> dict[str, object]:
    anchor = audit_anchor_write()
    return {"rows": anchor.rows, "head_event_id": anchor.head_event_id}


@task()
def seal_audit_trail() -> dict[str, object]:
    return {"sealed": audit_seal()}
