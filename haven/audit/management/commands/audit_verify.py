from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from haven.audit.selectors import audit_chain_verify
from haven.audit.services import audit_seal


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--anchors-until {text!r} is not an ISO 8601 date and time") from error
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class Command(BaseCommand):
    help = (
        "Seal the newest audit rows, then check every row's keyed hash, the chained rows, the "
        "seals and the anchors; report the first problem, if any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor-log",
            help="Check against this anchor log (e.g. lines kept from the anchor emails) "
            "instead of AUDIT_ANCHOR_LOG.",
        )
        parser.add_argument(
            "--anchors-until",
            type=_instant,
            help="Leave out anchors written after this time, e.g. when checking a backup "
            "taken then (ISO 8601; local time unless an offset is given).",
        )
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="Check without sealing the newest rows first (a read-only copy, a replica).",
        )

    def handle(self, *args, anchor_log=None, anchors_until=None, no_seal=False, **options):
        if not no_seal:
            audit_seal()
        report = audit_chain_verify(anchor_log=anchor_log, anchors_until=anchors_until)
        if not report.ok:
            where = (
                f"at event {report.broken_event_id}"
                if report.broken_event_id is not None
                else "in its anchors"
            )
            raise CommandError(
                f"Audit chain broken {where}: {report.problem} "
                f"({report.checked} rows verified before it)."
            )
        anchors = f"anchors in {report.anchor_log}: {report.anchors_checked} checked"
        sealed = f"{report.seals_checked} seals"
        if report.unsealed:
            sealed += f", {report.unsealed} newest rows not sealed yet"
        if report.anchors_skipped:
            anchors += (
                f", {report.anchors_skipped} left out (another chain or after --anchors-until)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.checked} rows; {sealed}; {anchors}.")
        )
