"""Applicants sign up with their ID number, a Saudi mobile and a password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from makin.roles import Role
from tests.factories import ApplicantFactory

User = get_user_model()
URL = "/accounts/signup/"


def valid_data(**overrides):
    data = {
        "national_id": "1000000008",
        "first_name": "عبدالرحمن",
        "last_name": "القرشي",
        "mobile": "0551234567",
        "email": "abdulrahman@example.com",
        "password1": "Tahfeez-Yanbu-77",
        "password2": "Tahfeez-Yanbu-77",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_signup_creates_an_applicant_who_is_logged_in(client):
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    user = User.objects.get(national_id="1000000008")
    assert user.username == "1000000008"
    assert str(user.mobile) == "+966551234567"
    assert user.roles == {Role.APPLICANT}
    assert client.get(reverse("makin:landing")).url == reverse("makin:home_applicant")


@pytest.mark.django_db
def test_signup_accepts_eastern_arabic_digits(client):
    client.post(URL, valid_data(national_id="١٠٠٠٠٠٠٠٠٨", mobile="٠٥٥١٢٣٤٥٦٧"))
    user = User.objects.get(national_id="1000000008")
    assert str(user.mobile) == "+966551234567"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "arabic_error"),
    [
        ({"national_id": "1000000009"}, "national_id", "رقم الهوية غير صحيح"),
        ({"national_id": "12345"}, "national_id", "10 أرقام"),
        ({"national_id": "5000000002"}, "national_id", "يبدأ رقم الهوية"),
        ({"mobile": "+201001234567"}, "mobile", "أدخل رقم جوال سعوديًا"),
        ({"mobile": "12"}, "mobile", "أدخل رقم جوال سعوديًا"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "كلمة المرور"),
        ({"password1": "short", "password2": "short"}, "password2", "8"),
        ({"password2": "Different-Pass-99"}, "password2", "حقلا كلمة المرور غير متطابقين"),
        ({"first_name": ""}, "first_name", "هذا الحقل مطلوب"),
    ],
)
def test_bad_signup_shows_arabic_error_and_creates_nothing(client, overrides, field, arabic_error):
    data = valid_data(**overrides)
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert arabic_error in " ".join(form.errors[field])
    assert arabic_error in response.content.decode()
    assert not User.objects.exists()
    # What was typed stays in the form (passwords excepted, as Django does).
    assert form["last_name"].value() == data["last_name"]


@pytest.mark.django_db
def test_signup_with_an_existing_id_number_is_refused(client):
    ApplicantFactory(national_id="1000000008")
    response = client.post(URL, valid_data())
    assert response.status_code == 200
    assert "يوجد حساب مسجل بهذا الرقم" in response.content.decode()
    assert User.objects.filter(national_id="1000000008").count() == 1


@pytest.mark.django_db
def test_signup_form_errors_in_english_under_en(client):
    response = client.post("/en" + URL, valid_data(national_id="1000000009"))
    assert "This ID number is not valid" in response.content.decode()
