"""In Chromium, the whole path of a request: the applicant submits online, reception marks it
incomplete, the applicant completes it, reception verifies, the researcher recommends."""

import pytest
from playwright.sync_api import expect

from makin.roles import Role
from requests.models import Status, SupportRequest
from tests.browser.conftest import log_in
from tests.browser.test_foundation import log_out
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    BeneficiaryFactory,
    DocumentKindFactory,
    ServiceFactory,
    document_kind,
    staff,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign(page):
    canvas = page.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 25, box["y"] + 60 + (step % 3) * 20)
    page.mouse.up()


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus, as a keyboard-only person does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_a_request_from_online_submission_to_the_committee(page, live_server, shot, tmp_path):
    base = live_server.url
    kind = DocumentKindFactory(code="id_copy", name_ar="صورة الهوية")
    # An ID copy has an expiry date, seeded list or not.
    kind.has_expiry = True
    kind.save(update_fields=["has_expiry"])
    document_kind("other")  # what a free item's answer is filed as
    service = ServiceFactory(code="circles", name_ar="دعم حلقات التحفيظ", max_amount=5000)
    service.required_document_kinds.add(kind)
    applicant = ApplicantFactory()
    beneficiary = BeneficiaryFactory(owner=applicant)
    reception = staff(Role.RECEPTION, first_name="نورة", last_name="الحربي")
    researcher = staff(Role.RESEARCHER, first_name="سلمان", last_name="الجهني")
    scan = tmp_path / "id.pdf"
    scan.write_bytes(PDF_BYTES)

    # Playwright turns on file-chooser interception without waiting for it: subscribe now,
    # long before the key press, or the press can win the race and the chooser never comes.
    page.on("filechooser", lambda chooser: None)

    # 1. The applicant applies online.
    log_in(page, base, applicant.username)
    # The whole wizard by keyboard alone: Tab to each control, type, Space and Enter.
    page.goto(f"{base}/my/requests/new/")
    tab_to(page, page.get_by_label("دعم حلقات التحفيظ"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="التالي"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("تفاصيل الطلب"))
    page.keyboard.type("نحتاج مصاحف ووسائل تعليمية لحلقة المسجد.")
    tab_to(page, page.get_by_label("المبلغ المطلوب (ريال)"))
    page.keyboard.type("2500")
    tab_to(page, page.get_by_role("button", name="حفظ ومتابعة"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("حُفظ مسودةً.")).to_be_visible()
    tab_to(page, page.get_by_label("نوع المستند"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("نوع المستند")).to_have_value(str(kind.pk))
    tab_to(page, page.get_by_label("الملف"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(scan))
    tab_to(page, page.get_by_label("تاريخ انتهاء الصلاحية"))
    page.keyboard.type("2030-01-01")
    tab_to(page, page.get_by_role("button", name="رفع"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("أُضيف المستند إلى ملفك.")).to_be_visible()
    shot("requests-wizard-documents")
    tab_to(page, page.locator("main").get_by_role("link", name="التالي"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("نحتاج مصاحف ووسائل تعليمية")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="المتابعة إلى الإقرار"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("أؤكد الإقرار أعلاه."))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("اسمك الكامل"))
    page.keyboard.type(beneficiary.full_name)
    # No drawing: the ticked statement makes the typed name the signature.
    tab_to(page, page.get_by_label("أوقّع هذا الإقرار إلكترونيًا", exact=False))
    page.keyboard.press("Space")
    shot("requests-wizard-declaration")
    tab_to(page, page.get_by_role("button", name="التوقيع وتقديم الطلب"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("قُدِّم طلبك رقم")).to_be_visible()
    req = SupportRequest.objects.get()
    assert req.status == Status.SUBMITTED
    assert (req.declaration_method, req.signature) == ("typed", "")
    expect(page.get_by_role("link", name="إيصال الاستلام (PDF)")).to_be_visible()
    shot("requests-my-detail-submitted")
    log_out(page)

    # 2. Reception marks it incomplete with what is missing.
    log_in(page, base, reception.username)
    page.goto(f"{base}/staff/requests/{req.reference}/")
    shot("requests-staff-detail-submitted")
    page.get_by_role("link", name="إعادته ناقصًا").click()
    page.get_by_label("نواقص أخرى").fill("صورة واضحة من الهوية")
    page.get_by_role("button", name="تأكيد").click()
    expect(page.get_by_text("صورة واضحة من الهوية").first).to_be_visible()
    log_out(page)

    # 3. The applicant sees the items (the ID, not verified yet, and the free one), sends a
    # document for each from the request's page and submits again.
    log_in(page, base, applicant.username)
    page.goto(f"{base}/my/requests/{req.reference}/")
    id_item = page.locator(f"#item-{req.missing_items.get(kind=kind).pk}")
    free_item = page.locator(f"#item-{req.missing_items.get(kind=None).pk}")
    expect(free_item.get_by_text("صورة واضحة من الهوية")).to_be_visible()
    expect(id_item.get_by_text("صورة الهوية")).to_be_visible()
    shot("requests-my-detail-incomplete")
    free_item.get_by_label("الملف").set_input_files(str(scan))
    free_item.get_by_role("button", name="أرسل هذا المستند").click()
    expect(page.get_by_text("استُلم المستند وأُضيف إلى ملفك.")).to_be_visible()
    id_item.get_by_label("الملف").set_input_files(str(scan))
    id_item.get_by_label("تاريخ انتهاء الصلاحية").fill("2030-01-01")
    id_item.get_by_role("button", name="أرسل هذا المستند").click()
    expect(page.get_by_text("استُلم المستند وأُضيف إلى ملفك.")).to_be_visible()
    expect(page.get_by_text("لم يُرسل بعد")).to_have_count(0)
    page.get_by_role("link", name="استكمال الطلب").click()
    page.get_by_role("button", name="حفظ ومتابعة").click()
    page.locator("main").get_by_role("link", name="التالي").click()
    page.get_by_role("link", name="المتابعة إلى الإقرار").click()
    page.get_by_label("أؤكد الإقرار أعلاه.").check()
    page.get_by_label("اسمك الكامل").fill(beneficiary.full_name)
    # This time with a drawn signature (the pad is still there for those who draw).
    sign(page)
    page.get_by_role("button", name="التوقيع وتقديم الطلب").click()
    expect(page.get_by_text("قُدِّم طلبك رقم")).to_be_visible()
    req.refresh_from_db()
    assert req.declaration_method == "drawn"
    assert req.signature.startswith("data:image/png;base64,")
    log_out(page)

    # 4. Reception verifies the documents and the request, and assigns the researcher.
    log_in(page, base, reception.username)
    page.goto(f"{base}/staff/requests/{req.reference}/")
    page.get_by_role("button", name="اعتماد المستند").first.click()
    expect(page.get_by_text("تمت مراجعة المستند.")).to_be_visible()
    page.get_by_role("link", name="اعتماد التحقق").click()
    page.get_by_role("button", name="تأكيد").click()
    expect(page.get_by_text("تم: أصبح الطلب «تم التحقق»")).to_be_visible()
    page.get_by_role("link", name="إحالة إلى البحث الاجتماعي").click()
    page.get_by_label("الباحث الاجتماعي").select_option(label="سلمان الجهني")
    page.get_by_role("button", name="إسناد وإحالة إلى البحث").click()
    expect(page.get_by_text("أُسند الطلب إلى الباحث الاجتماعي.")).to_be_visible()
    log_out(page)

    # 5. The researcher writes the report and recommends: ready for the committee.
    log_in(page, base, researcher.username)
    page.goto(f"{base}/staff/research/queue/")
    shot("requests-research-queue")
    page.get_by_role("link", name=req.reference).click()
    page.get_by_role("link", name="رفع إلى اللجنة").click()
    page.get_by_label("نوع الزيارة").select_option("home_visit")
    page.get_by_label("تاريخ الزيارة").fill("2026-11-20")
    page.get_by_label("من تمت مقابلته").fill("رب الأسرة")
    page.get_by_label("النتائج").fill("الحلقة تضم ثلاثين طالبًا وتحتاج إلى مصاحف.")
    page.get_by_label("الأسرة مطابقة للملف").check()
    page.get_by_label("التوصية").select_option("approve")
    page.get_by_label("الدعم المقترح").fill("ثلاثون مصحفًا ووسائل تعليمية")
    page.get_by_role("button", name="حفظ وإحالة إلى اللجنة").click()
    expect(page.get_by_text("حُفظ التقرير وأُحيل الطلب إلى اللجنة.")).to_be_visible()
    shot("requests-staff-detail-ready")
    req.refresh_from_db()
    assert req.status == Status.READY_FOR_COMMITTEE
    assert list(req.timeline.values_list("to_status", flat=True)) == [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.INCOMPLETE,
        Status.SUBMITTED,
        Status.VERIFIED,
        Status.IN_RESEARCH,
        Status.READY_FOR_COMMITTEE,
    ]


def test_public_tracking_on_a_phone(page, live_server, shot):
    from tests.factories import signed_request

    page.set_viewport_size({"width": 390, "height": 844})
    req = signed_request(status=Status.IN_RESEARCH)
    page.goto(f"{live_server.url}/track/?reference={req.reference}")
    page.get_by_label("رقم الهوية").fill(req.beneficiary.national_id)
    page.get_by_role("button", name="عرض الحالة").click()
    expect(page.get_by_text("قيد البحث الاجتماعي")).to_be_visible()
    shot("requests-track-phone")
