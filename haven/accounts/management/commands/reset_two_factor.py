from django.core.management.base import BaseCommand, CommandError

from haven.accounts.models import User
from haven.accounts.services import user_reset_two_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (lost phone); they set up again at next log-in."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", required=True)

    def handle(self, *args, email, reason, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        removed = user_reset_two_factor(actor=None, user=user, reason=reason)
        self.stdout.write(f"Removed {removed} device(s) for {user.email}.")
