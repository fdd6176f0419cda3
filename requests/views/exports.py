"""CSV exports of the staff queues."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..deadlines import due_state
from ..filters import RequestFilter
from .staff import QueueView, ResearchQueueView


class QueueExportView(QueueView):
    def get(self, request):
        filterset = RequestFilter(request.GET, queryset=self.base_queryset())
        return _csv(filterset.qs)


class ResearchQueueExportView(ResearchQueueView):
    def get(self, request):
        filterset = RequestFilter(request.GET, queryset=self.base_queryset())
        return _csv(filterset.qs)


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
