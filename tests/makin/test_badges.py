"""One `{% badge %}` for every enum the pages show as a badge, its colours from one table."""

import pytest
from django.template import Context, Template
from django.utils import translation

from beneficiaries.models import DuplicateStatus, VerificationStatus
from committee.models import MeetingStatus, Outcome
from makin.badges import badge_html, style_table
from requests.deadlines import DueState
from requests.models import Status
from surveys.models import FeedbackStatus


def render(source: str, **context) -> str:
    with translation.override("en"):
        return Template("{% load portal %}" + source).render(Context(context)).strip()


@pytest.mark.parametrize(
    ("source", "context", "html"),
    [
        (
            '{% badge code "requests.Status" %}',
            {"code": "approved"},
            '<span class="badge text-bg-success">Approved</span>',
        ),
        (
            '{% badge code "requests.Status" %}',
            {"code": "verified"},
            '<span class="badge text-bg-info">Verified</span>',
        ),
        (
            '{% badge code "beneficiaries.VerificationStatus" %}',
            {"code": "verified"},
            '<span class="badge text-bg-success">Verified</span>',
        ),
        (
            '{% badge code "beneficiaries.VerificationStatus" %}',
            {"code": None},
            '<span class="badge text-bg-secondary">Not verified yet</span>',
        ),
        (
            '{% badge code "beneficiaries.DuplicateStatus" %}',
            {"code": "merged"},
            '<span class="badge text-bg-info">Merged</span>',
        ),
        (
            '{% badge code "committee.Outcome" %}',
            {"code": "defer"},
            '<span class="badge text-bg-warning">Deferred to research</span>',
        ),
        (
            '{% badge code "committee.MeetingStatus" %}',
            {"code": "closed"},
            '<span class="badge text-bg-dark">Closed</span>',
        ),
        (
            '{% badge code "surveys.FeedbackStatus" %}',
            {"code": "in_progress"},
            '<span class="badge text-bg-info">Being handled</span>',
        ),
        (
            '{% badge state label="3 days left" title="2026-12-03" %}',
            {"state": DueState.NEAR},
            '<span class="badge text-bg-warning" title="2026-12-03">3 days left</span>',
        ),
        (
            "{% badge state %}",
            {"state": DueState.OK},
            '<span class="badge text-bg-light border">On time</span>',
        ),
    ],
)
def test_badge_renders_the_words_and_colour_of_the_member(source, context, html):
    assert render(source, **context) == html


def test_every_member_of_the_badged_enums_has_a_colour():
    """A status added to an enum without a colour would break every page showing it."""
    enums = [Status, DueState, VerificationStatus, DuplicateStatus, Outcome, MeetingStatus]
    enums.append(FeedbackStatus)
    missing = [
        member for enum in enums for member in enum if (enum, member.value) not in style_table()
    ]
    assert missing == []


def test_a_badge_made_once_per_language_gives_each_language_its_words():
    for language, words in (("ar", "مقبول"), ("en", "Approved"), ("ar", "مقبول")):
        with translation.override(language):
            assert badge_html("approved", "requests.Status") == (
                f'<span class="badge text-bg-success">{words}</span>'
            )
            assert badge_html(Status.APPROVED) == badge_html("approved", "requests.Status")


def test_members_of_two_enums_sharing_a_code_keep_their_own_badges():
    with translation.override("en"):
        assert badge_html(Status("verified")) == '<span class="badge text-bg-info">Verified</span>'
        assert badge_html(VerificationStatus("verified")) == (
            '<span class="badge text-bg-success">Verified</span>'
        )
        assert badge_html(Status("verified"), label="Checked", title="t") == (
            '<span class="badge text-bg-info" title="t">Checked</span>'
        )
