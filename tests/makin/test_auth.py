"""Logging in with an ID number or a username, each role's landing page, password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from makin.roles import Role
from tests.factories import PASSWORD, ApplicantFactory, staff


@pytest.mark.django_db
def test_applicant_logs_in_with_id_number_in_eastern_digits(client):
    ApplicantFactory(national_id="1000000008")
    response = client.post(
        "/accounts/login/", {"username": "١٠٠٠٠٠٠٠٠٨", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("makin:home_applicant")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.RECEPTION, "makin:home_reception"),
        (Role.RESEARCHER, "makin:home_researcher"),
        (Role.COMMITTEE, "makin:home_committee"),
        (Role.MANAGER, "makin:home_manager"),
        (Role.ADMIN, "makin:home_admin"),
    ],
)
def test_staff_log_in_with_username_and_land_on_their_home(client, role, home):
    """Password, then the authenticator's code, then the role's home."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from makin.second_factor import current_code

    user = staff(role)
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/2fa/code/?next=%2Fhome%2F"
    code = current_code(TOTPDevice.objects.get(user=user))
    response = client.post("/accounts/2fa/code/", {"code": code, "next": "/home/"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_refused_in_arabic(client):
    ApplicantFactory(national_id="1000000008")
    response = client.post("/accounts/login/", {"username": "1000000008", "password": "nope"})
    assert response.status_code == 200
    assert "غير متطابقين" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, settings):
    ApplicantFactory(national_id="1000000008")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "1000000008", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "1000000008", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_in_eastern_and_western_digits_count_for_one_account(client, settings):
    ApplicantFactory(national_id="1000000008")
    typed = ["١٠٠٠٠٠٠٠٠٨", " 1000000008", "1000000008 ", "١٠٠٠٠٠٠٠٠٨", "1000000008"]
    assert len(typed) == settings.AXES_FAILURE_LIMIT
    for username in typed:
        client.post("/accounts/login/", {"username": username, "password": "nope"})
    response = client.post("/accounts/login/", {"username": "1000000008", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_a_post(client):
    user = ApplicantFactory()
    client.force_login(user, backend="makin.backends.IdentifierBackend")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_by_email(client, django_capture_on_commit_callbacks):
    """The e-mail is sent by a background task once the request's transaction commits."""
    ApplicantFactory(national_id="1000000008", email="teacher@example.com")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post("/accounts/password/reset/", {"email": "teacher@example.com"})
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "بوابة مكين" in message.subject
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "New-Strong-Pass-55", "new_password2": "New-Strong-Pass-55"}
    )
    assert response.status_code == 302
    response = client.post(
        "/accounts/login/", {"username": "1000000008", "password": "New-Strong-Pass-55"}
    )
    assert response.status_code == 302


# --- Lock-outs: per account and address, the real pause, lifted by a password reset -----------


def _fail(client, username, address, times):
    for _ in range(times):
        client.post(
            "/accounts/login/",
            {"username": username, "password": "nope"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )


@pytest.mark.django_db
def test_a_stranger_cannot_lock_a_staff_member_out_from_everywhere(client, settings):
    """Through the proxy, five wrong passwords from the stranger's address lock that address
    only: the staff member signs in from their own."""
    user = staff(Role.RESEARCHER)
    _fail(client, user.username, "203.0.113.66", settings.AXES_FAILURE_LIMIT)
    refused = client.post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert refused.status_code == 429
    allowed = client.post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_the_lock_out_page_says_the_real_pause(client, settings):
    from datetime import timedelta

    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    ApplicantFactory(national_id="1000000008")
    _fail(client, "1000000008", "198.51.100.30", settings.AXES_FAILURE_LIMIT)
    response = client.post(
        "/accounts/login/",
        {"username": "1000000008", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.30",
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "متوقف لمدة 15 دقيقة" in page
    assert "ساعة" not in page


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lock(client, django_capture_on_commit_callbacks):
    from axes.models import AccessAttempt

    ApplicantFactory(national_id="1000000008", email="teacher@example.com")
    _fail(client, "1000000008", "198.51.100.40", 5)
    assert AccessAttempt.objects.filter(username="1000000008").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "teacher@example.com"})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "New-Strong-Pass-55", "new_password2": "New-Strong-Pass-55"}
    )
    assert AccessAttempt.objects.filter(username="1000000008").count() == 0
    response = client.post(
        "/accounts/login/",
        {"username": "1000000008", "password": "New-Strong-Pass-55"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.40",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_answers_the_same_whether_or_not_the_address_is_registered(
    client, django_capture_on_commit_callbacks
):
    ApplicantFactory(email="teacher@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/accounts/password/reset/", {"email": "teacher@example.com"}, follow=True
        )
        unknown = client.post(
            "/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True
        )
    assert (
        known.redirect_chain == unknown.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    )
    assert without_csrf(known) == without_csrf(unknown)
    assert [m.to for m in mail.outbox] == [["teacher@example.com"]]


def without_csrf(response) -> str:
    """The page as a person reads it: the per-response CSRF token (in the language switcher's
    form) is the only thing allowed to differ."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
