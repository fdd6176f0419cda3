"""What cannot be undone asks first: a confirmation page says what will happen (with the amount
or the reason) and who will be told; only the confirmed post acts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from beneficiaries.models import Document
from committee import services
from committee.models import CommitteeMember, Decision, Opinion, Outcome, SupportKind
from makin.roles import Role
from requests.models import Status
from tests.factories import DocumentFactory, FileFactory, rejection_reason, staff

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_approving_shows_the_amount_and_who_is_told_before_recording(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    client = client_for(board.chair)
    url = f"/committee/items/{item.pk}/decide/approve/"
    data = {"support_kind": SupportKind.ONE_PAYMENT, "amount": "3000", "conditions": "فاتورة"}
    html = page(client.post(url, data))
    assert "المبلغ: \u20663,000.00\u2069 ريال." in html
    assert "الشروط: فاتورة" in html
    assert "ليس لمقدم الطلب حساب إلكتروني: يُبلَّغ برسالة نصية، فاطبع له الخطاب." in html
    assert 'name="confirmed" value="1"' in html
    assert not Decision.objects.exists()
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Decision.objects.get().amount == Decimal("3000")


def test_rejecting_shows_the_reason_before_recording(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.REJECT)
    reason = rejection_reason()
    html = page(
        client_for(board.chair).post(
            f"/committee/items/{item.pk}/decide/reject/",
            {"rejection_reason": reason.pk, "reason_text": "الدخل كاف"},
        )
    )
    # The reason as the managed list names it (seeded by a migration, or by the factory when a
    # transactional test flushed the seed).
    assert f"السبب: {reason.name_ar}." in html
    assert "التوضيح لمقدم الطلب: الدخل كاف" in html
    assert not Decision.objects.exists()
    item.request.refresh_from_db()
    assert item.request.status == Status.IN_COMMITTEE


def test_a_bad_decision_form_gets_no_confirmation_page(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    html = page(
        client_for(board.chair).post(
            f"/committee/items/{item.pk}/decide/approve/",
            {"support_kind": SupportKind.ONE_PAYMENT, "amount": ""},
        )
    )
    assert "اكتب المبلغ المعتمد بالريال." in html
    assert "ما الذي سيحدث" not in html
    assert not Decision.objects.exists()


def test_ending_a_term_asks_first(board, client_for):
    manager = staff(Role.MANAGER)
    term = CommitteeMember.objects.get(user=board.m1)
    client = client_for(manager)
    html = page(client.get(f"/committee/members/{term.pk}/end/"))
    assert "تنتهي عضوية" in html
    assert "لن تُرسل رسالة إلى أحد." in html
    page(client.post(f"/committee/members/{term.pk}/end/"))
    term.refresh_from_db()
    assert term.is_active
    client.post(f"/committee/members/{term.pk}/end/", {"confirmed": "1"})
    term.refresh_from_db()
    assert not term.is_active


def test_closing_a_request_asks_first(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    services.decision_record(
        item=item,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.IN_KIND,
    )
    officer = staff(Role.RECEPTION)
    services.delivery_record(
        request=item.request,
        delivered_on=timezone.localdate(),
        delivered_by=officer,
        service_given="سلة غذائية",
        actor=officer,
    )
    client = client_for(officer)
    url = f"/delivery/{item.request.reference}/close/"
    html = page(client.get(url))
    assert "يُبلَّغ مقدم الطلب بإغلاق الطلب." in html
    assert "لا يمكن التراجع عن هذا الإجراء." in html
    client.post(url)
    item.request.refresh_from_db()
    assert item.request.status == Status.DELIVERED
    client.post(url, {"confirmed": "1"})
    item.request.refresh_from_db()
    assert item.request.status == Status.CLOSED


def test_removing_a_document_asks_first(client_for):
    file = FileFactory()
    document = DocumentFactory(beneficiary=file, expiry_date=datetime.date(2030, 1, 1))
    client = client_for(staff(Role.RECEPTION))
    url = f"/documents/{document.uuid}/delete/"
    html = page(client.get(url))
    assert document.original_name in html
    assert file.full_name in html
    client.post(url)
    assert Document.objects.filter(pk=document.pk).exists()
    client.post(url, {"confirmed": "1"})
    assert not Document.objects.filter(pk=document.pk).exists()
