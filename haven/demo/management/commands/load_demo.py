from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haven.accounts.backends import demo_allowed
from haven.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the fictional demo agencies, users and cases (idempotent) and print log-ins. "
        "Refuses to run with HAVEN_ENV=production, where demo accounts cannot sign in either."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print log-ins.")

    def handle(self, *args, quiet_logins, **options):
        if not settings.LOCAL or not demo_allowed():
            raise CommandError(
                "Demo data is for local use only (HAVEN_ENV=local): it never loads with "
                "HAVEN_ENV=production."
            )
        summary = load_demo()
        for line in summary.lines:
            self.stdout.write(line)
        if quiet_logins:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo log-ins (fictional data only)"))
        self.stdout.write(f"Password for every demo user: {summary.password}")
        self.stdout.write("After the password, choose 'Use a backup code' and enter the code.")
        self.stdout.write(f"{'Email':<52} Backup code")
        for email, code in summary.logins:
            self.stdout.write(f"{email:<52} {code}")
