"""Applicants sign up with their ID number, a Saudi mobile and a password."""

import re

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
def test_signup_creates_an_applicant_who_then_logs_in(client):
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert response.url == "/accounts/signup/sent/"
    user = User.objects.get(national_id="1000000008")
    assert user.username == "1000000008"
    assert str(user.mobile) == "+966551234567"
    assert user.roles == {Role.APPLICANT}
    assert "_auth_user_id" not in client.session
    client.post("/accounts/login/", {"username": "1000000008", "password": "Tahfeez-Yanbu-77"})
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
def test_signup_answers_the_same_whether_or_not_the_id_number_is_registered(
    client, django_capture_on_commit_callbacks
):
    """A stranger cannot learn who is registered: the same redirect and the same page; the
    owner of the existing account is told by SMS and e-mail, and nothing is created."""
    from django.core import mail

    from makin import sms

    sms.outbox.clear()
    owner = ApplicantFactory(
        national_id="1000000008", mobile="+966500000001", email="owner@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        existing = client.post(URL, valid_data(), follow=True)
        new = client.post(URL, valid_data(national_id="1000000016"), follow=True)
    assert existing.redirect_chain == new.redirect_chain == [("/accounts/signup/sent/", 302)]
    assert without_csrf(existing) == without_csrf(new)
    assert User.objects.filter(national_id="1000000008").get() == owner
    assert User.objects.filter(national_id="1000000016").exists()
    owner.refresh_from_db()
    assert owner.first_name != "عبدالرحمن"
    to_owner = [text for number, text in sms.outbox if number == "+966500000001"]
    assert len(to_owner) == 1
    assert "لرقم هويتك حساب" in to_owner[0]
    warned = [m for m in mail.outbox if m.to == ["owner@example.com"]]
    assert [m.subject for m in warned] == ["بوابة مكين: محاولة تسجيل حساب جديد برقم هويتك"]
    # A second attempt the same day does not message the owner again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data())
    assert len([m for m in mail.outbox if m.to == ["owner@example.com"]]) == 1


@pytest.mark.django_db
def test_signup_form_errors_in_english_under_en(client):
    response = client.post("/en" + URL, valid_data(national_id="1000000009"))
    assert "This ID number is not valid" in response.content.decode()


def without_csrf(response) -> str:
    """The page as a person reads it: the per-response CSRF token (in the language switcher's
    form) is the only thing allowed to differ."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
