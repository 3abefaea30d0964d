from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.management.acting import acting_user, add_by_argument, command_error
from haven.accounts.models import User
from haven.accounts.services import user_reset_two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (lost phone); they set up again at next log-in. "
        "Acts for the administrator named with --by, within their limits (their own agency's "
        "users, unless a partnership administrator). Without --by the operator acts alone, "
        "allowed only while no partnership administrator exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", required=True)
        add_by_argument(parser)

    def handle(self, *args, email, reason, by, **options):
        actor = acting_user(by)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        try:
            removed = user_reset_two_factor(actor=actor, user=user, reason=reason)
        except PermissionDenied as error:
            raise command_error(error) from error
        self.stdout.write(f"Removed {removed} device(s) for {user.email}.")
