"""After a failed submit every form page opens with one summary of its errors, each linking to
its field; pages without errors have none."""

import pytest

from tests.factories import ApplicantFactory, BeneficiaryFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_a_failed_sign_up_lists_each_error_with_a_link_to_its_field(client):
    response = client.post(
        "/accounts/signup/",
        {
            "national_id": "12345",
            "first_name": "",
            "last_name": "القرشي",
            "mobile": "0551234567",
            "password1": "Tahfeez-Yanbu-77",
            "password2": "Tahfeez-Yanbu-77",
        },
    )
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    assert 'role="alert"' in page[page.index('<div class="alert alert-danger error-summary"') :]
    assert "يُرجى تصحيح ما يلي:" in summary
    assert summary.count("<li>") == 2
    assert 'href="#id_national_id"' in summary
    assert 'href="#id_first_name"' in summary
    # The summary comes before the form.
    assert page.index('id="error-summary"') < page.index("<form", page.index('id="main"'))


def test_the_declaration_summary_links_to_the_checkbox_and_the_name(client_for):
    owner = ApplicantFactory()
    req = SupportRequestFactory(beneficiary=BeneficiaryFactory(owner=owner))
    response = client_for(owner).post(f"/requests/{req.reference}/declaration/", {})
    page = response.content.decode()
    assert (
        'href="#id_agree" class="alert-link">أؤكد الإقرار أعلاه.: يُرجى تأكيد الإقرار.</a>' in page
    )
    assert 'href="#id_typed_name"' in page


def test_a_page_without_errors_has_no_summary(client):
    assert 'id="error-summary"' not in client.get("/accounts/signup/").content.decode()
