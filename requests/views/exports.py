"""CSV exports of the staff queues. Each date is two columns, year-month-day in Hijri and in
Gregorian, the person's calendar (`User.calendar_first`) first."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from makin import dates

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
        return _csv(_rows(self.filterset()), first=request.user.calendar_first)


class ResearchQueueExportView(ResearchQueueView):
    def get(self, request):
        return _csv(_rows(self.filterset()), first=request.user.calendar_first)


class _Echo:
    def write(self, value):
        return value


def _csv(queryset, *, first: str):
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
                *dates.export_columns(_("submitted at"), first),
                *dates.export_columns(_("decision due"), first),
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
                    *dates.export_values(r.submitted_at, first),
                    *dates.export_values(r.decision_due, first),
                    due.days_left if due else "",
                    r.researcher.get_full_name() if r.researcher else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="requests.csv"'
    return response
