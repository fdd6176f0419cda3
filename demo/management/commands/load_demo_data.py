"""Demo data for development: accounts (one per role, known password), files, requests at
every stage, the committee's work and six months of survey answers. Idempotent; refused
outside development and test settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import accounts, committee, files, intake, surveys


class Command(BaseCommand):
    help = "Load demo data (accounts, files, requests, committee, surveys); safe to run again."

    def handle(self, *args, **options):
        if not getattr(settings, "MAKIN_DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is only loaded under development or test settings.")
        # No transaction around it all: each service commits its own step, so what follows a
        # commit (messages, the surveys app's invitation on delivery) happens as it does for
        # people. Every loader skips what is there already, so a second run adds nothing.
        rows = accounts.load()
        files.load(stdout=self.stdout)
        intake.load(stdout=self.stdout)
        committee.appoint_members(stdout=self.stdout)
        # The past first (six months of decided and answered requests), then today's work.
        surveys.load(stdout=self.stdout)
        committee.load(stdout=self.stdout)
        self.stdout.write(f"Demo accounts (password for all: {accounts.DEMO_PASSWORD}):")
        for login, role in rows:
            self.stdout.write(f"  {login:<12} {role}")
