from django.core.management.base import BaseCommand, CommandError

from haven.accounts.models import User
from haven.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--days", type=int, default=None, help="Lifetime (default 90).")
        parser.add_argument("--name", default="Created from the command line")

    def handle(self, *args, email, days, name, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        try:
            # The operator running the command acts for the user: recorded as the user.
            _, secret = api_token_create(actor=user, user=user, name=name, days=days)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(secret)
