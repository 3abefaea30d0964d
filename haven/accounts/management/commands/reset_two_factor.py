from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import devices_for_user

from haven.accounts.models import User
from haven.audit.models import Verb
from haven.audit.services import audit_record


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (lost phone); they set up again at next log-in."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", required=True)

    @transaction.atomic
    def handle(self, *args, email, reason, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        audit_record(
            actor=None,
            verb=Verb.ACCESS_REVOKED,
            target=user,
            reason=f"Two-factor devices reset: {reason}",
            changes={"devices_removed": removed},
        )
        self.stdout.write(f"Removed {removed} device(s) for {user.email}.")
