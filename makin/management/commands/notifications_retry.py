"""Put overdue deliveries back in the queue. The worker normally schedules retries itself;
this covers a delivery whose task never reached the queue (a crash between the commit and the
enqueue) or was lost with a worker. Safe to run at any time and on several machines at once: a
delivery is sent once whatever the number of tasks that name it. Run it every few minutes
(cron or a systemd timer, see deploy/)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from makin.models import Delivery
from makin.tasks import send_delivery


class Command(BaseCommand):
    help = "Enqueue the pending deliveries that are overdue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=300,
            help="Only deliveries overdue by more than this many seconds (default: 300).",
        )

    def handle(self, *, grace, **options):
        due = timezone.now() - datetime.timedelta(seconds=grace)
        ids = list(
            Delivery.objects.filter(
                state=Delivery.State.PENDING, next_attempt_at__lte=due
            ).values_list("pk", flat=True)
        )
        for pk in ids:
            send_delivery.enqueue(pk)
        self.stdout.write(f"{len(ids)} deliveries enqueued.")
