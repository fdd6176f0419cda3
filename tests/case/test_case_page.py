"""The person's file page is their case for staff: every request with its clock, contacts and
referrals, decisions, deliveries and letters, surveys and complaints, each linking to its page;
the request page shows the file's household, income, housing and documents and links back."""

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from makin.roles import Role
from tests.factories import committee_member, staff

pytestmark = pytest.mark.django_db


def sections_on(page: str) -> set[str]:
    return set(re.findall(r'id="case-([a-z]+)"', page))


# Which parts of the case each staff role sees on the file page.
SECTIONS_BY_ROLE = [
    (Role.RECEPTION, {"requests", "contacts", "decisions", "surveys"}),
    (Role.RESEARCHER, {"requests", "contacts", "decisions"}),
    (Role.COMMITTEE, {"requests", "decisions"}),
    (Role.MANAGER, {"requests", "contacts", "decisions", "surveys"}),
]


@pytest.mark.parametrize(("role", "expected"), SECTIONS_BY_ROLE)
def test_each_role_sees_the_parts_of_the_case_its_permissions_allow(
    client_for, whole_case, role, expected
):
    user = committee_member() if role == Role.COMMITTEE else staff(role)
    response = client_for(user).get(
        reverse("beneficiaries:staff_file", args=[whole_case.request.beneficiary_id])
    )
    assert response.status_code == 200
    assert sections_on(response.content.decode()) == expected


def test_the_case_page_gathers_the_person_and_links_to_each_page(client_for, whole_case):
    req, decision = whole_case.request, whole_case.decision
    page = (
        client_for(whole_case.manager)
        .get(reverse("beneficiaries:staff_file", args=[req.beneficiary_id]))
        .content.decode()
    )
    assert reverse("requests:detail", args=[req.reference]) in page
    assert "مغلق" in page  # the request's status
    assert reverse("committee:staff_letter", args=[decision.pk]) in page
    # The amount granted and paid, in the one money format.
    assert page.count("\u20661,500.00\u2069 ريال") == 2
    assert "ملخص الاتصال CONTACT72" in page
    assert "سؤال الإحالة REFERRAL73" in page
    assert "استبيان رضا المستفيدين" in page
    assert reverse("surveys:feedback_handle", args=[whole_case.complaint.reference]) in page
    assert "تأخر الرد على الهاتف" in page


def test_the_case_page_reads_a_fixed_number_of_queries(
    client_for, whole_case, django_assert_num_queries
):
    client = client_for(whole_case.manager)
    url = reverse("beneficiaries:staff_file", args=[whole_case.request.beneficiary_id])
    client.get(url)
    # The session with the user and their roles, and one statement that writes the access-log row
    # and reads the file with every list the page shows (`makin.case.read_anchored`: the
    # file's documents, the kinds it needs, verifications, household, incomes and messages
    # sent, and each case section's lists). Who may see the file is answered from the roles:
    # no model-permission query.
    with django_assert_num_queries(2):
        client.get(url)


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.COMMITTEE])
def test_the_request_page_shows_the_file_and_links_back_to_the_case(client_for, whole_case, role):
    user = committee_member() if role == Role.COMMITTEE else staff(role)
    req = whole_case.request
    page = client_for(user).get(reverse("requests:detail", args=[req.reference])).content.decode()
    assert reverse("beneficiaries:staff_file", args=[req.beneficiary_id]) in page
    assert "سارة محمد الحربي" in page  # the household
    assert "From the person's file" not in page
    assert "من ملف الشخص" in page


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        )
    return result.stdout


def test_the_case_summary_prints_the_parts_the_reader_may_see(client_for, whole_case):
    req = whole_case.request
    url = reverse("beneficiaries:case_pdf", args=[req.beneficiary_id])
    manager_pdf = client_for(whole_case.manager).get(url)
    assert manager_pdf["Content-Type"] == "application/pdf"
    text = pdf_text(manager_pdf.content)
    assert req.reference in text
    assert "CONTACT72" in text  # contacts: the manager's to read
    assert whole_case.complaint.reference in text
    committee_text = pdf_text(client_for(committee_member()).get(url).content)
    assert req.reference in committee_text
    assert "CONTACT72" not in committee_text
    assert whole_case.complaint.reference not in committee_text


# Who may print a person's case summary.
CASE_PDF_STATUS = [
    (None, 302),
    (Role.APPLICANT, 403),
    (Role.RECEPTION, 200),
    (Role.RESEARCHER, 200),
    (Role.COMMITTEE, 200),
    (Role.MANAGER, 200),
    (Role.ADMIN, 403),
]


@pytest.mark.parametrize(("role", "status"), CASE_PDF_STATUS)
def test_who_may_print_the_case_summary(client_for, users_by_role, role, status):
    from tests.factories import FileFactory

    file = FileFactory()
    user = users_by_role[role] if role else None
    response = client_for(user).get(reverse("beneficiaries:case_pdf", args=[file.pk]))
    assert response.status_code == status
