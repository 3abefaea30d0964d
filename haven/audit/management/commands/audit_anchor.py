from django.core.management.base import BaseCommand

from haven.audit.services import audit_anchor_write


class Command(BaseCommand):
    help = (
        "Anchor the audit chain head now: append a signed line to AUDIT_ANCHOR_LOG and email "
        "it to the auditors (the daily job does the same)."
    )

    def handle(self, *args, **options):
        anchor = audit_anchor_write()
        self.stdout.write(
            self.style.SUCCESS(
                f"Anchored {anchor.rows} rows ending at event {anchor.head_event_id}:"
            )
        )
        self.stdout.write(anchor.line())
