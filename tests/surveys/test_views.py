"""The surveys app's pages: answering from the link, complaints and suggestions, surveys,
invitations and the reports with their exports."""

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from hijridate import Gregorian
from openpyxl import load_workbook

from makin.channels import Channel
from makin.roles import Role
from surveys import services
from surveys.models import (
    Answer,
    Feedback,
    FeedbackKind,
    FeedbackStatus,
    Invitation,
    Response,
    SurveyVersion,
)
from tests.factories import (
    BeneficiaryFactory,
    ServiceFactory,
    answers_for,
    published_survey,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return published_survey()


@pytest.fixture
def invitation(version):
    return services.invitation_create(
        beneficiary=BeneficiaryFactory(first_name="خالد"),
        channel=Channel.PHONE,
        staff=staff(Role.RECEPTION),
    )


def link(invitation) -> str:
    return "/s/" + services.invitation_token(invitation) + "/"


def fields(version, **by_code):
    data = {}
    for q in version.questions.all():
        if q.code in by_code:
            data[f"q{q.pk}"] = by_code[q.code]
    return data


# Answering ------------------------------------------------------------------------------------


def test_the_answer_page_is_arabic_accessible_and_says_rating_is_a_right(client, invitation):
    response = client.get(link(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "خالد" in html
    assert html.count("<fieldset") == 3  # two ratings and the yes/no
    assert html.count("<legend") == 3
    assert "راضٍ جدًا" in html
    assert "حق لك" in html
    assert "ولا نستخدمه أبدًا للعقاب" in html


def test_answering_records_the_response_and_thanks(client, version, invitation):
    data = fields(version, overall="5", speed="4", recommend="yes", comments="شكرًا لكم")
    response = client.post(link(invitation), data)
    assert response.status_code == 302
    assert response.url == "/s/thanks/"
    saved = Response.objects.get(invitation=invitation)
    assert saved.version == version
    assert sorted(
        Answer.objects.filter(response=saved).values_list("question__code", flat=True)
    ) == [
        "comments",
        "overall",
        "recommend",
        "speed",
    ]
    # The same link again: a clear page, nothing changes.
    again = client.post(link(invitation), data)
    assert again.status_code == 410
    assert "تمت الإجابة" in again.content.decode()
    assert Response.objects.count() == 1
    assert client.get(link(invitation)).status_code == 410


def test_a_missing_answer_is_shown_next_to_its_question_and_keeps_the_rest(
    client, version, invitation
):
    data = fields(version, overall="5", comments="ملاحظة مكتوبة")
    response = client.post(link(invitation), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "يُرجى اختيار إجابة" in html
    assert "ملاحظة مكتوبة" in html
    assert re.search(r'value="5"\s+checked', html)
    assert not Response.objects.exists()


def test_a_forged_link_gets_a_clear_page(client, invitation):
    token = services.invitation_token(invitation)
    for bad in (token[:-3] + "abc", "123-abc.def", "anything"):
        response = client.get(f"/s/{bad}/")
        assert response.status_code == 404
        assert "غير صالح" in response.content.decode()
        assert client.post(f"/s/{bad}/", {}).status_code == 404
    assert not Response.objects.exists()


def test_an_expired_link_gets_a_clear_page(client, version, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(link(invitation), fields(version, overall="5", speed="5"))
    assert response.status_code == 410
    assert "انتهت صلاحية" in response.content.decode()
    assert not Response.objects.exists()


def test_the_english_answer_page(client, invitation):
    response = client.get("/en" + link(invitation))
    assert response.status_code == 200
    assert "Very satisfied" in response.content.decode()


# Complaints and suggestions ------------------------------------------------------------------


def test_anonymous_feedback(client):
    response = client.post(
        "/feedback/",
        {"kind": "suggestion", "subject": "مواعيد مسائية", "body": "نرجو فتح الاستقبال مساءً"},
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.user, item.name, item.kind) == (None, "", FeedbackKind.SUGGESTION)
    thanks = client.get(response.url).content.decode()
    assert item.reference in thanks


def test_feedback_bad_input_keeps_what_was_typed(client):
    response = client.post(
        "/feedback/", {"kind": "complaint", "subject": "", "body": "نص الشكوى", "mobile": "123"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in html
    assert "أدخل رقم جوال سعوديًا" in html
    assert "نص الشكوى" in html
    assert not Feedback.objects.exists()


def test_the_honeypot_stops_bots(client):
    response = client.post(
        "/feedback/",
        {"kind": "complaint", "subject": "spam", "body": "spam", "website": "http://spam"},
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_too_many_messages_from_one_address(client):
    data = {"kind": "suggestion", "subject": "اقتراح", "body": "نص"}
    for _n in range(services.FEEDBACK_PER_HOUR):
        assert client.post("/feedback/", data).status_code == 302
    response = client.post("/feedback/", data)
    assert response.status_code == 200
    assert "عدة رسائل" in response.content.decode()
    assert Feedback.objects.count() == services.FEEDBACK_PER_HOUR


def test_an_applicant_follows_their_feedback_and_not_others(client_for, applicant, other_applicant):
    client = client_for(applicant)
    response = client.post(
        "/my/feedback/", {"kind": "complaint", "subject": "تأخر", "body": "تأخر الرد"}
    )
    assert response.status_code == 302
    mine = Feedback.objects.get()
    assert mine.user == applicant
    assert client.get(f"/my/feedback/{mine.reference}/").status_code == 200
    assert client_for(other_applicant).get(f"/my/feedback/{mine.reference}/").status_code == 404
    assert client_for(other_applicant).get("/my/feedback/NOPE/").status_code == 404
    bad = client_for(applicant).post("/my/feedback/", {"kind": "complaint", "subject": "x"})
    assert "هذا الحقل مطلوب" in bad.content.decode()
    assert Feedback.objects.count() == 1


def test_staff_reply_reaches_the_applicant(
    client_for, applicant, django_capture_on_commit_callbacks
):
    item = services.feedback_submit(kind="complaint", subject="تأخر", body="ن", user=applicant)
    client = client_for(staff(Role.RECEPTION))
    url = f"/staff/feedback/{item.reference}/"
    bad = client.post(url, {"target": FeedbackStatus.RESOLVED, "reply": "", "expected": "open"})
    assert "يُرجى كتابة الرد" in bad.content.decode()
    item.refresh_from_db()
    assert item.status == FeedbackStatus.OPEN
    resolve = {"target": FeedbackStatus.RESOLVED, "reply": "تمت المعالجة", "expected": "open"}
    # Resolving asks first, on a page that says the reply goes to the person.
    asked = client.post(url, resolve).content.decode()
    assert "الشخص الذي كتب إلينا: الرد، بالبريد الإلكتروني أو برسالة نصية." in asked
    item.refresh_from_db()
    assert item.status == FeedbackStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**resolve, "confirmed": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.RESOLVED
    assert mail.outbox[-1].to == [applicant.email]
    page = client_for(applicant).get(f"/my/feedback/{item.reference}/").content.decode()
    assert "تمت المعالجة" in page
    assert "بعد 0.0 ساعة" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_feedback_lists_do_not_grow_in_queries(
    client_for, applicant, django_assert_num_queries, rows
):
    for n in range(rows):
        services.feedback_submit(kind="suggestion", subject=f"اقتراح {n}", body="ن", user=applicant)
    manager = client_for(staff(Role.MANAGER))
    with django_assert_num_queries(3):
        assert manager.get("/staff/feedback/").status_code == 200
    own = client_for(applicant)
    with django_assert_num_queries(2):
        assert own.get("/my/feedback/").status_code == 200


# Invitations after a visit or call -----------------------------------------------------------


def test_reception_sends_a_survey_after_a_call(
    client_for, version, django_capture_on_commit_callbacks
):
    beneficiary = BeneficiaryFactory(email="call@example.com")
    officer = staff(Role.RECEPTION)
    client = client_for(officer)
    bad = client.post("/staff/surveys/invite/", {"national_id": "1234", "channel": "phone"})
    assert bad.status_code == 200
    assert "1234" in bad.content.decode()
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/surveys/invite/", {"national_id": beneficiary.national_id, "channel": "phone"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.staff, invitation.channel, invitation.request) == (officer, "phone", None)
    assert mail.outbox[-1].to == ["call@example.com"]


# Question sets -------------------------------------------------------------------------------


def formset_data(questions, total=None):
    data = {
        "q-TOTAL_FORMS": str(total or len(questions)),
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
    }
    for i, q in enumerate(questions):
        for key, value in q.items():
            data[f"q-{i}-{key}"] = value
        data[f"q-{i}-ORDER"] = str(i + 1)
    return data


def test_editing_a_published_version_from_the_page_makes_version_2(client_for, version):
    client = client_for(staff(Role.MANAGER))
    questions = [
        {"code": "overall", "kind": "rating", "text_ar": "رضاك العام؟", "required": "on"},
        {
            "code": "",
            "kind": "choice",
            "text_ar": "كيف عرفت عنا؟",
            "choices_ar": "صديق\nالموقع",
            "required": "on",
        },
    ]
    response = client.post(f"/staff/surveys/versions/{version.pk}/", formset_data(questions))
    assert response.status_code == 302
    new = SurveyVersion.objects.get(number=2)
    assert response.url == f"/staff/surveys/versions/{new.pk}/"
    assert [q.text_ar for q in new.questions.all()] == ["رضاك العام؟", "كيف عرفت عنا؟"]
    assert version.questions.count() == 4


def test_question_formset_bad_input(client_for, version):
    client = client_for(staff(Role.MANAGER))
    questions = [{"kind": "choice", "text_ar": "سؤال اختيار", "choices_ar": "واحد"}]
    response = client.post(f"/staff/surveys/versions/{version.pk}/", formset_data(questions))
    html = response.content.decode()
    assert response.status_code == 200
    assert "خيارين على الأقل" in html
    assert "سؤال اختيار" in html
    assert SurveyVersion.objects.count() == 1
    missing = client.post(
        f"/staff/surveys/versions/{version.pk}/", formset_data([{"kind": "rating"}])
    )
    assert "هذا الحقل مطلوب" in missing.content.decode()


def test_creating_a_survey_and_bad_input(client_for):
    client = client_for(staff(Role.MANAGER))
    bad = client.post("/staff/surveys/", {"name_ar": "", "name_en": "Typed"})
    assert "هذا الحقل مطلوب" in bad.content.decode()
    assert "Typed" in bad.content.decode()
    assert client.post("/staff/surveys/", {"name_ar": "استبيان الزيارات"}).status_code == 302


# Reports -------------------------------------------------------------------------------------


@pytest.fixture
def answered(version):
    officer = staff(Role.RECEPTION, first_name="نورة", last_name="الحربي")
    for n, rating in enumerate([5, 4, 2]):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=n + 1)):
            inv = services.invitation_create(
                beneficiary=BeneficiaryFactory(), channel=Channel.INTERVIEW, staff=officer
            )
        services.response_submit(
            invitation=inv,
            answers=answers_for(version, overall=rating, speed=rating, recommend=True),
        )
    return officer


def test_the_report_page_shows_the_figures(client_for, answered):
    html = client_for(staff(Role.MANAGER)).get("/staff/reports/").content.decode()
    assert 'data-figure="index"' in html
    assert ">67%<" in html  # 4 of 6 ratings are 4 or 5
    assert "نورة الحربي" in html
    assert "<svg" in html


def test_the_report_tables_of_a_period_without_requests(client_for, answered):
    """No request in the period: each request table says so in one cell; the committee's and
    the complaints' tables still list their figures (zero, or a dash for no median)."""
    html = client_for(staff(Role.MANAGER)).get("/staff/reports/").content.decode()
    empty = '<tr><td colspan="2">لا توجد طلبات في هذه الفترة.</td></tr>'
    assert html.count(empty) == 2
    assert '<h2 class="h5" id="volume-heading">الطلبات حسب القناة</h2>' in html
    assert (
        '<tr><th scope="row">الطلبات المكتملة في الفترة</th><td><span dir="ltr">0</span></td></tr>'
        in html
    )
    assert (
        '<tr><th scope="row">وسيط أيام صدور القرار</th><td><span dir="ltr">—</span></td></tr>'
        in html
    )


def test_the_report_accepts_hijri_dates(client_for, answered):
    today = timezone.localdate()
    h = Gregorian(today.year, today.month, today.day).to_hijri()
    client = client_for(staff(Role.MANAGER))
    response = client.get(
        "/staff/reports/",
        {
            "calendar": "hijri",
            "start": f"{h.year}-{h.month:02d}-01",
            "end": f"{h.year}-{h.month}-{h.day}",
        },
    )
    report = response.context["report"]
    start = Gregorian.fromdate(report.filter.start).to_hijri()
    assert (start.year, start.month, start.day) == (h.year, h.month, 1)
    assert report.filter.end == today


def test_report_filter_bad_input(client_for, answered):
    client = client_for(staff(Role.MANAGER))
    bad_day = "أدخل تاريخًا صحيحًا، هجريًا (1447-05-10) أو ميلاديًا (2025-11-01)"
    response = client.get("/staff/reports/", {"calendar": "hijri", "start": "1447-13-01"})
    html = response.content.decode()
    assert bad_day in html
    assert "1447-13-01" in html
    muharram = client.get("/staff/reports/", {"start": "1448-01-30"})  # Muharram has 29 days
    assert bad_day in muharram.content.decode()
    later = client.get("/staff/reports/", {"start": "2026-03-01", "end": "2026-02-01"})
    assert "قبل تاريخ البداية" in later.content.decode()
    far = client.get("/staff/reports/", {"start": "9999-12-31"})
    assert far.status_code == 200
    assert bad_day in far.content.decode()
    words = client.get("/staff/reports/", {"start": "أمس"})
    assert "سنة-شهر-يوم" in words.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_report_page_queries_do_not_grow(client_for, version, django_assert_num_queries, rows):
    officer = staff(Role.RECEPTION)
    for n in range(rows):
        inv = services.invitation_create(
            beneficiary=BeneficiaryFactory(),
            channel=[Channel.PHONE, Channel.INTERVIEW][n % 2],
            staff=officer,
        )
        services.response_submit(
            invitation=inv, answers=answers_for(version, overall=1 + n % 5, speed=3, recommend=True)
        )
    client = client_for(staff(Role.MANAGER))
    client.get("/staff/reports/")
    # The session with the person, then the services and every figure of the report in one
    # round trip (the Hijri months' trend with them).
    with django_assert_num_queries(2):
        assert client.get("/staff/reports/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/staff/reports/", {"calendar": "hijri"}).status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/staff/reports/", {"channel": "phone"}).status_code == 200
    # A service chosen: the form looks it up first.
    service = ServiceFactory()
    with django_assert_num_queries(3):
        assert client.get("/staff/reports/", {"service": service.pk}).status_code == 200


def test_the_xlsx_export(client_for, answered):
    client = client_for(staff(Role.MANAGER))
    phone = load_workbook(
        io.BytesIO(client.get("/staff/reports/report.xlsx?channel=phone").content)
    )
    phone_rows = {r[0]: r[1] for r in phone.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert phone_rows["قناة التواصل"] == "الهاتف"
    assert phone_rows["الاستبيانات المُجاب عنها"] == 0
    response = client.get("/staff/reports/report.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    summary = wb.worksheets[0]
    assert summary.sheet_view.rightToLeft
    rows = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["مؤشر الرضا (%)"] == pytest.approx(66.7)
    assert rows["الاستبيانات المُجاب عنها"] == 3
    staff_sheet = wb["حسب الموظف"]
    assert [c.value for c in staff_sheet[2]][:3] == ["نورة الحربي", 6, pytest.approx(66.7)]


@pytest.mark.parametrize("rows", [3, 30])
def test_survey_pages_do_not_grow_in_queries(client_for, django_assert_num_queries, rows):
    manager = staff(Role.MANAGER)
    version = published_survey(manager=manager)
    for n in range(rows):
        services.survey_create(name_ar=f"استبيان {n}", actor=manager)
        changed = [{"code": "overall", "kind": "rating", "text_ar": f"سؤال {n}"}]
        draft = services.version_save_questions(version=version, questions=changed, actor=manager)
        services.version_publish(version=draft, actor=manager)
        version = draft
    client = client_for(manager)
    with django_assert_num_queries(4):
        assert client.get("/staff/surveys/").status_code == 200
    with django_assert_num_queries(4):
        page = client.get(f"/staff/surveys/{version.survey_id}/")
    assert page.status_code == 200
    assert page.content.decode().count("/publish/") == 0  # every version is published


def test_a_choice_question_is_answered_from_its_options(client):
    version = published_survey(
        questions=[
            {
                "code": "heard",
                "kind": "choice",
                "text_ar": "كيف عرفت عن الجمعية؟",
                "text_en": "How did you hear of us?",
                "choices_ar": "صديق\nالموقع\nالمسجد",
                "choices_en": "A friend\nThe website\nThe mosque",
            }
        ]
    )
    invitation = services.invitation_create(
        beneficiary=BeneficiaryFactory(), channel=Channel.WEBSITE, staff=None
    )
    html = client.get(link(invitation)).content.decode()
    assert "المسجد" in html
    assert "The mosque" in client.get("/en" + link(invitation)).content.decode()
    bad = client.post(link(invitation), fields(version, heard="7"))
    assert bad.status_code == 200
    assert not Response.objects.exists()
    assert client.post(link(invitation), fields(version, heard="2")).status_code == 302
    assert Answer.objects.get().choice == 2


def test_the_invitation_form_opened_from_a_file_carries_its_id_number(client_for):
    from makin.roles import Role
    from tests.factories import BeneficiaryFactory, staff

    beneficiary = BeneficiaryFactory()
    page = (
        client_for(staff(Role.RECEPTION))
        .get(f"/staff/surveys/invite/?national_id={beneficiary.national_id}")
        .content.decode()
    )
    assert f'value="{beneficiary.national_id}"' in page


def test_behind_the_proxy_the_feedback_limit_counts_each_visitor(client):
    data = {"kind": "suggestion", "subject": "اقتراح", "body": "نص"}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _n in range(5):
        response = client.post("/feedback/", data, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
        assert response.status_code == 302
    refused = client.post("/feedback/", data, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert refused.status_code == 200
    other = client.post("/feedback/", data, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 302
    assert Feedback.objects.count() == 6


@pytest.mark.parametrize(
    ("first", "start", "end"),
    [("hijri", "1447-11-14", "1448-06-20"), ("gregorian", "2026-05-01", "2026-11-30")],
)
def test_the_report_opens_on_dates_in_the_persons_calendar(client_for, first, start, end):
    manager = staff(Role.MANAGER, calendar_first=first)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)):
        response = client_for(manager).get("/staff/reports/")
    html = response.content.decode()
    assert f'name="start" value="{start}"' in html
    assert f'name="end" value="{end}"' in html
    assert response.context["report"].filter.calendar == first
