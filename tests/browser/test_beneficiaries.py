"""In Chromium: reception registers a walk-in, is warned of a variant spelling of an existing
file and opens it; an applicant completes their file on a phone and uploads a document."""

import datetime

import pytest
from playwright.sync_api import expect

from makin.roles import Role
from tests.browser.conftest import log_in
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    FileFactory,
    document_kind,
    make_national_id,
    staff,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def fill_identity(page, **values):
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_reception_sees_the_duplicate_warning_for_a_variant_spelling(page, live_server, shot):
    existing = FileFactory(
        first_name="عبدالله",
        father_name="سالم",
        grandfather_name="محمد",
        family_name="الجهني",
        mobile="+966501112233",
    )
    user = staff(Role.RECEPTION)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, user.username)
    page.get_by_role("link", name="تسجيل مراجع").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("تسجيل مراجع")
    fill_identity(
        page,
        national_id="١" + make_national_id(4321)[1:],
        first_name="عبد الله",
        father_name="بن سالم",
        grandfather_name="محمد",
        family_name="الجهنى",
        gender="male",
        birth_date="1979-05-02",
        id_expiry=(datetime.date.today() + datetime.timedelta(days=300)).isoformat(),
        mobile="٠٥٠١١١٢٢٣٣",
    )
    page.get_by_label("أُبلغ المراجع بإشعار الخصوصية ووافق عليه.").check()
    page.get_by_role("button", name="إنشاء الملف").click()
    warning = page.get_by_role("heading", name="الملفات المحتمل تكرارها")
    expect(warning).to_be_visible()
    expect(page.locator("main")).to_contain_text("الجوال نفسه")
    # What was typed is kept.
    expect(page.locator('[name="first_name"]')).to_have_value("عبد الله")
    shot("beneficiary-register-duplicate-warning")
    page.get_by_role("link", name=existing.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(existing.full_name)
    expect(page.locator("main")).to_contain_text(existing.national_id)
    shot("beneficiary-file-staff")
    assert existing.accesses.filter(user=user).exists()


def test_an_applicant_completes_the_file_on_a_phone_and_uploads_a_document(page, live_server, shot):
    document_kind("id_copy")
    applicant = ApplicantFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, applicant.national_id)
    page.goto(live_server.url + "/my/file/")
    expect(page.get_by_role("heading", level=1)).to_have_text("إنشاء ملفي")
    expiry = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
    fill_identity(
        page,
        first_name="أحمد",
        father_name="محمد",
        grandfather_name="عبدالرحمن",
        family_name="الزهراني",
        gender="male",
        birth_date="1986-07-14",
        marital_status="married",
        id_expiry=expiry,
        building_number="٤١٢٧",
        street="شارع الملك عبدالعزيز",
        district="الفيصلية",
        postal_code="٤٦٤٥٥",
        additional_number="٧٣١٢",
        housing="rented",
        rent_amount="١٥٠٠",
        iban="SA03 8000 0000 6080 1016 7519",
    )
    page.locator('[name="incomes-0-source"]').fill("مكافأة الحلقة")
    page.locator('[name="incomes-0-monthly_amount"]').fill("٢٥٠٠")
    # Saving without the privacy notice accepted: nothing saved, the message beside it.
    page.get_by_role("button", name="حفظ").click()
    expect(page.locator("main")).to_contain_text("يرجى الموافقة على إشعار الخصوصية")
    expect(page.locator('[name="street"]')).to_have_value("شارع الملك عبدالعزيز")
    page.locator('[name="consent"]').check()
    shot("beneficiary-my-file-phone")
    page.get_by_role("button", name="حفظ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("الأسرة")
    fill_identity(
        page,
        **{
            "household-0-name": "نورة سعد الزهراني",
            "household-0-relation": "spouse",
            "household-0-gender": "female",
        },
    )
    page.get_by_role("button", name="حفظ ومتابعة").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("المستندات")
    page.locator('[name="kind"]').select_option(label="صورة الهوية")
    page.locator('[name="expiry_date"]').fill(expiry)
    page.locator('[name="upload"]').set_input_files(
        {"name": "هويتي.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="رفع", exact=True).click()
    expect(page.locator("main")).to_contain_text("رُفع المستند.")
    expect(page.locator("main")).to_contain_text("هويتي.pdf")
    shot("beneficiary-documents-phone")
    page.get_by_role("link", name="العودة إلى الملف").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("أحمد محمد عبدالرحمن الزهراني")
    expect(page.locator("main")).to_contain_text("نورة سعد الزهراني")
    shot("beneficiary-my-file-detail-phone")
