"""Print the current second-factor code of a demo account, so a newcomer can sign in as staff.
Refused outside development and test settings."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from makin.second_factor import current_code


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not getattr(settings, "MAKIN_DEMO_DATA_ALLOWED", False):
            raise CommandError("demo_totp works only under development or test settings.")
        user = get_user_model().objects.filter(username=username).first()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
        if device is None:
            raise CommandError(f"{username} has no second factor.")
        self.stdout.write(current_code(device))
