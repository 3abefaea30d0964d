from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from haven.accounts.management.acting import acting_user, add_by_argument, command_error
from haven.accounts.models import AgencyType, TeamFunction
from haven.accounts.services import agency_add
from haven.core.areas import Area


class Command(BaseCommand):
    help = (
        "Add a partner agency with its first team (see docs/how-to/add-agency-and-user.md). "
        "Adding agencies is partnership work: --by must name a partnership administrator, "
        "unless none exists yet (a new installation), when the operator may act alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--type", required=True, choices=AgencyType.values, dest="kind")
        parser.add_argument("--area", choices=Area.values, default="")
        parser.add_argument("--first-responder", action="store_true")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--team", required=True, help="Name of the agency's first team.")
        parser.add_argument(
            "--team-function", choices=TeamFunction.values, default=TeamFunction.GENERAL
        )
        add_by_argument(parser)

    def handle(self, *args, **o):
        actor = acting_user(o["by"])
        try:
            agency, team = agency_add(
                actor=actor,
                slug=o["slug"],
                name=o["name"],
                agency_type=o["kind"],
                area_code=o["area"],
                is_first_responder=o["first_responder"],
                email=o["email"],
                phone=o["phone"],
                team_name=o["team"],
                team_function=o["team_function"],
            )
        except (ValidationError, PermissionDenied) as error:
            raise command_error(error) from error
        self.stdout.write(f"Added {agency.name} ({agency.slug}) with team '{team.name}'.")
