"""In Chromium: the chair builds the agenda and opens a meeting, two members vote, the chair
approves one request and rejects another, closes the meeting and downloads the minutes, and the
applicant sees the decision and its letter."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from committee.models import AgendaItem
from requests.models import Status
from tests.factories import (
    ApplicantFactory,
    BeneficiaryFactory,
    committee_member,
    committee_request,
    rejection_reason,
)

from .conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def snap(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def vote(page, base, item_pk, opinion, note):
    page.goto(f"{base}/committee/items/{item_pk}/")
    page.get_by_label(opinion, exact=True).check()
    page.get_by_label("ملاحظة").fill(note)
    page.get_by_role("button", name="تسجيل رأيي").click()
    expect(page.locator(".alert-success")).to_contain_text("سُجّل رأيك")


def test_a_meeting_from_agenda_to_letter(page, browser, live_server, tmp_path):
    base = live_server.url
    chair = committee_member(chair=True, first_name="عبدالله", last_name="الرفاعي")
    member1 = committee_member(first_name="خالد", last_name="العوفي")
    member2 = committee_member(first_name="فهد", last_name="الصاعدي")
    applicant = ApplicantFactory(first_name="أحمد")
    mine = committee_request(
        days_left=2, beneficiary=BeneficiaryFactory(owner=applicant, first_name="أحمد")
    )
    other = committee_request(days_left=-1, beneficiary__first_name="سلمان")
    reason = rejection_reason()

    # The chair schedules the meeting, builds its agenda and opens it.
    log_in(page, base, chair.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("لجنة البحث")
    expect(page.locator("main")).to_contain_text(other.reference)
    snap(page, "committee-dashboard-before")
    page.get_by_role("link", name="الاجتماعات", exact=True).click()
    page.get_by_role("link", name="جدولة اجتماع").click()
    page.get_by_label("اليوم", exact=True).fill("1448-06-21")  # 1 December 2026
    page.get_by_label("الوقت", exact=True).fill("19:30")
    page.get_by_label("حضوري").check()
    page.get_by_label("المكان").fill("مقر الجمعية في ينبع")
    page.get_by_role("button", name="جدولة", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("جُدول الاجتماع")
    # The candidates are on a page of their own, linked from the meeting's.
    page.get_by_role("link", name="اختيار الطلبات المراد إضافتها").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("إضافة طلبات إلى جدول الأعمال")
    page.get_by_label(re.compile(mine.reference)).check()
    page.get_by_label(re.compile(other.reference)).check()
    page.get_by_role("button", name="إضافة إلى جدول الأعمال").click()
    expect(page.locator("#agenda ~ article")).to_have_count(2)
    for person in (chair, member1, member2):
        page.get_by_label(str(person), exact=True).check()
    page.get_by_role("button", name="افتتاح الاجتماع").click()
    expect(page.locator(".alert-success")).to_contain_text("افتُتح الاجتماع")
    expect(page.locator("main")).to_contain_text("النصاب مكتمل")
    snap(page, "committee-meeting-open")
    meeting_url = page.url
    first, second = (AgendaItem.objects.get(request=r) for r in (mine, other))

    # Two members vote, each in their own browser.
    for person, size, name in ((member1, None, "member1"), (member2, PHONE, "member2")):
        context = browser.new_context(viewport=size) if size else browser.new_context()
        member_page = context.new_page()
        log_in(member_page, base, person.username)
        vote(member_page, base, first.pk, "قبول", "الحالة مستحقة")
        vote(member_page, base, second.pk, "رفض", "حصل على دعم قريب")
        snap(member_page, f"committee-vote-{name}")
        context.close()

    # The chair approves the first and rejects the second.
    page.goto(f"{base}/committee/items/{first.pk}/")
    expect(page.locator("main")).to_contain_text("الأغلبية: مقبول")
    snap(page, "committee-item-chair")
    page.get_by_label("نوع الدعم").select_option(label="إعانة مالية دفعة واحدة")
    page.get_by_label("المبلغ المعتمد (ريال)").fill("١٥٠٠")
    page.get_by_label("الشروط").fill("تقديم فاتورة الشراء")
    page.get_by_role("button", name="الموافقة على الطلب").click()
    # A confirmation page says what will happen, with the amount, and who will be told.
    expect(page.locator("main")).to_contain_text("المبلغ: \u20661,500.00\u2069 ريال.")
    # Recording sends the letter (a PDF made in the request by the test's immediate worker).
    page.get_by_role("button", name="تسجيل القرار").click(timeout=30_000)
    expect(page.locator(".alert-success")).to_contain_text("سُجّل القرار")
    page.goto(f"{base}/committee/items/{second.pk}/")
    page.get_by_label("السبب").select_option(str(reason.pk))
    page.get_by_label("توضيح لمقدم الطلب").fill("حصل على إعانة من الجمعية قبل أربعة أشهر")
    page.get_by_role("button", name="رفض الطلب").click()
    expect(page.locator("main")).to_contain_text("التوضيح لمقدم الطلب: حصل على إعانة")
    page.get_by_role("button", name="تسجيل القرار").click(timeout=30_000)
    expect(page.locator(".alert-success")).to_contain_text("سُجّل القرار")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (Status.APPROVED, Status.REJECTED)

    # The chair closes the meeting and downloads the minutes.
    page.goto(meeting_url)
    page.get_by_role("link", name="إغلاق الاجتماع").click()
    page.get_by_role("button", name="إغلاق الاجتماع").click()
    expect(page.locator(".alert-success")).to_contain_text("أُغلق الاجتماع")
    snap(page, "committee-meeting-closed")
    with page.expect_download() as download:
        page.get_by_role("link", name="المحضر (PDF)").click()
    minutes = SCREENSHOTS / "committee-minutes.pdf"
    download.value.save_as(minutes)
    text = subprocess.run(
        ["pdftotext", str(minutes), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert mine.reference in text
    assert other.reference in text
    assert "1,500.00" in text

    # The applicant sees the decision and opens the letter.
    context = browser.new_context()
    applicant_page = context.new_page()
    log_in(applicant_page, base, applicant.national_id)
    expect(applicant_page.locator("main")).to_contain_text("قرارات اللجنة في طلباتك")
    applicant_page.get_by_role("link", name="خطاباتي").first.click()
    main = applicant_page.locator("main")
    expect(main).to_contain_text(mine.reference)
    expect(main).to_contain_text("1,500.00")
    expect(main).not_to_contain_text(other.reference)
    snap(applicant_page, "committee-my-letters")
    link = applicant_page.get_by_role("link", name="فتح الخطاب (PDF)")
    letter = applicant_page.request.get(base + link.get_attribute("href"))
    assert letter.headers["content-type"] == "application/pdf"
    (SCREENSHOTS / "committee-letter.pdf").write_bytes(letter.body())
    context.close()
