"""Remind, once, everyone whose survey invitation is a week old and still unanswered. Run it
daily (cron or the task queue); running it twice sends nothing more."""

from django.core.management.base import BaseCommand

from surveys.services import reminders_send


class Command(BaseCommand):
    help = "Send the one reminder due for unanswered survey invitations."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
