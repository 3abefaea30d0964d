from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.models import AgencyType, Area, TeamFunction
from haven.accounts.services import agency_create, team_create


class Command(BaseCommand):
    help = "Add a partner agency with its first team (see docs/how-to/add-agency-and-user.md)."

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

    def handle(self, *args, **o):
        try:
            agency = agency_create(
                actor=None,
                slug=o["slug"],
                name=o["name"],
                agency_type=o["kind"],
                area_code=o["area"],
                is_first_responder=o["first_responder"],
                email=o["email"],
                phone=o["phone"],
            )
            team = team_create(
                actor=None, agency=agency, name=o["team"], function=o["team_function"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Added {agency.name} ({agency.slug}) with team '{team.name}'.")
