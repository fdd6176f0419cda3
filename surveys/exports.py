"""The managers' report as an Excel workbook (openpyxl), one sheet per table, right to left in
Arabic."""

import io

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from makin import dates
from makin.channels import Channel

from .models import QuestionKind
from .reports import Report

HEADER_FILL = PatternFill("solid", fgColor="0B5D4B")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def _sheet(wb, title: str, header: list[str], rows: list[list]):
    ws = wb.create_sheet(title=title[:31])
    ws.sheet_view.rightToLeft = get_language_bidi()
    ws.append(header)
    for cell in ws[1]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for index, _title in enumerate(header, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        ws.column_dimensions[letter].width = 34 if index == 1 else 16
    ws.freeze_panes = "A2"
    return ws


def _rated_rows(items) -> list[list]:
    return [[r.label, r.rated, _round(r.index), _round(r.mean, 2), *r.counts] for r in items]


def report_xlsx(report: Report, *, first: str = dates.GREGORIAN) -> bytes:
    """The report as a workbook; the period's dates in both calendars, the person's first."""
    f = report.filter
    wb = Workbook()
    wb.remove(wb.active)
    rated_header = [
        _("Group"),
        _("Ratings"),
        _("Satisfaction index (%)"),
        _("Mean (out of 5)"),
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    _sheet(
        wb,
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            *zip(
                dates.export_columns(_("From"), first),
                dates.export_values(f.start, first),
                strict=True,
            ),
            *zip(
                dates.export_columns(_("To"), first), dates.export_values(f.end, first), strict=True
            ),
            [_("Service"), f.service.name if f.service else _("All services")],
            [_("Channel"), str(Channel(f.channel).label) if f.channel else _("All channels")],
            [_("Satisfaction index (%)"), _round(report.overall.index)],
            [_("Mean rating (out of 5)"), _round(report.overall.mean, 2)],
            [_("Ratings"), report.overall.rated],
            [_("Invitations sent"), report.invitations],
            [_("Surveys answered"), report.responses],
            [_("Response rate (%)"), _round(report.response_rate)],
            [_("Requests completed"), report.decisions["completed"]],
            [_("Decided within 14 days (%)"), _round(report.decisions["compliance"])],
            [_("Median days to decision"), _round(report.decisions["median_days"])],
            [_("Complaints and suggestions received"), report.complaints["total"]],
            [_("Still open"), report.complaints["open"]],
            [_("Resolved"), report.complaints["resolved"]],
            [_("Median hours to resolve"), _round(report.complaints["median_hours"])],
        ],
    )
    _sheet(
        wb,
        _("Questions"),
        [
            _("Question"),
            _("Answers"),
            _("Satisfaction index (%)"),
            _("Mean (out of 5)"),
            _("Yes (%)"),
        ],
        [
            [
                r.label,
                r.answers,
                _round(r.index),
                _round(r.mean, 2),
                _round(r.yes_share) if r.kind == QuestionKind.YES_NO else None,
            ]
            for r in report.questions
        ],
    )
    _sheet(wb, _("By month"), [_("Month"), *rated_header[1:]], _rated_rows(report.monthly))
    _sheet(wb, _("By channel"), [_("Channel"), *rated_header[1:]], _rated_rows(report.by_channel))
    _sheet(wb, _("By service"), [_("Service"), *rated_header[1:]], _rated_rows(report.by_service))
    staff_header = [_("Staff member"), *rated_header[1:]]
    _sheet(wb, _("By staff member"), staff_header, _rated_rows(report.by_staff))
    _sheet(
        wb,
        _("Requests by channel"),
        [_("Channel"), _("Requests submitted")],
        [[row["label"], row["count"]] for row in report.volume_channel],
    )
    _sheet(
        wb,
        _("Requests by service"),
        [_("Service"), _("Requests submitted")],
        [[row["label"], row["count"]] for row in report.volume_service],
    )
    output = io.BytesIO()
    wb.save(output)
    return output.getvalue()
