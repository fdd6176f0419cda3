"""A request's staff page reads every list it shows in one query
(`requests.selectors.request_page_lists`): each research report with its own attachments, the
proposed amount with its decimals, the timeline oldest first, the contacts newest first."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from makin.roles import Role
from requests.models import ContactLog, ResearchAttachment, Status
from tests.factories import PDF_BYTES, ResearchReportFactory, signed_request, staff

pytestmark = pytest.mark.django_db


def attach(report, name):
    return ResearchAttachment.objects.create(
        report=report,
        file=ContentFile(PDF_BYTES, name="x"),
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )


def test_each_report_shows_its_own_attachments_and_amount(client_for):
    req = signed_request(status=Status.IN_RESEARCH)
    now = timezone.now()
    older = ResearchReportFactory(
        request=req,
        findings="الزيارة الأولى",
        proposed_amount=Decimal("1500.50"),
        created_at=now - datetime.timedelta(days=3),
    )
    newer = ResearchReportFactory(request=req, findings="الزيارة الثانية", created_at=now)
    first = attach(older, "صورة المنزل.pdf")
    second = attach(older, "عقد الإيجار.pdf")
    researcher = staff(Role.RESEARCHER, first_name="هند", last_name="العتيبي")
    ResearchReportFactory(request=signed_request(), author=researcher)  # another request's
    page = client_for(staff(Role.RESEARCHER)).get(reverse("requests:detail", args=[req.reference]))
    html = page.content.decode()
    reports = re.findall(r'<section class="card p-4 mb-3" aria-labelledby="report-(\d+)">', html)
    # The newest report first.
    assert reports == [str(newer.pk), str(older.pk)]
    newer_html, older_html = html.split('aria-labelledby="report-')[1:3]
    assert "المرفقات" not in newer_html
    assert "الزيارة الثانية" in newer_html
    assert "الزيارة الأولى" in older_html
    for attachment in (first, second):
        url = reverse("requests:attachment", args=[attachment.pk])
        assert f'<a href="{url}"><bdi>{attachment.original_name}</bdi></a>' in older_html
    assert older_html.index("صورة المنزل.pdf") < older_html.index("عقد الإيجار.pdf")
    assert "\u20661,500.50\u2069 ريال" in older_html
    assert "\u20662,000.00\u2069 ريال" in newer_html
    assert "هند العتيبي" not in html


def test_the_contacts_come_newest_first_and_only_the_requests(client_for):
    req = signed_request(status=Status.SUBMITTED)
    now = timezone.now()
    for days, summary in ((2, "اتصال قديم"), (0, "اتصال جديد")):
        ContactLog.objects.create(
            channel="phone",
            beneficiary=req.beneficiary,
            request=req,
            summary=summary,
            officer=staff(Role.RECEPTION),
            created_at=now - datetime.timedelta(days=days),
        )
    ContactLog.objects.create(
        channel="phone", beneficiary=req.beneficiary, summary="بلا طلب", officer=None
    )
    html = client_for(staff(Role.RECEPTION)).get(reverse("requests:detail", args=[req.reference]))
    html = html.content.decode()
    assert html.index("اتصال جديد") < html.index("اتصال قديم")
    assert "بلا طلب" not in html
    assert '<div class="text-break" dir="auto">اتصال جديد</div>' in html


def test_the_request_read_with_its_lists_is_the_request_the_orm_gives():
    """`request_page_read`: the request, its file, service and officers as
    `request_page_for_staff` gives them (every field, the same values), read with the lists."""
    from django.http import Http404

    from requests import selectors

    req = signed_request(status=Status.IN_RESEARCH)
    req.amount_requested = Decimal("2500.75")
    req.researcher = staff(Role.RESEARCHER, first_name="هند")
    req.save()
    reader = staff(Role.RECEPTION)
    shown, lists = selectors.request_page_read(user=reader, reference=req.reference)
    fresh = selectors.request_page_for_staff(user=reader, reference=req.reference)
    for link in (None, "beneficiary", "service", "researcher", "received_by"):
        a = shown if link is None else getattr(shown, link)
        b = fresh if link is None else getattr(fresh, link)
        if b is None:
            assert a is None
            continue
        for model_field in type(b)._meta.concrete_fields:
            assert getattr(a, model_field.attname) == getattr(b, model_field.attname), (
                link,
                model_field.name,
            )
    assert str(shown.amount_requested) == "2500.75"
    assert shown.researcher.first_name == "هند"
    assert [entry.request for entry in lists["timeline"]] == [shown] * len(lists["timeline"])
    with pytest.raises(Http404):
        selectors.request_page_read(user=reader, reference="R-NOT-THERE")


def test_the_applicants_request_read_with_its_lists_is_theirs_only(client_for):
    """`my_request_read`: the request as `request_for_applicant` gives it, read with its
    timeline and items; another person's request is "not found", nothing of it shown."""
    from django.http import Http404

    from requests import selectors
    from tests.factories import ApplicantFactory, FileFactory

    owner = ApplicantFactory()
    req = signed_request(status=Status.SUBMITTED, beneficiary=FileFactory(owner=owner))
    shown, lists = selectors.my_request_read(user=owner, reference=req.reference)
    fresh = selectors.request_for_applicant(user=owner, reference=req.reference)
    for link in (None, "beneficiary", "service"):
        a = shown if link is None else getattr(shown, link)
        b = fresh if link is None else getattr(fresh, link)
        for model_field in type(b)._meta.concrete_fields:
            assert getattr(a, model_field.attname) == getattr(b, model_field.attname)
    assert [entry.request for entry in lists["timeline"]] == [shown] * len(lists["timeline"])
    with pytest.raises(Http404):
        selectors.my_request_read(user=ApplicantFactory(), reference=req.reference)
    other = client_for(ApplicantFactory())
    assert other.get(reverse("requests:my_detail", args=[req.reference])).status_code == 404
