"""The unfiltered report reads its satisfaction figures from the facet rollups: for any date
range they equal the figures counted from the answers themselves."""

import datetime
from collections import Counter, defaultdict

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from makin.channels import Channel
from makin.roles import Role
from surveys import services
from surveys.reports import ReportFilter, report_build
from surveys.rollup import rollup_rebuild
from tests.factories import (
    SURVEY_QUESTIONS,
    BeneficiaryFactory,
    ServiceFactory,
    answers_for,
    published_survey,
    staff,
)

pytestmark = pytest.mark.django_db

# answered on, channel, service (0, 1 or none), staff member (0, 1 or none), overall, speed,
# recommend: across month edges, one day with two responses, answers late in a day.
RESPONSES = [
    ("2025-12-30", Channel.PHONE, 0, 0, 5, 4, True),
    ("2025-12-31", Channel.INTERVIEW, 1, None, 1, 2, False),
    ("2026-01-01", Channel.PHONE, None, 1, 3, 3, True),
    ("2026-01-01", Channel.WEBSITE, 0, 1, 4, 5, None),
    ("2026-01-15", Channel.INTERVIEW, 0, 0, 2, None, False),
    ("2026-01-31", Channel.PHONE, 1, 0, 5, 5, True),
    ("2026-02-01", Channel.INTERVIEW, None, None, 4, 1, True),
    ("2026-02-14", Channel.WEBSITE, 1, 1, 3, 4, False),
    ("2026-02-28", Channel.PHONE, 0, None, 1, 1, None),
    ("2026-03-01", Channel.PHONE, 1, 1, 5, 3, True),
    ("2026-03-17", Channel.INTERVIEW, 0, 0, 2, 2, True),
    ("2026-04-02", Channel.WEBSITE, None, 0, 4, 4, False),
    ("2026-04-30", Channel.INTERVIEW, 1, 1, 5, None, True),
]


def _at(day: str) -> datetime.datetime:
    # 23:30 local: the day is the local one, not UTC's.
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(23, 30))
    )


@pytest.fixture
def answered():
    """The responses above, submitted through the service (which keeps every rollup), and
    what each one counts, written down as plain tuples for the expectations."""
    version = published_survey(
        questions=[{**q, "required": q["code"] == "overall"} for q in SURVEY_QUESTIONS]
    )
    people = [staff(Role.RECEPTION), staff(Role.RESEARCHER)]
    catalogue = [ServiceFactory(), ServiceFactory()]
    counted = []
    for day, channel, service, person, overall, speed, recommend in RESPONSES:
        with time_machine.travel(_at(day) - datetime.timedelta(hours=2)):
            invitation = services.invitation_create(
                beneficiary=BeneficiaryFactory(),
                channel=channel,
                staff=None if person is None else people[person],
                service=None if service is None else catalogue[service],
            )
        values = {"overall": overall, "recommend": recommend, "comments": "جيد"}
        if speed is not None:
            values["speed"] = speed
        with time_machine.travel(_at(day)):
            services.response_submit(invitation=invitation, answers=answers_for(version, **values))
        keys = (
            datetime.date.fromisoformat(day),
            channel,
            None if service is None else catalogue[service].pk,
            None if person is None else people[person].pk,
        )
        counted.append((*keys, "overall", overall, None))
        if speed is not None:
            counted.append((*keys, "speed", speed, None))
        if recommend is not None:
            counted.append((*keys, "recommend", None, recommend))
    return counted


def _expected(counted, start, end):
    """Per grouping: {key: (answers, ratings 1..5, yes, no)} of the answers of [start, end]."""
    groups = defaultdict(lambda: defaultdict(Counter))
    for day, channel, service, person, code, rating, yes in counted:
        if not start <= day <= end:
            continue
        for grouping, key in (
            ("overall", None),
            ("question", code),
            ("month", day.replace(day=1)),
            ("channel", channel),
            ("service", service),
            ("staff", person),
        ):
            c = groups[grouping][key]
            c["answers"] += 1
            if rating is not None:
                c[rating] += 1
            if yes is not None:
                c["yes" if yes else "no"] += 1
    return {
        grouping: {
            key: (c["answers"], tuple(c[n] for n in range(1, 6)), c["yes"], c["no"])
            for key, c in by_key.items()
        }
        for grouping, by_key in groups.items()
    }


def _figures(rows):
    return {r.key: (r.answers, r.counts, r.yes, r.no) for r in rows}


def _read(start, end):
    report = report_build(ReportFilter(start=start, end=end))
    read = {
        "question": _figures(report.questions),
        "month": _figures(report.monthly),
        # The report leaves out the groups with no rating at all; so does the comparison.
        "channel": _figures(report.by_channel),
        "service": _figures(report.by_service),
        "staff": _figures(report.by_staff),
    }
    if report.overall.answers:
        read["overall"] = _figures([report.overall])
    return read


def _comparable(expected):
    rated = {"channel", "service", "staff"}
    return {
        grouping: {k: v for k, v in by_key.items() if grouping not in rated or sum(v[1])}
        for grouping, by_key in expected.items()
    }


DAYS = st.dates(min_value=datetime.date(2025, 12, 25), max_value=datetime.date(2026, 5, 5))


def test_any_range_reads_the_figures_of_its_answers(answered):
    @settings(
        max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(a=DAYS, b=DAYS)
    def check(a, b):
        start, end = min(a, b), max(a, b)
        expected = _comparable(_expected(answered, start, end))
        read = _read(start, end)
        read = {grouping: rows for grouping, rows in read.items() if rows}
        overall = expected.pop("overall", {})
        if overall:
            read_overall = read.pop("overall")
            assert read_overall == {None: overall[None]}
        expected = {grouping: rows for grouping, rows in expected.items() if rows}
        assert read == expected

    check()


def test_some_ranges_by_hand(answered):
    """Written out: the whole of January (five answers of 1 Jan, two of 15 Jan, three of
    31 Jan: ratings 3, 3, 4, 5, 2, 5, 5) and the two days of a month's edge."""
    january = _read(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    assert january["overall"] == {None: (10, (0, 1, 2, 1, 3), 2, 1)}
    assert january["question"]["overall"] == (4, (0, 1, 1, 1, 1), 0, 0)
    assert january["question"]["recommend"] == (3, (0, 0, 0, 0, 0), 2, 1)
    assert january["month"] == {datetime.date(2026, 1, 1): (10, (0, 1, 2, 1, 3), 2, 1)}
    edge = _read(datetime.date(2025, 12, 31), datetime.date(2026, 1, 1))
    assert edge["overall"] == {None: (8, (1, 1, 2, 1, 1), 1, 1)}
    assert edge["month"] == {
        datetime.date(2025, 12, 1): (3, (1, 1, 0, 0, 0), 0, 1),
        datetime.date(2026, 1, 1): (5, (0, 0, 2, 1, 1), 1, 0),
    }


def _facet_rows():
    with connection.cursor() as cursor:
        rows = {}
        for table, period in (("surveys_dailyfacets", "day"), ("surveys_monthlyfacets", "month")):
            cursor.execute(
                f"SELECT {period}, facet, question_id, channel, service_id, staff_id, "  # noqa: S608
                f"answers, r1, r2, r3, r4, r5, yes, no FROM {table}"
            )
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def test_the_rebuild_counts_what_each_response_added(answered):
    kept = _facet_rows()
    assert len(kept["surveys_monthlyfacets"]) > 20
    rollup_rebuild()
    assert _facet_rows() == kept


def test_groups_of_equal_satisfaction_in_a_fixed_order():
    """The most satisfied first; among equals the one with more ratings, then by name."""
    from surveys.reports import Rated, _ranked

    rows = [
        Rated(label="ب", counts=(0, 0, 0, 4, 0)),
        Rated(label="أ", counts=(0, 0, 0, 4, 0)),
        Rated(label="ج", counts=(0, 0, 0, 0, 9)),
        Rated(label="د", counts=(1, 0, 0, 0, 1)),
        Rated(label="هـ", counts=(0, 0, 0, 2, 3)),
        Rated(label="و", answers=3, yes=3),
    ]
    assert [r.label for r in _ranked(rows)] == ["ج", "هـ", "أ", "ب", "د"]
