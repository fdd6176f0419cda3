"""The case pages' parts drawn in Python keep the markup their templates gave: a field group's
rows, a request's timeline (what a reader may see of each change), typed text escaped."""

import datetime

from django.template import Context, Template
from django.utils import timezone, translation

from makin.audience import Audience
from makin.models import User
from requests.models import StatusChange


def render(source: str, **context) -> str:
    with translation.override("en"):
        return Template(source).render(Context(context))


def test_a_field_groups_rows_show_a_dash_a_dual_date_or_the_value_isolated():
    rows = [
        {"label": "family name", "value": "<الحربي>", "is_date": False},
        {"label": "phone", "value": "", "is_date": False},
        {"label": "birth date", "value": datetime.date(2026, 11, 30), "is_date": True},
    ]
    html = render("{% load file_page %}{% field_rows rows %}", rows=rows)
    assert html == (
        '<dt class="col-5 fw-normal text-muted">Family name</dt>'
        '<dd class="col-7 mb-1"><bdi>&lt;الحربي&gt;</bdi></dd>\n'
        '<dt class="col-5 fw-normal text-muted">Phone</dt>'
        '<dd class="col-7 mb-1"><span class="text-muted">—</span></dd>\n'
        '<dt class="col-5 fw-normal text-muted">Birth date</dt>'
        '<dd class="col-7 mb-1">30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH</dd>\n'
    )


def _change(audience):
    return StatusChange(
        to_status="incomplete",
        actor=User(username="officer", first_name="سارة", last_name="<الجهني>"),
        note="الهوية\nمنتهية <b>",
        audience=audience,
        created_at=timezone.make_aware(datetime.datetime(2026, 11, 30, 14, 5)),
    )


def test_staff_read_who_moved_a_request_its_note_and_to_whom_it_was_not_shown():
    html = render(
        "{% load requests_case %}{% timeline_entries timeline True True %}",
        timeline=[_change(Audience.STAFF)],
    )
    assert html == (
        '<li class="border-start border-3 ps-3 pb-3">'
        '<div class="d-flex flex-wrap gap-2 align-items-center">'
        '<span class="badge text-bg-warning">Incomplete</span>'
        '<span class="small text-muted">30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH,'
        " 14:05</span></div>"
        "<div>The officer found that some items are missing.</div>"
        '<div class="small">By: <bdi>سارة &lt;الجهني&gt;</bdi></div>'
        '<div class="small text-muted">Not shown to the applicant: Staff</div>'
        '<div class="small text-break notes" dir="auto">الهوية<br>منتهية &lt;b&gt;</div>'
        "</li>\n"
    )


def test_the_applicant_reads_neither_who_moved_it_nor_a_note_meant_for_staff():
    html = render(
        "{% load requests_case %}{% timeline_entries timeline %}",
        timeline=[_change(Audience.STAFF)],
    )
    assert "سارة" not in html
    assert "منتهية" not in html
    assert "Not shown" not in html
    assert html.endswith("<div>The officer found that some items are missing.</div></li>\n")


def _groups(file, **context):
    return render(
        "{% load file_page %}{% field_groups file verifications incomes household can_verify %}",
        file=file,
        **{"verifications": {}, "incomes": [], "household": [], "can_verify": True, **context},
    )


def test_each_field_group_is_a_card_with_its_verification_form_to_its_own_address():
    from beneficiaries.models import Beneficiary

    html = _groups(Beneficiary(pk=7, first_name="<سارة>", gender="female"))
    assert html.count("<form ") == 6
    assert html.startswith(
        '<div class="col-lg-6">\n'
        '<section class="card p-3 h-100" id="group-identity" aria-labelledby="h-identity">\n'
        '<div class="d-flex justify-content-between align-items-center mb-2">\n'
        '<h2 class="h5 mb-0" id="h-identity">Identity</h2>\n'
        '<span class="badge text-bg-secondary">Not verified yet</span>\n</div>\n'
        '<dl class="row small mb-2">\n'
        '<dt class="col-5 fw-normal text-muted">ID number</dt>'
        '<dd class="col-7 mb-1"><span class="text-muted">—</span></dd>\n'
    )
    assert (
        '<dt class="col-5 fw-normal text-muted">First name</dt>'
        '<dd class="col-7 mb-1"><bdi>&lt;سارة&gt;</bdi></dd>\n'
    ) in html
    assert (
        '<dt class="col-5 fw-normal text-muted">Gender</dt>'
        '<dd class="col-7 mb-1"><bdi>Female</bdi></dd>\n'
    ) in html
    assert 'action="/en/staff/files/7/verify/identity/"' in html
    assert 'action="/en/staff/files/7/verify/household/"' in html
    assert '<p class="small text-muted">No income recorded.</p>' in html
    assert '<p class="small text-muted">No household member recorded.</p>' in html


def test_a_merged_file_and_a_reader_who_does_not_verify_get_no_verification_form():
    from beneficiaries.models import Beneficiary

    assert "<form " not in _groups(Beneficiary(pk=7, merged_into_id=8))
    assert "<form " not in _groups(Beneficiary(pk=7), can_verify=False)


def test_the_checklist_of_a_complete_verified_file_says_so():
    from beneficiaries.selectors import Checklist

    html = render("{% load file_page %}{% file_checklist checklist %}", checklist=Checklist())
    assert html == (
        '<section class="card p-3 mb-3" aria-labelledby="checklist-heading">\n'
        '<h2 class="h5" id="checklist-heading">At a glance</h2>\n'
        '<p class="text-success mb-0">The file is complete and every part is verified.</p>\n'
        "</section>\n"
    )


def test_the_checklist_names_what_is_missing_and_what_expired_with_its_day():
    from beneficiaries.selectors import Checklist

    checklist = Checklist(
        missing_fields=["district"], expired=[("<ID>", datetime.date(2026, 11, 30))]
    )
    html = render("{% load file_page %}{% file_checklist checklist %}", checklist=checklist)
    assert (
        '<div class="col-md-6 col-lg-3">\n<h3 class="h6">Missing</h3>\n'
        '<ul class="mb-0 text-danger">\n<li>District</li>\n</ul>\n</div>\n'
        '<div class="col-md-6 col-lg-3">\n<h3 class="h6">Not verified yet</h3>\n'
        '<p class="text-muted mb-0">Nothing</p>\n</div>\n'
    ) in html
    assert (
        '<ul class="mb-0">\n<li class="text-danger">\n&lt;ID&gt; expired on\n'
        "30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH\n</li>\n</ul>"
    ) in html


def test_the_file_pages_words_made_once_per_language_follow_the_page_language():
    """The cards, checklist and verification forms take their words from a table made once per
    language: a page in Arabic after one in English (and back) reads its own language."""
    from beneficiaries.models import Beneficiary
    from beneficiaries.selectors import Checklist

    source = (
        "{% load file_page %}{% file_checklist checklist %}"
        "{% field_groups file verifications incomes household can_verify %}"
    )
    context = {
        "checklist": Checklist(),
        "file": Beneficiary(pk=7),
        "verifications": {},
        "incomes": [],
        "household": [],
        "can_verify": True,
    }
    words = {
        "ar": ("نظرة سريعة", "الدخل الشهري حسب المصدر", "لم يُسجَّل أحد من أفراد الأسرة.", "التحقق"),
        "en": ("At a glance", "Monthly income by source", "No household member recorded."),
    }
    for language in ("ar", "en", "ar", "en"):
        with translation.override(language):
            html = Template(source).render(Context(context))
        other = "en" if language == "ar" else "ar"
        assert all(word in html for word in words[language])
        assert not any(word in html for word in words[other][:3])


def test_the_messages_sent_as_the_file_page_drew_them_a_long_text_cut_at_80():
    from beneficiaries.models import Beneficiary
    from makin.models import Delivery, Notification

    at = datetime.datetime(2026, 11, 30, 11, 5, tzinfo=datetime.UTC)
    failed = Delivery(
        notification=Notification(created_at=at),
        medium="sms",
        text="<" + "ب" * 100,
        state="failed",
        last_error="refused <x>",
    )
    sent = Delivery(
        notification=Notification(created_at=at), medium="whatsapp", text="", state="sent"
    )
    file = Beneficiary(preferred_medium="whatsapp", whatsapp_consented_at=at)
    html = render(
        "{% load file_page %}{% file_messages file messages %}", file=file, messages=[failed, sent]
    )
    day = "30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH"
    assert html == (
        '<section class="card p-3 mt-3" id="messages" aria-labelledby="h-messages">\n'
        '      <h2 class="h5" id="h-messages">Messages sent</h2>\n'
        '      <p class="text-muted small">\n        Messages by: WhatsApp\n        \n'
        f"          · consented to WhatsApp on {day}\n        \n      </p>\n      \n"
        '        <table class="table table-sm align-middle">\n          <thead>\n'
        '            <tr>\n              <th scope="col">Date</th>\n'
        '              <th scope="col">Medium</th>\n              <th scope="col">Message</th>\n'
        '              <th scope="col">State</th>\n            </tr>\n          </thead>\n'
        "          <tbody>\n            "
        f"<tr>\n<td>{day}, 14:05</td>\n<td>SMS</td>\n<td><bdi>&lt;{'ب' * 78}…</bdi></td>\n"
        '<td>\n<span class="badge text-bg-danger">failed</span>\n'
        '<div class="small text-danger" dir="ltr">refused &lt;x&gt;</div>\n</td>\n</tr>\n'
        f"<tr>\n<td>{day}, 14:05</td>\n<td>WhatsApp</td>\n<td></td>\n"
        '<td>\n<span class="badge text-bg-info">sent</span>\n</td>\n</tr>\n'
        "\n          </tbody>\n        </table>\n      \n    </section>"
    )
    with translation.override("ar"):
        none = Template("{% load file_page %}{% file_messages file messages %}").render(
            Context({"file": Beneficiary(preferred_medium="sms"), "messages": []})
        )
    assert '<p class="text-muted mb-0">لم تُرسل رسائل بعد.</p>' in none


def test_the_line_under_the_files_name_for_staff_and_for_the_applicant():
    from beneficiaries.models import Beneficiary

    file = Beneficiary(national_id="1000000008", registered_via="website", owner_id=3)
    file.mobile = "+966551234567"
    source = "{% load file_page %}{% file_summary file staff_view %}"
    assert render(source, file=file, staff_view=True) == (
        '<p class="text-muted mb-0">\n'
        '        ID number <span dir="ltr">1000000008</span>\n'
        '        · Mobile <span dir="ltr">+966551234567</span>\n        \n'
        "          · The association&#x27;s website\n          · Has an online account\n"
        "        \n      </p>"
    )
    with translation.override("ar"):
        mine = Template(source).render(Context({"file": file, "staff_view": False}))
    assert mine == (
        '<p class="text-muted mb-0">\n'
        '        رقم الهوية <span dir="ltr">1000000008</span>\n'
        '        · الجوال <span dir="ltr">+966551234567</span>\n        \n      </p>'
    )


def test_the_documents_section_links_to_adding_one_only_for_those_who_may_change_the_file():
    from beneficiaries.models import Beneficiary

    source = (
        "{% load file_page %}{% file_documents file documents staff_view can_change can_verify %}"
    )
    context = {"file": Beneficiary(pk=7), "documents": [], "can_verify": True}
    staff = render(source, staff_view=True, can_change=True, **context)
    assert staff == (
        '<section class="card p-3 mt-3" id="documents" aria-labelledby="h-documents">\n'
        '    <div class="d-flex justify-content-between align-items-center mb-2">\n'
        '      <h2 class="h5 mb-0" id="h-documents">Documents</h2>\n      \n'
        '        <a class="btn btn-sm btn-outline-primary"\n'
        '           href="/en/staff/files/7/documents/">Add a document</a>\n      \n'
        "    </div>\n    \n\n"
        '  <p class="text-muted mb-0">No document yet.</p>\n\n\n  </section>'
    )
    mine = render(source, staff_view=False, can_change=True, **context)
    assert 'href="/en/my/file/documents/">Add a document</a>' in mine
    assert "Add a document" not in render(source, staff_view=True, can_change=False, **context)


def test_each_case_section_in_its_card_as_the_file_page_drew_them():
    from makin.case import CaseSection

    sections = [
        CaseSection(
            key="requests",
            title="Requests <all>",
            template="requests/includes/_case_requests.html",
            context={"requests": []},
        ),
        CaseSection(
            key="decisions",
            title="Decisions",
            template="committee/includes/_case_decisions.html",
            context={"decisions": [], "deliveries": [], "can_print_letters": False},
        ),
    ]
    html = render("{% load file_page %}{% case_cards sections %}", sections=sections)
    assert html == (
        '\n    <section class="card p-3 mb-3" id="case-requests" aria-labelledby="h-case-requests">'
        '\n      <h2 class="h5" id="h-case-requests">Requests &lt;all&gt;</h2>\n      '
        '\n\n  <p class="small text-muted mb-0">No request yet.</p>\n\n'
        "\n    </section>\n  "
        '\n    <section class="card p-3 mb-3" id="case-decisions"'
        ' aria-labelledby="h-case-decisions">'
        '\n      <h2 class="h5" id="h-case-decisions">Decisions</h2>\n      '
        '\n<h3 class="h6">Decisions</h3>\n\n  <p class="small text-muted">No decision yet.</p>\n'
        '\n<h3 class="h6">Deliveries</h3>\n\n'
        '  <p class="small text-muted mb-0">No delivery yet.</p>\n\n'
        "\n    </section>\n  "
    )


def test_a_value_is_shown_as_the_template_showed_it_whatever_its_type():
    """`file_page._value` localises what Django's templates localise and escapes the text of
    anything else, as `{{ value }}` does."""
    from decimal import Decimal

    from django.template.base import render_value_in_context

    from beneficiaries.models import BeneficiaryCategory
    from beneficiaries.templatetags.file_page import _value

    values = [
        "<b>",
        Decimal("1500.50"),
        12345,
        True,
        datetime.date(2026, 11, 30),
        datetime.datetime(2026, 11, 30, 11, 5, tzinfo=datetime.UTC),
        BeneficiaryCategory(name_ar="<فئة>"),
        User(first_name="نورة", last_name="<x>"),
        None,
    ]
    for language in ("ar", "en"):
        with translation.override(language):
            context = Context()
            for value in values:
                assert _value(value, context) == render_value_in_context(value, context)


def test_a_documents_size_made_once_reads_in_the_page_language_each_time():
    from django.template.defaultfilters import filesizeformat

    from beneficiaries.templatetags.file_page import _size

    for language in ("ar", "en", "ar", "en"):
        with translation.override(language):
            for size in (999, 123_456, 5 * 1024 * 1024):
                assert _size(size, translation.get_language()) == filesizeformat(size)
    with translation.override("ar"):
        assert _size(123_456, "ar") == "120.6\xa0ك.ب"
    with translation.override("en"):
        assert _size(123_456, "en") == "120.6\xa0KB"
