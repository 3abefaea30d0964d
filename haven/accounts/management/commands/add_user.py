import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.management.acting import acting_user, add_by_argument, command_error
from haven.accounts.models import Agency, Role
from haven.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Add a user to an agency and team with one role, acting for the administrator named "
        "with --by and within their limits: an agency's administrator adds users only to their "
        "own agency and cannot give a partnership role; a partnership administrator may add "
        "users to any agency (that agency's administrators are told). Without --by the operator "
        "acts alone, allowed only while no partnership administrator exists (a new "
        "installation's first partnership administrator). Prints a one-time password; the user "
        "sets up two-factor authentication at first log-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument("--agency", required=True, help="Agency slug.")
        parser.add_argument("--team", default="", help="Team name within the agency.")
        parser.add_argument("--role", required=True, choices=Role.values)
        add_by_argument(parser)

    def handle(self, *args, email, full_name, agency, team, role, by, **options):
        actor = acting_user(by)
        found = Agency.objects.filter(slug=agency).first()
        if found is None:
            raise CommandError(f"No agency with slug {agency!r}.")
        found_team = found.teams.filter(name=team).first() if team else None
        if team and found_team is None:
            raise CommandError(f"{found.name} has no team named {team!r}.")
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password)
            user = user_create(
                actor=actor,
                email=email,
                password=password,
                full_name=full_name,
                agency=found,
                team=found_team,
                role=role,
            )
        except (ValidationError, PermissionDenied) as error:
            raise command_error(error) from error
        self.stdout.write(f"Added {user.email} ({role}). One-time password: {password}")
