from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.management.acting import acting_user, add_by_argument, command_error
from haven.accounts.models import User
from haven.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create a personal API token for a user and print it (shown only this once). --by names "
        "who asks: the user themselves, or an administrator who may manage them (their own "
        "agency's users, unless a partnership administrator). Without --by the operator acts "
        "alone, allowed only while no partnership administrator exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--days", type=int, default=None, help="Lifetime (default 90).")
        parser.add_argument("--name", default="Created from the command line")
        add_by_argument(parser)

    def handle(self, *args, email, days, name, by, **options):
        actor = acting_user(by)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        try:
            _, secret = api_token_create(actor=actor, user=user, name=name, days=days)
        except (ValidationError, PermissionDenied) as error:
            raise command_error(error) from error
        self.stdout.write(secret)
