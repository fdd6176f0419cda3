"""The applicant's page of their request shows what the committee decided, as the letter tells
it (the support granted, or the reason), and a link to the letter — never the votes or the
committee's notes."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from committee import services
from committee.models import Decision, Opinion, Outcome, SupportKind
from tests.committee.conftest import on_agenda
from tests.factories import ApplicantFactory, BeneficiaryFactory, rejection_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    applicant = ApplicantFactory()
    BeneficiaryFactory(owner=applicant)
    return applicant


@pytest.fixture
def owned_item(board, open_meeting, owner):
    return on_agenda(open_meeting, board.chair, beneficiary=owner.beneficiary)


def _vote(board, item, opinion):
    services.vote_cast(item=item, actor=board.m1, opinion=opinion, note="ملاحظة العضو VOTE")


def _my_page(client_for, owner, item, language="en"):
    with translation.override(language):
        url = reverse("requests:my_detail", args=[item.request.reference])
    return client_for(owner).get(url).content.decode()


def test_the_applicant_reads_the_support_granted_and_finds_the_letter(
    board, owned_item, owner, client_for
):
    _vote(board, owned_item, Opinion.APPROVE)
    services.decision_record(
        item=owned_item,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.INSTALMENTS,
        amount=Decimal("3000"),
        instalments=3,
        conditions="تُصرف بعد تحديث رقم الحساب",
    )
    decision = Decision.objects.get()

    page = _my_page(client_for, owner, owned_item)

    assert "The committee's decision" in page
    assert "Financial aid in instalments" in page
    assert "\u20663,000.00\u2069 SAR" in page
    assert '<span dir="ltr">3</span>' in page
    assert "تُصرف بعد تحديث رقم الحساب" in page
    assert f'href="/en/my/letters/{decision.pk}/"' in page
    assert "The decision letter (PDF)" in page
    # The deliberation stays with the committee.
    assert "VOTE" not in page
    assert "broke a tie" not in page


def test_the_applicant_reads_the_reason_of_a_rejection_and_finds_the_letter(
    board, owned_item, owner, client_for
):
    _vote(board, owned_item, Opinion.REJECT)
    # The managed list's reason, under the name written here whether or not the list was seeded.
    reason = rejection_reason()
    reason.name_ar = "الدخل كاف بحسب دراسة الحالة"
    reason.save(update_fields=["name_ar"])
    services.decision_record(
        item=owned_item,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=reason,
        reason_text="حصل على دعم قريب من جهة أخرى",
    )
    decision = Decision.objects.get()

    page = _my_page(client_for, owner, owned_item, language="ar")

    assert "قرار اللجنة" in page
    assert "الدخل كاف بحسب دراسة الحالة" in page
    assert "حصل على دعم قريب من جهة أخرى" in page
    assert f'href="/my/letters/{decision.pk}/"' in page
    assert "خطاب القرار (PDF)" in page
    assert "VOTE" not in page


def test_no_decision_section_before_the_committee_decides(owned_item, owner, client_for):
    page = _my_page(client_for, owner, owned_item)

    assert "The decision letter (PDF)" not in page
    assert not re.search(r"/my/letters/\d+/", page)


def test_a_deferral_is_no_decision_for_the_applicant(board, owned_item, owner, client_for):
    _vote(board, owned_item, Opinion.DEFER)
    services.decision_record(
        item=owned_item,
        outcome=Outcome.DEFER,
        actor=board.chair,
        questions="أسئلة اللجنة QUESTIONS",
    )

    page = _my_page(client_for, owner, owned_item)

    assert "The decision letter (PDF)" not in page
    assert "QUESTIONS" not in page


def test_the_letter_link_opens_the_applicants_letter(board, owned_item, owner, client_for):
    _vote(board, owned_item, Opinion.APPROVE)
    services.decision_record(
        item=owned_item,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.ONE_PAYMENT,
        amount=Decimal("1200"),
    )
    response = client_for(owner).get(f"/my/letters/{Decision.objects.get().pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_decided_requests_page_reads_the_decision_once(
    board, owned_item, owner, client_for, django_assert_num_queries
):
    _vote(board, owned_item, Opinion.REJECT)
    services.decision_record(
        item=owned_item,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=rejection_reason(),
        reason_text="الدخل أعلى من حد الاستحقاق",
    )
    url = reverse("requests:my_detail", args=[owned_item.request.reference])
    client = client_for(owner)
    client.get(url)
    # The session with the person and their roles, the request with its items and timeline (one
    # read), the decision with its reason.
    with django_assert_num_queries(3):
        page = client.get(url).content.decode()
    assert "قرار اللجنة" in page
