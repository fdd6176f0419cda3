"""Delete the reports PDFs older than MAKIN_REPORT_EXPORT_HOURS (files and rows). The worker
does it too before each new one; the maintenance timer runs this so that nothing outlives its
day when nobody asks for a new one."""

from django.core.management.base import BaseCommand

from surveys.services import report_exports_delete_expired


class Command(BaseCommand):
    help = "Delete the expired reports PDFs."

    def handle(self, *args, **options):
        deleted = report_exports_delete_expired()
        self.stdout.write(f"{deleted} expired reports PDF(s) deleted.")
