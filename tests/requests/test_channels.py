"""Every staff intake form offers the policy's channels through which a person reaches staff;
the website is what the system records for what the person does online themselves."""

import re
import uuid

import pytest
from django.utils import translation

from beneficiaries.forms import RegistrationForm
from beneficiaries.models import Beneficiary
from makin.roles import Role
from requests.forms import ContactForm, WalkInForm
from requests.models import SupportRequest
from tests.factories import BeneficiaryFactory, ServiceFactory, staff

pytestmark = pytest.mark.django_db

STAFF_INTAKE = [
    ("interview", "In-person interview"),
    ("phone", "Phone"),
    ("social_media", "Social media"),
    ("letter", "Letters"),
    ("help_request", "Help-request service"),
    ("volunteering", "Volunteering service"),
    ("branch", "Branch-office representatives"),
]
ALL_EIGHT = [*STAFF_INTAKE[:6], ("website", "The association's website"), STAFF_INTAKE[6]]


def _choices(field):
    with translation.override("en"):
        return [(value, str(label)) for value, label in field.choices]


def test_the_file_registration_form_offers_every_staff_channel():
    assert _choices(RegistrationForm().fields["registered_via"]) == STAFF_INTAKE


def test_the_walk_in_request_form_offers_every_staff_channel():
    assert _choices(WalkInForm().fields["channel"]) == STAFF_INTAKE


def test_the_contact_log_keeps_all_eight_channels():
    assert _choices(ContactForm().fields["channel"]) == ALL_EIGHT


def test_the_walk_in_page_lists_the_seven_channels_in_arabic(client_for):
    page = client_for(staff(Role.RECEPTION)).get("/staff/requests/new/").content.decode()
    select = page[
        page.index('name="channel"') : page.index("</select>", page.index('name="channel"'))
    ]
    assert re.findall(r'<option value="(\w+)"', select) == [v for v, _ in STAFF_INTAKE]
    assert "خدمة التطوع" in select
    assert "مناديب المكاتب الفرعية" in select


@pytest.mark.parametrize("channel", ["volunteering", "help_request", "branch"])
def test_reception_registers_a_request_that_came_through_the_new_channels(client_for, channel):
    beneficiary = BeneficiaryFactory()
    client_for(staff(Role.RECEPTION)).post(
        "/staff/requests/new/",
        {
            "national_id": beneficiary.national_id,
            "service": ServiceFactory().pk,
            "channel": channel,
            "token": str(uuid.uuid4()),
        },
    )
    assert SupportRequest.objects.get().channel == channel


def test_staff_cannot_type_in_the_website_channel(client_for):
    beneficiary = BeneficiaryFactory()
    page = client_for(staff(Role.RECEPTION)).post(
        "/staff/requests/new/",
        {
            "national_id": beneficiary.national_id,
            "service": ServiceFactory().pk,
            "channel": "website",
            "token": str(uuid.uuid4()),
        },
    )
    assert "انتق خياراً صحيحاً. website ليس أحد الخيارات المتاحة." in page.content.decode()
    assert not SupportRequest.objects.exists()
    assert Beneficiary.objects.count() == 1
