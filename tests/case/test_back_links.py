"""Every page about a piece of a person's case links back to the case page for a reader who may
open it (`beneficiaries.open_case`), and for no one else."""

import pytest

from makin.roles import Role
from makin.rules import holds
from tests.factories import ApplicantFactory, staff

pytestmark = pytest.mark.django_db


def _case_link(pk):
    return f'<a class="case-link" href="/staff/files/{pk}/">'


def _pages(case):
    req = case.request
    return {
        "request": f"/staff/requests/{req.reference}/",
        "committee item": f"/committee/items/{case.decision.item_id}/",
        "delivery": f"/delivery/{req.reference}/",
        "complaint": f"/staff/feedback/{case.complaint.reference}/",
        "contacts": "/staff/contacts/",
        "referrals": "/staff/referrals/",
        "decisions": "/committee/decisions/",
    }


@pytest.mark.parametrize(
    ("page", "reader"),
    [
        ("request", "reception"),
        ("request", "researcher"),
        ("request", "manager"),
        ("request", "chair"),
        ("committee item", "chair"),
        ("delivery", "reception"),
        ("complaint", "manager"),
        ("contacts", "reception"),
        ("referrals", "researcher"),
        ("decisions", "manager"),
    ],
)
def test_the_page_links_back_to_the_case(whole_case, client_for, page, reader):
    url = _pages(whole_case)[page]
    response = client_for(getattr(whole_case, reader)).get(url)

    assert response.status_code == 200
    assert _case_link(whole_case.request.beneficiary_id) in response.content.decode()


def test_a_role_that_may_not_open_the_case_reads_the_request_without_the_link(
    whole_case, client_for
):
    response = client_for(staff(Role.ADMIN)).get(_pages(whole_case)["request"])

    assert response.status_code == 200
    assert "/staff/files/" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "opens"),
    [
        (Role.RECEPTION, True),
        (Role.RESEARCHER, True),
        (Role.COMMITTEE, True),
        (Role.MANAGER, True),
        (Role.ADMIN, False),
        (Role.APPLICANT, False),
    ],
)
def test_who_may_open_a_case(whole_case, role, opens):
    user = ApplicantFactory() if role == Role.APPLICANT else staff(role)
    assert holds(user, "beneficiaries.open_case", whole_case.request.beneficiary) is opens


def test_the_applicant_may_not_open_their_own_case_page(whole_case):
    assert not holds(whole_case.owner, "beneficiaries.open_case", whole_case.request.beneficiary)
