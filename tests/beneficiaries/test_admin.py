"""Django's admin takes dates as the portal's forms do: Hijri (Umm al-Qura) or Gregorian, typed
in Western or Eastern digits, stored as Gregorian."""

import datetime

import pytest
from django import forms
from django.contrib.auth import get_user_model

from beneficiaries.models import Beneficiary
from tests.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

BAD_DATE = "أدخل تاريخًا صحيحًا، هجريًا (1447-05-10) أو ميلاديًا (2025-11-01)، بالترتيب سنة-شهر-يوم."


@pytest.fixture
def superuser_client(client):
    person = get_user_model().objects.create_superuser(
        username="root", password="x-long-enough-1", national_id=None
    )
    client.force_login(person, backend="makin.backends.IdentifierBackend")
    return client


def posted(form) -> dict:
    """What the change form posts when nothing is edited: each field's shown value."""
    data = {}
    for field in form:
        value, widget = field.value(), field.field.widget
        if isinstance(widget, forms.MultiWidget):
            for n, part in enumerate(widget.decompress(value)):
                data[f"{field.html_name}_{n}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = value if isinstance(value, list) else str(value)
    return data


def change(client, beneficiary, **edits):
    url = f"/admin/beneficiaries/beneficiary/{beneficiary.pk}/change/"
    form = client.get(url).context["adminform"].form
    return client.post(url, {**posted(form), **edits})


def test_the_admin_date_field_is_the_portals_two_calendar_field(superuser_client):
    beneficiary = BeneficiaryFactory()
    page = superuser_client.get(f"/admin/beneficiaries/beneficiary/{beneficiary.pk}/change/")
    html = page.content.decode()
    assert 'name="birth_date" value="1985-03-14"' in html
    assert 'data-calendar-echo="/dates/echo/"' in html
    echo = 'id="id_birth_date_echo" aria-live="polite">14 مارس 1985 م — 23 جمادى الآخرة 1405 هـ'
    assert echo in html
    assert '<script src="/static/js/dates.js" defer></script>' in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1410-03-15", datetime.date(1989, 10, 14)),
        ("١٤١٠/٠٣/١٥", datetime.date(1989, 10, 14)),
        ("15-03-1410", datetime.date(1989, 10, 14)),
        ("1989-10-14", datetime.date(1989, 10, 14)),
    ],
)
def test_a_hijri_or_gregorian_date_posted_through_the_admin_is_stored_gregorian(
    superuser_client, typed, stored
):
    beneficiary = BeneficiaryFactory()
    response = change(superuser_client, beneficiary, birth_date=typed, id_expiry="1450-01-01")
    assert response.status_code == 302
    beneficiary.refresh_from_db()
    assert (beneficiary.birth_date, beneficiary.id_expiry) == (stored, datetime.date(2028, 5, 25))


def test_a_date_that_is_no_date_is_refused_in_arabic_and_nothing_saved(superuser_client):
    beneficiary = BeneficiaryFactory()
    response = change(superuser_client, beneficiary, birth_date="1447-13-40")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["birth_date"] == [BAD_DATE]
    beneficiary.refresh_from_db()
    assert beneficiary.birth_date == datetime.date(1985, 3, 14)
    assert Beneficiary.history.filter(id=beneficiary.pk).count() == 1
