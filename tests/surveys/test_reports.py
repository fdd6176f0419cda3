"""Report figures against small data computed by hand."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from makin.channels import Channel
from makin.roles import Role
from requests.models import Status
from requests.rollup import rollup_rebuild
from surveys import services
from surveys.models import Feedback, FeedbackKind, FeedbackStatus
from surveys.reports import ReportFilter, month_split, report_build
from tests.factories import (
    BeneficiaryFactory,
    ServiceFactory,
    SupportRequestFactory,
    answers_for,
    published_survey,
    staff,
)

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


@pytest.fixture
def data():
    """Four invitations, three answered:

    | # | sent   | channel   | service | staff | answered | overall | speed | recommend |
    | 1 | Jan 10 | interview | S1      | A     | Jan 11   | 5       | 4     | yes       |
    | 2 | Jan 20 | phone     | S1      | B     | Jan 21   | 2       | 3     | no        |
    | 3 | Feb 5  | interview | S2      | A     | Feb 6    | 4       | 5     | yes       |
    | 4 | Feb 10 | phone     | S2      | B     | —        |         |       |           |
    """
    version = published_survey()
    a, b = staff(Role.RECEPTION, first_name="نورة"), staff(Role.RESEARCHER, first_name="سلمان")
    s1, s2 = ServiceFactory(name_ar="إعانة"), ServiceFactory(name_ar="دورات")
    rows = [
        ("2026-01-10", Channel.INTERVIEW, s1, a, "2026-01-11", (5, 4, True)),
        ("2026-01-20", Channel.PHONE, s1, b, "2026-01-21", (2, 3, False)),
        ("2026-02-05", Channel.INTERVIEW, s2, a, "2026-02-06", (4, 5, True)),
        ("2026-02-10", Channel.PHONE, s2, b, None, None),
    ]
    for sent, channel, service, officer, answered, values in rows:
        with time_machine.travel(at(sent)):
            inv = services.invitation_create(
                beneficiary=BeneficiaryFactory(),
                channel=channel,
                staff=officer,
                service=service,
            )
        if answered:
            overall, speed, recommend = values
            answers = answers_for(
                version, overall=overall, speed=speed, recommend=recommend, comments="شكرًا"
            )
            with time_machine.travel(at(answered)):
                services.response_submit(invitation=inv, answers=answers)
    return {"a": a, "b": b, "s1": s1, "s2": s2}


JAN_FEB = ReportFilter(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28))


def by_label(rows):
    return {r.label: r for r in rows}


def test_satisfaction_figures(data):
    report = report_build(JAN_FEB)
    # Ratings 5, 4, 2, 3, 4, 5: four of six are 4 or 5; mean 23 / 6.
    assert report.overall.rated == 6
    assert report.overall.index == pytest.approx(100 * 4 / 6)
    assert report.overall.mean == pytest.approx(23 / 6)
    questions = {r.key: r for r in report.questions}
    assert questions["overall"].mean == pytest.approx(11 / 3)
    assert questions["overall"].index == pytest.approx(200 / 3)
    assert questions["speed"].mean == pytest.approx(4.0)
    assert questions["recommend"].yes_share == pytest.approx(200 / 3)
    assert "comments" not in questions
    # January: 5, 4, 2, 3 → 2 of 4; February: 4, 5 → 2 of 2.
    assert [(r.key, r.index) for r in report.monthly] == [
        (datetime.date(2026, 1, 1), 50.0),
        (datetime.date(2026, 2, 1), 100.0),
    ]
    channels = {r.key: r.index for r in report.by_channel}
    assert channels == {Channel.INTERVIEW: 100.0, Channel.PHONE: 0.0}
    assert {r.key: r.index for r in report.by_service} == {
        data["s1"].pk: 50.0,
        data["s2"].pk: 100.0,
    }
    assert {r.key: r.index for r in report.by_staff} == {data["a"].pk: 100.0, data["b"].pk: 0.0}
    assert (report.invitations, report.responses, report.response_rate) == (4, 3, 75.0)
    assert len(report.comments) == 3


def test_the_trend_follows_the_calendar_of_the_filter(data):
    """1 Jan - 28 Feb 2026 is 12 Rajab - 11 Ramadan 1447: Rajab holds the answers of 11 Jan
    (5, 4), Sha'ban (from 20 Jan) those of 21 Jan and 6 Feb (2, 3, 4, 5); Ramadan has none."""
    hijri = report_build(ReportFilter(start=JAN_FEB.start, end=JAN_FEB.end, calendar="hijri"))
    assert [(r.label, r.key, r.index) for r in hijri.monthly] == [
        ("رجب 1447", datetime.date(2025, 12, 21), 100.0),
        ("شعبان 1447", datetime.date(2026, 1, 20), 50.0),
    ]
    gregorian = report_build(JAN_FEB)
    assert [(r.label, r.index) for r in gregorian.monthly] == [
        ("يناير 2026", 50.0),
        ("فبراير 2026", 100.0),
    ]
    # The same months on the page's chart, named as the filter's calendar names them.
    with translation.override("en"):
        english = report_build(ReportFilter(start=JAN_FEB.start, end=JAN_FEB.end, calendar="hijri"))
    assert [r.label for r in english.monthly] == ["Rajab 1447", "Sha'ban 1447"]


def test_filters_by_channel_service_and_dates(data):
    phone = report_build(JAN_FEB.__class__(start=JAN_FEB.start, end=JAN_FEB.end, channel="phone"))
    assert (phone.overall.rated, phone.overall.index) == (2, 0.0)
    assert (phone.invitations, phone.responses) == (2, 1)
    s2 = report_build(ReportFilter(start=JAN_FEB.start, end=JAN_FEB.end, service=data["s2"]))
    assert (s2.overall.index, s2.invitations, s2.responses) == (100.0, 2, 1)
    # Days at the edges come from the daily rollup, whole months from the monthly one.
    one_day = report_build(
        ReportFilter(start=datetime.date(2026, 1, 11), end=datetime.date(2026, 1, 11))
    )
    assert one_day.overall.counts == (0, 0, 0, 1, 1)
    mid = report_build(
        ReportFilter(start=datetime.date(2026, 1, 15), end=datetime.date(2026, 2, 28))
    )
    assert mid.overall.counts == (0, 1, 1, 1, 1)
    empty = report_build(
        ReportFilter(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    )
    assert (empty.overall.index, empty.overall.mean, empty.response_rate) == (None, None, None)


def test_one_service_and_one_channel_together(data):
    """Only invitation 2 (S1 by phone, answered Jan 21: overall 2, speed 3, no); its comment
    is the only one. Each filter alone keeps more comments, newest first."""
    s1_phone = report_build(
        ReportFilter(start=JAN_FEB.start, end=JAN_FEB.end, service=data["s1"], channel="phone")
    )
    assert s1_phone.overall.counts == (0, 1, 1, 0, 0)
    assert {r.key: r.yes_share for r in s1_phone.questions} == {
        "overall": None,
        "speed": None,
        "recommend": 0.0,
    }
    assert (s1_phone.invitations, s1_phone.responses) == (1, 1)
    assert [r.key for r in s1_phone.by_channel] == [Channel.PHONE]
    assert [r.key for r in s1_phone.by_service] == [data["s1"].pk]
    assert [(c["text"], c["response__submitted_at"]) for c in s1_phone.comments] == [
        ("شكرًا", at("2026-01-21"))
    ]

    def comment_days(**kwargs):
        report = report_build(ReportFilter(start=JAN_FEB.start, end=JAN_FEB.end, **kwargs))
        return [c["response__submitted_at"] for c in report.comments]

    assert comment_days(service=data["s1"]) == [at("2026-01-21"), at("2026-01-11")]
    assert comment_days(channel="interview") == [at("2026-02-06"), at("2026-01-11")]
    assert comment_days(service=data["s2"], channel="phone") == []
    assert comment_days() == [at("2026-02-06"), at("2026-01-21"), at("2026-01-11")]
    # The period bounds the comments of a filter as it does the others'.
    jan_20_on = report_build(
        ReportFilter(
            start=datetime.date(2026, 1, 22),
            end=JAN_FEB.end,
            service=data["s1"],
            channel="phone",
        )
    )
    assert jan_20_on.comments == []


def test_month_split():
    d = datetime.date
    assert month_split(d(2026, 1, 15), d(2026, 3, 10)) == (
        d(2026, 2, 1),
        d(2026, 3, 1),
        (d(2026, 1, 15), d(2026, 2, 1)),
        (d(2026, 3, 1), d(2026, 3, 11)),
    )
    assert month_split(d(2026, 1, 1), d(2026, 2, 28)) == (
        d(2026, 1, 1),
        d(2026, 3, 1),
        (d(2026, 1, 1), d(2026, 1, 1)),
        (d(2026, 3, 1), d(2026, 3, 1)),
    )
    m1, m2, days, _rest = month_split(d(2026, 1, 5), d(2026, 1, 20))
    assert m1 == m2
    assert days == (d(2026, 1, 5), d(2026, 1, 21))


def test_decision_time_compliance_and_volume():
    s1 = ServiceFactory(name_ar="إعانة")
    rows = [
        # completed, decided (days later or None), channel
        ("2026-01-05", 5, Channel.PHONE),  # on time
        ("2026-01-06", 20, Channel.PHONE),  # late
        ("2026-01-07", None, Channel.WEBSITE),  # undecided, long past its 14 days
    ]
    for completed, days, channel in rows:
        done = at(completed)
        SupportRequestFactory(
            service=s1,
            status=Status.APPROVED if days else Status.IN_COMMITTEE,
            channel=channel,
            submitted_at=done - datetime.timedelta(days=1),
            completed_at=done,
            decided_at=done + datetime.timedelta(days=days) if days else None,
        )
    rollup_rebuild()  # rows made by the factory, as the data migration counts them
    report = report_build(JAN_FEB)
    d = report.decisions
    assert (d["completed"], d["decided"], d["on_time"], d["late"], d["overdue"]) == (3, 2, 1, 1, 1)
    assert d["compliance"] == pytest.approx(100 / 3)
    assert d["median_days"] == pytest.approx(12.5)
    assert {r["label"]: r["count"] for r in report.volume_channel} == {
        "الهاتف": 2,
        "الموقع الإلكتروني للجمعية": 1,
    }
    assert report.volume_service == [{"label": "إعانة", "count": 3}]


def test_a_request_still_within_its_14_days_is_pending_not_late():
    now = timezone.now()
    SupportRequestFactory(
        status=Status.IN_COMMITTEE, submitted_at=now, completed_at=now - datetime.timedelta(days=3)
    )
    rollup_rebuild()
    today = timezone.localdate()
    report = report_build(ReportFilter(start=today - datetime.timedelta(days=5), end=today))
    assert (report.decisions["pending"], report.decisions["compliance"]) == (1, None)


def test_complaints_open_and_time_to_resolve():
    manager = staff(Role.MANAGER)
    made = []
    for created, hours in (("2026-01-10", 6), ("2026-01-12", 24), ("2026-01-15", None)):
        item = services.feedback_submit(kind=FeedbackKind.COMPLAINT, subject="ش", body="ن")
        if hours:
            services.feedback_transition(
                feedback=item, to=FeedbackStatus.RESOLVED, reply="تم", actor=manager
            )
        Feedback.objects.filter(pk=item.pk).update(
            created_at=at(created),
            resolved_at=at(created) + datetime.timedelta(hours=hours) if hours else None,
        )
        made.append(item)
    spam = services.feedback_submit(kind=FeedbackKind.COMPLAINT, subject="ش", body="ن")
    services.feedback_transition(
        feedback=spam, to=FeedbackStatus.CLOSED, note="رسالة دعائية", actor=manager
    )
    Feedback.objects.filter(pk=spam.pk).update(created_at=at("2026-01-20"))
    services.feedback_submit(kind=FeedbackKind.SUGGESTION, subject="ا", body="ن")  # today
    c = report_build(JAN_FEB).complaints
    # The one closed without a reply is counted, but neither still open nor resolved.
    assert (c["total"], c["complaints"], c["open"], c["resolved"]) == (4, 4, 1, 2)
    assert c["mean_hours"] == pytest.approx(15.0)
    assert c["median_hours"] == pytest.approx(15.0)
