"""In Chromium, one whole case as the people who work it: reception registers a walk-in and a
request for them and marks it incomplete with one free item; the applicant (their account, the
test's) sends the document for that item from the request's page and submits again; reception
verifies and hands it to the researcher, who reports (the applicant's page and messages carry no
recommendation); the chair decides after the confirmation page; the applicant gets the SMS and
the letter's e-mail; and the staff case page shows all of it."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from beneficiaries.models import Beneficiary
from committee import services as committee_services
from committee.models import AgendaItem, MeetingMode, Opinion
from makin import sms
from makin.roles import Role
from requests.models import Status, SupportRequest
from tests.browser.conftest import log_in
from tests.browser.test_foundation import log_out
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    ServiceFactory,
    committee_member,
    document_kind,
    make_national_id,
    staff,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINDINGS = "وجدنا الأسرة في سكن مستأجر متواضع"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_one_whole_case_from_the_desk_to_the_letter(page, browser, live_server, tmp_path):
    base = live_server.url
    document_kind("other")
    service = ServiceFactory(code="teachers", name_ar="إعانة مالية للمعلمين", max_amount=5000)
    reception = staff(Role.RECEPTION, first_name="نورة", last_name="الحربي")
    researcher = staff(Role.RESEARCHER, first_name="سلمان", last_name="الجهني")
    chair = committee_member(chair=True, first_name="عبدالله", last_name="الرفاعي")
    members = [committee_member(), committee_member()]
    national_id = make_national_id(7345)
    salary = tmp_path / "salary.pdf"
    salary.write_bytes(PDF_BYTES)
    sms.outbox.clear()

    # 1. Reception registers the walk-in's file and a request for them, signed at the desk.
    log_in(page, base, reception.username)
    page.goto(f"{base}/staff/files/new/")
    values = {
        "national_id": national_id,
        "first_name": "مريم",
        "father_name": "سعيد",
        "grandfather_name": "علي",
        "family_name": "القرشي",
        "gender": "female",
        "birth_date": "1985-03-14",
        "id_expiry": (datetime.date.today() + datetime.timedelta(days=400)).isoformat(),
        "mobile": "0551234567",
    }
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_label("أُبلغ المراجع بإشعار الخصوصية ووافق عليه.").check()
    page.get_by_role("button", name="إنشاء الملف").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("مريم")
    file = Beneficiary.objects.get(national_id=national_id)
    assert file.owner_id is None

    page.goto(f"{base}/staff/requests/new/")
    page.locator('[name="national_id"]').fill(national_id)
    page.locator('[name="service"]').select_option(str(service.pk))
    page.locator('[name="channel"]').select_option("interview")
    page.get_by_role("button", name="بدء الطلب").click()
    page.get_by_label("تفاصيل الطلب").fill("معلمة حلقات تحتاج إعانة لرسوم الدورة.")
    page.get_by_label("المبلغ المطلوب (ريال)").fill("1500")
    page.get_by_role("button", name="حفظ ومتابعة").click()
    page.locator("main").get_by_role("link", name="التالي").click()
    page.get_by_role("link", name="المتابعة إلى الإقرار").click()
    page.get_by_label("أؤكد الإقرار أعلاه.").check()
    page.get_by_label("اسمك الكامل").fill(file.full_name)
    page.get_by_label("أوقّع هذا الإقرار إلكترونيًا", exact=False).check()
    req = SupportRequest.objects.get(beneficiary=file)
    page.get_by_role("button", name="التوقيع وتقديم الطلب").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(req.reference)
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED

    # 2. Reception marks it incomplete, asking for one free item.
    page.get_by_role("link", name="إعادته ناقصًا").click()
    page.get_by_label("نواقص أخرى").fill("شهادة راتب حديثة")
    page.get_by_role("button", name="تأكيد").click()
    expect(page.locator("main")).to_contain_text("لم يُرسل بعد")
    req.refresh_from_db()
    assert req.status == Status.INCOMPLETE
    log_out(page)

    # 3. The person has an online account now (the test's); they answer the item and submit.
    applicant = ApplicantFactory(national_id=national_id, email="maryam@example.com")
    file.owner = applicant
    file.email = "maryam@example.com"
    file.save()
    log_in(page, base, applicant.username)
    page.goto(f"{base}/my/requests/{req.reference}/")
    item = page.locator(f"#item-{req.missing_items.get().pk}")
    expect(item).to_contain_text("شهادة راتب حديثة")
    item.get_by_label("الملف").set_input_files(str(salary))
    item.get_by_role("button", name="أرسل هذا المستند").click()
    expect(page.get_by_text("استُلم المستند وأُضيف إلى ملفك.")).to_be_visible()
    expect(page.locator(f"#item-{req.missing_items.get().pk}")).to_contain_text("أُجيب عنه")
    page.get_by_role("link", name="استكمال الطلب").click()
    page.get_by_role("button", name="حفظ ومتابعة").click()
    page.locator("main").get_by_role("link", name="التالي").click()
    page.get_by_role("link", name="المتابعة إلى الإقرار").click()
    page.get_by_label("أؤكد الإقرار أعلاه.").check()
    page.get_by_label("اسمك الكامل").fill(file.full_name)
    page.get_by_label("أوقّع هذا الإقرار إلكترونيًا", exact=False).check()
    page.get_by_role("button", name="التوقيع وتقديم الطلب").click()
    expect(page.get_by_text("قُدِّم طلبك رقم")).to_be_visible()
    log_out(page)

    # 4. Reception sees the answer, verifies and hands the request to the researcher.
    log_in(page, base, reception.username)
    page.goto(f"{base}/staff/requests/{req.reference}/")
    expect(page.locator("main")).to_contain_text("مستند آخر: شهادة راتب حديثة")
    page.get_by_role("link", name="اعتماد التحقق").click()
    page.get_by_role("button", name="تأكيد").click()
    expect(page.get_by_text("تم: أصبح الطلب «تم التحقق»")).to_be_visible()
    page.get_by_role("link", name="إحالة إلى البحث الاجتماعي").click()
    page.get_by_label("الباحث الاجتماعي").select_option(label="سلمان الجهني")
    page.get_by_role("button", name="إسناد وإحالة إلى البحث").click()
    expect(page.get_by_text("أُسند الطلب إلى الباحث الاجتماعي.")).to_be_visible()
    log_out(page)

    # 5. The researcher reports and recommends.
    log_in(page, base, researcher.username)
    page.goto(f"{base}/staff/requests/{req.reference}/research/")
    page.get_by_label("نوع الزيارة").select_option("home_visit")
    page.get_by_label("تاريخ الزيارة").fill(timezone.localdate().isoformat())
    page.get_by_label("من تمت مقابلته").fill("صاحبة الطلب")
    page.get_by_label("النتائج").fill(FINDINGS)
    page.get_by_label("الأسرة مطابقة للملف").check()
    page.get_by_label("التوصية").select_option("approve")
    page.get_by_role("button", name="حفظ وإحالة إلى اللجنة").click()
    expect(page.get_by_text("حُفظ التقرير وأُحيل الطلب إلى اللجنة.")).to_be_visible()
    log_out(page)

    # The applicant's page and messages say it waits for the committee, never what was advised.
    log_in(page, base, applicant.username)
    page.goto(f"{base}/my/requests/{req.reference}/")
    main = page.locator("main")
    expect(main).to_contain_text("جاهز للعرض على اللجنة")
    expect(main).not_to_contain_text("يوصي الباحث")
    expect(main).not_to_contain_text(FINDINGS)
    page.goto(f"{base}/notifications/")
    expect(page.locator("main")).not_to_contain_text("يوصي الباحث")
    for message in mail.outbox:
        assert "يوصي الباحث" not in message.body
    for _to, text in sms.outbox:
        assert "يوصي الباحث" not in text
    log_out(page)

    # 6. The meeting is open with the request on its agenda and a member's vote; the chair
    # decides in the browser, after the page that says what will happen.
    meeting = committee_services.meeting_create(
        number=committee_services.next_meeting_number(),
        starts_at=timezone.now(),
        mode=MeetingMode.IN_PERSON,
        place="مقر الجمعية",
        actor=chair,
    )
    committee_services.meeting_open(meeting=meeting, attendees=[chair, *members], actor=chair)
    committee_services.agenda_add(meeting=meeting, requests=[req], actor=chair)
    agenda_item = AgendaItem.objects.get(request=req)
    committee_services.vote_cast(item=agenda_item, actor=members[0], opinion=Opinion.APPROVE)
    mail.outbox.clear()
    sms.outbox.clear()
    log_in(page, base, chair.username)
    page.goto(f"{base}/committee/items/{agenda_item.pk}/")
    page.get_by_label("نوع الدعم").select_option(label="إعانة مالية دفعة واحدة")
    page.get_by_label("المبلغ المعتمد (ريال)").fill("1500")
    page.get_by_role("button", name="الموافقة على الطلب").click()
    expect(page.locator("main")).to_contain_text("المبلغ: \u20661,500.00\u2069 ريال.")
    page.get_by_role("button", name="تسجيل القرار").click(timeout=30_000)
    expect(page.locator(".alert-success")).to_contain_text("سُجّل القرار")
    log_out(page)
    req.refresh_from_db()
    assert req.status == Status.APPROVED
    assert AgendaItem.objects.get(request=req).decision.amount == Decimal("1500")

    # 7. The applicant is told by SMS and gets the letter by e-mail.
    texts = [text for to, text in sms.outbox if to == str(applicant.mobile)]
    assert f"مكين: قرار اللجنة في طلبك {req.reference}: مقبول. الخطاب في حسابك." in texts
    letters = [m for m in mail.outbox if m.to == ["maryam@example.com"] and m.attachments]
    assert len(letters) == 1
    assert letters[0].attachments[0][2] == "application/pdf"

    # 8. The staff case page shows the whole case.
    log_in(page, base, reception.username)
    page.goto(f"{base}/staff/files/{file.pk}/")
    case = page.locator("main")
    expect(case).to_contain_text(req.reference)
    expect(case).to_contain_text("مقبول")
    expect(case).to_contain_text("\u20661,500.00\u2069 ريال")
    decision = AgendaItem.objects.get(request=req).decision
    letter = reverse("committee:staff_letter", args=[decision.pk])
    expect(case.locator(f'a[href="{letter}"]')).to_have_count(1)
