"""Queue today's two-week clock reminders for the worker. The maintenance timer runs it; each
person is told once a day however often it runs."""

from django.core.management.base import BaseCommand

from requests.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "Queue the reminders of requests near or past their decision date."

    def handle(self, *args, **options):
        result = send_deadline_reminders.enqueue()
        self.stdout.write(f"Deadline reminders queued ({result.id}).")
