"""The case page's sections drawn in Python (`case_requests`, `case_contacts`,
`case_decisions`, `case_surveys`) keep the markup their templates gave, whitespace included;
their words are made once per language and follow the page's language."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from makin.models import User
from requests.models import ContactLog, Referral, SupportRequest
from surveys.models import Feedback

AT = datetime.datetime(2026, 11, 30, 11, 5, tzinfo=datetime.UTC)
DAY = "30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH"


def render(template: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def test_contacts_and_referrals_as_their_template_drew_them():
    contact = ContactLog(
        created_at=AT,
        channel="phone",
        kind="inquiry",
        summary="<asked>",
        officer=User(first_name="نورة", last_name="<x>"),
        request=SupportRequest(reference="MK-1448-000024"),
    )
    walk_in = ContactLog(created_at=AT, channel="interview", kind="inquiry", summary="s")
    answered = Referral(created_at=AT, question="q?", answer="<a>", answered_at=AT)
    waiting = Referral(created_at=AT, question="<q>")
    html = render(
        "requests/includes/_case_contacts.html",
        contacts=[contact, walk_in],
        referrals=[answered, waiting],
    )
    assert html == (
        '\n<h3 class="h6">Contacts</h3>\n\n  <ul class="small">\n    \n      <li>\n'
        f"        {DAY} — Phone, Inquiry\n        — <bdi>نورة &lt;x&gt;</bdi>:\n"
        '        <span dir="auto">&lt;asked&gt;</span>\n        \n'
        '          (<a href="/en/staff/requests/MK-1448-000024/" dir="ltr">MK-1448-000024</a>)\n'
        "        \n      </li>\n    \n      <li>\n"
        f"        {DAY} — In-person interview, Inquiry\n        — :\n"
        '        <span dir="auto">s</span>\n        \n      </li>\n    \n  </ul>\n'
        '\n<h3 class="h6">Referrals to the social researcher</h3>\n\n'
        '  <ul class="small mb-0">\n    \n      <li>\n'
        f'        {DAY} — <span dir="auto">q?</span>\n        \n'
        '          — Answered: <span dir="auto">&lt;a&gt;</span>\n        \n      </li>\n    \n'
        f'      <li>\n        {DAY} — <span dir="auto">&lt;q&gt;</span>\n        \n'
        '          — <a href="/en/staff/referrals/">Waiting for an answer</a>\n        \n'
        "      </li>\n    \n  </ul>\n\n"
    )


def test_empty_sections_say_so_in_the_pages_language_each_time():
    empty = {
        "ar": ("لم يُسجَّل أي تواصل.", "لا يوجد طلب بعد."),
        "en": ("No contact logged.", "No request yet."),
    }
    for language in ("ar", "en", "ar", "en"):
        contacts = render(
            "requests/includes/_case_contacts.html", language, contacts=[], referrals=[]
        )
        requests = render("requests/includes/_case_requests.html", language, requests=[])
        assert empty[language][0] in contacts
        assert requests == f'\n\n  <p class="small text-muted mb-0">{empty[language][1]}</p>\n\n'


def test_no_decision_and_no_delivery_as_the_template_drew_them():
    html = render(
        "committee/includes/_case_decisions.html",
        decisions=[],
        deliveries=[],
        can_print_letters=True,
    )
    assert html == (
        '\n<h3 class="h6">Decisions</h3>\n\n  <p class="small text-muted">No decision yet.</p>\n'
        '\n<h3 class="h6">Deliveries</h3>\n\n'
        '  <p class="small text-muted mb-0">No delivery yet.</p>\n\n'
    )


def test_complaints_are_listed_for_those_who_handle_them_and_hidden_from_others():
    entry = Feedback(
        created_at=AT, reference="FB-1", kind="complaint", subject="<late>", status="open"
    )
    html = render(
        "surveys/includes/_case_surveys.html",
        invitations=[],
        feedback=[entry],
        can_feedback=True,
    )
    assert html == (
        '\n<h3 class="h6">Satisfaction surveys</h3>\n\n'
        '  <p class="small text-muted">No survey sent.</p>\n\n\n'
        '  <h3 class="h6">Complaints and suggestions</h3>\n\n\n'
        '  <ul class="small mb-0">\n    '
        f'<li>{DAY} — <a href="/en/staff/feedback/FB-1/" dir="ltr">FB-1</a> — Complaint: '
        '<span dir="auto"><bdi>&lt;late&gt;</bdi></span> — Received</li>\n\n  </ul>\n\n'
    )
    nothing = render(
        "surveys/includes/_case_surveys.html", invitations=[], feedback=[], can_feedback=False
    )
    assert nothing == (
        '\n<h3 class="h6">Satisfaction surveys</h3>\n\n'
        '  <p class="small text-muted">No survey sent.</p>\n\n\n\n'
    )
