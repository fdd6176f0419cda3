"""The file of each request on the agenda (the meeting page and the item page): its summary,
verified documents and latest research report, read in the agenda's own query."""

import datetime
import re

from beneficiaries.models import IncomeSource
from tests.factories import (
    DocumentFactory,
    FileFactory,
    HouseholdMemberFactory,
    ResearchReportFactory,
    document_kind,
    make_national_id,
)

from .conftest import on_agenda


def _squeezed(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def _file(html: str) -> str:
    """The first file drawn on the page: from its summary to the end of its report."""
    html = _squeezed(html)
    start = html.index('<div class="row g-3"><div class="col-lg-6">')
    return html[start : html.index("</div></div>", start) + len("</div></div>")]


def _file_on_agenda(board, meeting):
    """A married tenant with two in the household, two incomes, two verified documents (one
    with an expiry) and one waiting, whose request has two research reports."""
    beneficiary = FileFactory(
        national_id=make_national_id(7_000_001),
        housing="rented",
        rent_amount=1200,
        marital_status="married",
    )
    HouseholdMemberFactory(beneficiary=beneficiary)
    HouseholdMemberFactory(beneficiary=beneficiary, name="عمر محمد الحربي", relation="son")
    IncomeSource.objects.create(
        beneficiary=beneficiary, source="راتب تقاعد", monthly_amount="1500.50"
    )
    IncomeSource.objects.create(beneficiary=beneficiary, source="ضمان اجتماعي", monthly_amount=300)
    DocumentFactory(
        beneficiary=beneficiary,
        kind=document_kind("id_copy"),
        status="verified",
        expiry_date=datetime.date(2027, 3, 1),
    )
    DocumentFactory(beneficiary=beneficiary, status="verified")
    DocumentFactory(beneficiary=beneficiary, kind=document_kind("id_copy"), status="pending")
    item = on_agenda(
        meeting, board.chair, beneficiary=beneficiary, details="يطلب إعانة\nلسداد الإيجار"
    )
    ResearchReportFactory(
        request=item.request,
        visit_date=datetime.date(2026, 11, 2),
        visit_kind="interview",
        proposed_amount="2500.75",
        recommendation="partial",
        met_with="الأم",
        findings="السطر الأول\nالسطر الثاني",
        proposed_support="",
        author=board.m2,
    )
    return item


SUMMARY_AR = (
    '<div class="row g-3"><div class="col-lg-6"><h3 class="h6">ملخص الملف</h3>'
    '<dl class="row small mb-0"><dt class="col-5">المستفيد</dt>'
    '<dd class="col-7"><bdi>محمد عبدالله سالم الحربي</bdi></dd>'
    '<dt class="col-5">رقم الهوية</dt><dd class="col-7"><span dir="ltr">{national_id}</span></dd>'
    '<dt class="col-5">الفئة</dt><dd class="col-7">—</dd>'
    '<dt class="col-5">الحالة الاجتماعية</dt><dd class="col-7">متزوج</dd>'
    '<dt class="col-5">السكن</dt><dd class="col-7">إيجار (\u20661,200.00\u2069 ريال شهريًا)</dd>'
    '<dt class="col-5">الأسرة</dt><dd class="col-7">فردان</dd>'
    '<dt class="col-5">الدخل الشهري</dt><dd class="col-7"><bdi>راتب تقاعد</bdi>: '
    "\u20661,500.50\u2069 ريال،<bdi>ضمان اجتماعي</bdi>: \u2066300.00\u2069 ريال</dd>"
    '<dt class="col-5">الخدمة</dt><dd class="col-7">إعانة مالية للمعلمين</dd>'
    '<dt class="col-5">المبلغ المطلوب</dt><dd class="col-7">\u20662,000.00\u2069 ريال'
    '<span class="text-muted">(الحد \u20665,000.00\u2069 ريال)</span></dd>'
    '<dt class="col-5">موعد القرار</dt>'
)
REST_AR = (
    '<p class="small mt-2 mb-0" dir="auto">يطلب إعانة<br>لسداد الإيجار</p>'
    '<h3 class="h6 mt-3">المستندات الموثقة</h3><ul class="small mb-0">'
    '<li>صورة الهوية<span class="text-muted">— سارٍ حتى 1 مارس 2027 م — 22 رمضان 1448 هـ</span>'
    "</li><li>سجل الأسرة</li></ul></div>"
    '<div class="col-lg-6"><h3 class="h6">تقرير البحث الاجتماعي</h3>'
    '<p class="mb-1">التوصية:<strong>قبول جزئي</strong></p><dl class="row small mb-0">'
    '<dt class="col-5">الزيارة</dt>'
    '<dd class="col-7">مقابلة في مقر الجمعية — 2 نوفمبر 2026 م — 22 جمادى الأولى 1448 هـ</dd>'
    '<dt class="col-5">الباحث</dt><dd class="col-7"><bdi>فهد الصاعدي</bdi></dd>'
    '<dt class="col-5">من قابله الباحث</dt><dd class="col-7"><bdi>الأم</bdi></dd>'
    '<dt class="col-5">الأسرة مطابقة للملف</dt><dd class="col-7">نعم</dd>'
    '<dt class="col-5">الدعم المقترح</dt><dd class="col-7">—</dd>'
    '<dt class="col-5">المبلغ المقترح</dt><dd class="col-7">\u20662,500.75\u2069 ريال</dd></dl>'
    '<p class="small mt-2 mb-0" dir="auto">السطر الأول<br>السطر الثاني</p></div></div>'
)
SUMMARY_EN = (
    '<div class="row g-3"><div class="col-lg-6"><h3 class="h6">File summary</h3>'
    '<dl class="row small mb-0"><dt class="col-5">Beneficiary</dt>'
    '<dd class="col-7"><bdi>محمد عبدالله سالم الحربي</bdi></dd>'
    '<dt class="col-5">ID number</dt><dd class="col-7"><span dir="ltr">{national_id}</span></dd>'
    '<dt class="col-5">Category</dt><dd class="col-7">—</dd>'
    '<dt class="col-5">Marital status</dt><dd class="col-7">Married</dd>'
    '<dt class="col-5">Housing</dt><dd class="col-7">Rented (\u20661,200.00\u2069 SAR a month)</dd>'
    '<dt class="col-5">Household</dt><dd class="col-7">2 members</dd>'
    '<dt class="col-5">Monthly income</dt><dd class="col-7"><bdi>راتب تقاعد</bdi>: '
    "\u20661,500.50\u2069 SAR،<bdi>ضمان اجتماعي</bdi>: \u2066300.00\u2069 SAR</dd>"
    '<dt class="col-5">Service</dt><dd class="col-7">Financial aid for teachers</dd>'
    '<dt class="col-5">Amount asked</dt><dd class="col-7">\u20662,000.00\u2069 SAR'
    '<span class="text-muted">(limit \u20665,000.00\u2069 SAR)</span></dd>'
    '<dt class="col-5">Decision due</dt>'
)
REST_EN = (
    '<p class="small mt-2 mb-0" dir="auto">يطلب إعانة<br>لسداد الإيجار</p>'
    '<h3 class="h6 mt-3">Verified documents</h3><ul class="small mb-0">'
    '<li>ID copy<span class="text-muted">— valid until 1 March 2027 CE — 22 Ramadan 1448 AH'
    "</span></li><li>Family record</li></ul></div>"
    '<div class="col-lg-6"><h3 class="h6">Research report</h3>'
    '<p class="mb-1">Recommendation:<strong>Approve in part</strong></p>'
    '<dl class="row small mb-0"><dt class="col-5">Visit</dt>'
    '<dd class="col-7">Interview at the office — 2 November 2026 CE — 22 Jumada al-Ula 1448 AH'
    '</dd><dt class="col-5">Researcher</dt><dd class="col-7"><bdi>فهد الصاعدي</bdi></dd>'
    '<dt class="col-5">Met with</dt><dd class="col-7"><bdi>الأم</bdi></dd>'
    '<dt class="col-5">Household matches the file</dt><dd class="col-7">Yes</dd>'
    '<dt class="col-5">Proposed support</dt><dd class="col-7">—</dd>'
    '<dt class="col-5">Proposed amount</dt><dd class="col-7">\u20662,500.75\u2069 SAR</dd></dl>'
    '<p class="small mt-2 mb-0" dir="auto">السطر الأول<br>السطر الثاني</p></div></div>'
)


def _assert_file(html: str, summary: str, rest: str) -> None:
    """The file but for its decision-due row (today's date and days left), which the due badge's
    own tests hold."""
    drawn = _file(html)
    head, tail = drawn.split("</dd></dl>", 1)
    assert head.startswith(summary.format(national_id=make_national_id(7_000_001)))
    assert tail == rest


def test_the_meeting_page_draws_each_file_with_its_latest_report(board, open_meeting, client_for):
    """The file's summary (household size, incomes with their halalas), its verified documents
    only (with their expiry in both calendars), and the latest of its two research reports."""
    _file_on_agenda(board, open_meeting)
    client = client_for(board.chair)
    url = f"/committee/meetings/{open_meeting.number}/"
    _assert_file(client.get(url).content.decode(), SUMMARY_AR, REST_AR)
    _assert_file(client.get(f"/en{url}").content.decode(), SUMMARY_EN, REST_EN)


def test_the_item_page_draws_the_same_file(board, open_meeting, client_for):
    """The votes-and-decision page draws the file from the same columns."""
    item = _file_on_agenda(board, open_meeting)
    html = client_for(board.m1).get(f"/committee/items/{item.pk}/").content.decode()
    _assert_file(html, SUMMARY_AR, REST_AR)


def test_the_chair_is_offered_the_latest_report_s_amount(board, open_meeting, client_for):
    """The approval form starts from the latest report's proposed amount, halalas and all."""
    item = _file_on_agenda(board, open_meeting)
    html = client_for(board.chair).get(f"/committee/items/{item.pk}/").content.decode()
    assert re.search(r'name="amount" value="2500.75"', html)


def test_a_file_without_report_documents_income_or_household(board, open_meeting, client_for):
    """What the file says when it has none of them."""
    item = on_agenda(open_meeting, board.chair)
    item.request.research_reports.all().delete()
    html = _file(client_for(board.chair).get(f"/committee/items/{item.pk}/").content.decode())
    assert '<dt class="col-5">الأسرة</dt><dd class="col-7">0 فرد</dd>' in html
    assert '<dt class="col-5">الدخل الشهري</dt><dd class="col-7">لم يُصرَّح بدخل</dd>' in html
    assert '<li class="text-muted">لا توجد مستندات موثقة.</li>' in html
    assert html.endswith(
        '<h3 class="h6">تقرير البحث الاجتماعي</h3>'
        '<p class="text-muted small">لا يوجد تقرير بحث.</p></div></div>'
    )
