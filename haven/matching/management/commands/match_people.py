"""Cluster the people in a CSV file without touching the database.

python manage.py match_people --csv IN.csv --out OUT.csv [--threshold T] [--skip-bad] [--strict]

``manage.py`` runs :mod:`haven.matching.cli` directly, without starting Django; this command
is the same run for ``call_command`` and ``django-admin``.
"""

from django.core.management.base import BaseCommand, CommandError

from haven.matching.cli import HELP, MatchPeopleError, add_arguments, run


class Command(BaseCommand):
    help = HELP
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        add_arguments(parser)

    def handle(self, *args, **options) -> None:
        try:
            run(options, self.stdout, self.stderr)
        except MatchPeopleError as error:
            raise CommandError(str(error)) from error
