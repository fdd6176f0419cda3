"""CSV exports of the staff queues."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..deadlines import due_state
from .staff import QueueView, ResearchQueueView


def _rows(filterset):
    """The filtered queue in the page's order, with the researcher the CSV adds."""
    order = selectors.QUEUE_ORDERS[filterset.chosen_order]
    keys = [k.desc() if order.descending else k.asc() for k in order.keys]
    return (
        filterset.qs.select_related("researcher")
        .only(*selectors.QUEUE_COLUMNS, "researcher__first_name", "researcher__last_name")
        .order_by(*keys)
    )


class QueueExportView(QueueView):
    def get(self, request):
        return _csv(_rows(self.filterset()))


class ResearchQueueExportView(ResearchQueueView):
    def get(self, request):
        return _csv(_rows(self.filterset()))


class _Echo:
    def write(self, value):
        return value


def _csv(queryset):
    today = timezone.localdate()
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so that spreadsheet programs read the Arabic as UTF-8
        yield writer.writerow(
            [
                _("reference number"),
                _("beneficiary"),
                _("ID number"),
                _("service"),
                _("status"),
                _("channel"),
                _("submitted at"),
                _("decision due"),
                _("days left"),
                _("social researcher"),
            ]
        )
        for r in queryset.iterator(chunk_size=500):
            due = due_state(r, today)
            yield writer.writerow(
                [
                    r.reference,
                    r.beneficiary.full_name,
                    r.beneficiary.national_id,
                    r.service.name,
                    r.get_status_display(),
                    r.get_channel_display(),
                    timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")
                    if r.submitted_at
                    else "",
                    r.decision_due.isoformat() if r.decision_due else "",
                    due.days_left if due else "",
                    r.researcher.get_full_name() if r.researcher else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="requests.csv"'
    return response
