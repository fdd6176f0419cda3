"""In Chromium: a beneficiary answers the survey from the invitation link on a phone, then a
manager opens the report and finds the answer counted."""

import re

import pytest
from playwright.sync_api import expect

from makin.channels import Channel
from makin.roles import Role
from surveys import services
from tests.browser.conftest import log_in
from tests.factories import BeneficiaryFactory, published_survey, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_beneficiary_answers_and_the_manager_sees_it_counted(page, live_server, shot):
    manager = staff(Role.MANAGER)
    published_survey(manager=manager)
    officer = staff(Role.RECEPTION, first_name="نورة", last_name="الحربي")
    invitation = services.invitation_create(
        beneficiary=BeneficiaryFactory(first_name="خالد"), channel=Channel.PHONE, staff=officer
    )
    link = live_server.url + "/s/" + services.invitation_token(invitation) + "/"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("قيِّم خدمتنا")
    expect(page.locator("main")).to_contain_text("تقييم خدمتنا حق لك")
    overall = page.get_by_role("group", name="ما مدى رضاك عن الخدمة بشكل عام؟")
    overall.get_by_text("راضٍ جدًا").click()
    expect(overall.get_by_role("radio", name="راضٍ جدًا")).to_be_checked()
    speed = page.get_by_role("group", name="ما مدى رضاك عن سرعة إنجاز طلبك؟")
    speed.locator("label").filter(has_text=re.compile(r"^\s*4\s")).click()
    expect(speed.get_by_role("radio", name="4 راضٍ", exact=True)).to_be_checked()
    page.get_by_role("group", name="هل تنصح غيرك بالتعامل مع الجمعية؟").get_by_text("نعم").click()
    page.get_by_label("ملاحظاتك").fill("شكرًا على حسن الاستقبال")
    # A large touch target: each option is at least 44 px high.
    box = overall.locator("label").first.bounding_box()
    assert box["height"] >= 44
    shot("survey-answer-phone")
    page.get_by_role("button", name="إرسال إجاباتي").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("شكرًا لك على إجاباتك")
    shot("survey-thanks-phone")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("تمت الإجابة عن هذا الاستبيان")

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, manager.username)
    page.goto(live_server.url + "/staff/reports/")
    expect(page.locator('[data-figure="index"]')).to_have_text("100%")
    expect(page.locator('[data-figure="response-rate"]')).to_have_text("100%")
    expect(page.locator("main")).to_contain_text("نورة الحربي")
    expect(page.locator("main")).to_contain_text("شكرًا على حسن الاستقبال")
    shot("survey-report-manager")


def test_the_reports_pdf_is_followed_on_its_page_until_ready(page, live_server, shot):
    """The worker has not made the PDF yet: the page says so in its live region and asks again
    by itself (htmx); once made, the same region offers the file, without a reload."""
    from surveys.models import ReportExport
    from surveys.reports import default_filter

    manager = staff(Role.MANAGER)
    export = ReportExport.objects.create(
        requested_by=manager,
        filter=services.report_filter_dump(default_filter()),
        language="ar",
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, manager.username)
    page.goto(f"{live_server.url}/staff/reports/pdf/{export.pk}/")
    status = page.locator("#report-export-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("جارٍ إعداد الملف")
    expect(status.get_by_role("link", name="تحديث")).to_be_visible()
    shot("report-pdf-pending")
    assert services.report_export_make(export_id=str(export.pk)) == "ready"
    expect(status.get_by_role("link", name="تنزيل الملف (PDF)")).to_be_visible(timeout=10_000)
    expect(status).to_contain_text("الملف جاهز")
    shot("report-pdf-ready")

    # Asked for from the reports page, the PDF is made at once by the tests' in-process worker.
    page.goto(live_server.url + "/staff/reports/")
    page.get_by_role("button", name="PDF").click()
    expect(page.locator("#report-export-status")).to_contain_text("الملف جاهز")
    assert ReportExport.objects.count() == 2
