"""The second factor: staff sign in with a password and an authenticator code; enrolment at
the first log-in; single-use recovery codes; applicants may opt in; an admin's reset is
logged; wrong codes count towards the lock-out; the demo accounts' code command."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from makin import second_factor
from makin.models import SecondFactorEvent
from makin.roles import Role
from tests.factories import PASSWORD, ApplicantFactory, UserFactory, staff

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

CODE_PAGE = "/accounts/2fa/code/"
SETUP_PAGE = "/accounts/2fa/setup/"


def code_of(user):
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return second_factor.current_code(device)


def password_step(client, user, password=PASSWORD, address="198.51.100.77"):
    return client.post(
        "/accounts/login/",
        {"username": user.username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def code_step(client, code, address="198.51.100.77"):
    return client.post(
        CODE_PAGE, {"code": code}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address
    )


STAFF_PAGES = {
    Role.RECEPTION: ["/staff/reception/", "/staff/requests/", "/staff/contacts/"],
    Role.RESEARCHER: ["/staff/research/", "/staff/research/queue/"],
    Role.COMMITTEE: ["/staff/committee/", "/committee/meetings/"],
    Role.MANAGER: ["/staff/manager/", "/staff/reports/", "/staff/requests/"],
    Role.ADMIN: ["/staff/admin/", "/admin/", "/admin/makin/user/"],
}


@pytest.mark.parametrize(("role", "pages"), STAFF_PAGES.items(), ids=str)
def test_a_password_only_staff_session_is_sent_to_the_code_page(client, role, pages):
    client.force_login(staff(role), backend="makin.backends.IdentifierBackend")
    for page in [*pages, "/", "/notifications/"]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(f"{CODE_PAGE}?next="), page


def test_a_fragment_fetched_by_htmx_gets_nothing_while_the_code_is_awaited(client):
    client.force_login(staff(Role.RECEPTION), backend="makin.backends.IdentifierBackend")
    response = client.get("/notifications/unread/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response.content == b""


def test_an_applicant_without_a_second_factor_signs_in_with_the_password(client):
    applicant = ApplicantFactory()
    assert password_step(client, applicant).status_code == 302
    assert client.get("/my/").status_code == 200


def test_staff_sign_in_with_password_then_code(client):
    member = staff(Role.RESEARCHER)
    response = password_step(client, member)
    assert response.url == "/home/"
    assert client.get("/staff/research/").url == f"{CODE_PAGE}?next=%2Fstaff%2Fresearch%2F"
    page = client.get(f"{CODE_PAGE}?next=/staff/research/")
    assert "الخطوة الثانية: رمزك" in page.content.decode()
    response = client.post(CODE_PAGE, {"code": code_of(member), "next": "/staff/research/"})
    assert response.status_code == 302
    assert response.url == "/staff/research/"
    assert client.get("/staff/research/").status_code == 200


def test_a_wrong_code_is_refused_in_arabic_and_the_session_stays_waiting(client):
    member = staff(Role.MANAGER)
    password_step(client, member)
    response = code_step(client, "000000")
    assert response.status_code == 200
    assert "هذا الرمز غير صحيح" in response.content.decode()
    assert client.get("/staff/manager/").status_code == 302


def test_an_empty_code_is_refused_in_arabic(client):
    member = staff(Role.MANAGER)
    password_step(client, member)
    response = code_step(client, "")
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()
    assert client.get("/staff/manager/").status_code == 302


def test_a_code_is_not_accepted_from_someone_elses_page(client):
    """An outside `next` is not followed after the code."""
    member = staff(Role.RECEPTION)
    password_step(client, member)
    response = client.post(CODE_PAGE, {"code": code_of(member), "next": "https://evil.example/"})
    assert response.url == "/home/"


def test_wrong_codes_count_towards_the_lock_out(client, settings):
    member = staff(Role.RECEPTION)
    password_step(client, member)
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert code_step(client, "111111").status_code == 200
    response = code_step(client, "111111")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The password is now refused from that address too, though it is right.
    assert password_step(client, member).status_code == 429
    assert password_step(client, member, address="198.51.100.78").status_code == 302


def test_a_staff_member_enrols_at_the_first_sign_in(client):
    member = UserFactory(roles=[Role.RECEPTION])
    password_step(client, member)
    assert client.get(CODE_PAGE).url == f"{SETUP_PAGE}?next="
    page = client.get(SETUP_PAGE).content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    assert second_factor.secret_text(device) in page
    # A wrong code: nothing is confirmed.
    response = client.post(SETUP_PAGE, {"code": "123"})
    assert "هذا الرمز غير صحيح" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    # The app's code confirms it; the recovery codes are shown once.
    response = client.post(SETUP_PAGE, {"code": second_factor.current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/staff/reception/").status_code == 200
    assert list(SecondFactorEvent.objects.values_list("user", "actor", "action")) == [
        (member.pk, member.pk, "enrolled")
    ]
    assert "<li>" + codes[0] not in client.get("/accounts/2fa/").content.decode()


def test_the_setup_page_cannot_replace_a_device_while_the_code_is_awaited(client):
    member = staff(Role.MANAGER)
    password_step(client, member)
    response = client.get(SETUP_PAGE)
    assert response.url == "/accounts/2fa/"
    assert client.get("/accounts/2fa/").url.startswith(CODE_PAGE)
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_a_recovery_code_works_once(client):
    member = staff(Role.COMMITTEE)
    codes = second_factor.recovery_codes_replace(user=member)
    password_step(client, member)
    assert code_step(client, codes[0].upper()).status_code == 302
    client.post("/accounts/logout/")
    password_step(client, member)
    again = code_step(client, codes[0])
    assert again.status_code == 200
    assert "هذا الرمز غير صحيح" in again.content.decode()
    # django-otp pauses a device after a wrong code (1 s, doubling); let that pause pass.
    StaticDevice.objects.filter(user=member).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )
    assert code_step(client, codes[1]).status_code == 302
    assert second_factor.recovery_codes_left(user=member) == 8


def test_an_applicant_may_turn_the_second_factor_on(client):
    applicant = ApplicantFactory()
    password_step(client, applicant)
    assert "تفعيل التحقق الثنائي" in client.get("/accounts/2fa/").content.decode()
    client.get(SETUP_PAGE)
    device = TOTPDevice.objects.get(user=applicant, confirmed=False)
    client.post(SETUP_PAGE, {"code": second_factor.current_code(device)})
    client.post("/accounts/logout/")
    password_step(client, applicant)
    assert client.get("/my/").url.startswith(CODE_PAGE)


def test_an_admin_resets_a_members_second_factor_and_it_is_logged(client):
    admin = staff(Role.ADMIN)
    member = staff(Role.RECEPTION)
    password_step(client, admin)
    code_step(client, code_of(admin))
    response = client.post(
        "/admin/makin/user/",
        {"action": "reset_second_factor", "_selected_action": [member.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert list(SecondFactorEvent.objects.values_list("user", "actor", "action")) == [
        (member.pk, admin.pk, "reset")
    ]
    client.post("/accounts/logout/")
    password_step(client, member)
    assert client.get(CODE_PAGE).url.startswith(SETUP_PAGE)


def signed_in(user, address="198.51.100.77", code=None):
    """A client of its own, signed in with the password and the code (a whole log-in). An app
    code is accepted once, so a second session of the same person uses a recovery code."""
    from django.test import Client

    client = Client()
    password_step(client, user, address=address)
    assert code_step(client, code or code_of(user), address=address).status_code == 302
    return client


QUEUE = "/staff/requests/"


def test_a_reset_of_the_second_factor_ends_every_session_of_the_member(client):
    admin = staff(Role.ADMIN)
    member = staff(Role.RECEPTION)
    colleague = staff(Role.RECEPTION)
    recovery = second_factor.recovery_codes_replace(user=member)
    phone, desk = signed_in(member), signed_in(member, "198.51.100.78", recovery[0])
    untouched = signed_in(colleague)
    admin_client = signed_in(admin)
    admin_client.post(
        "/admin/makin/user/",
        {"action": "reset_second_factor", "_selected_action": [member.pk]},
    )
    assert phone.get(QUEUE).url == "/accounts/login/?next=/staff/requests/"
    assert desk.get(QUEUE).url == "/accounts/login/?next=/staff/requests/"
    assert untouched.get(QUEUE).status_code == 200
    assert admin_client.get("/admin/").status_code == 200
    assert list(SecondFactorEvent.objects.values_list("user", "actor", "action")) == [
        (member.pk, admin.pk, "reset")
    ]
    # Signing in again works, and asks for enrolment.
    password_step(phone, member)
    assert phone.get(CODE_PAGE).url.startswith(SETUP_PAGE)


def test_a_password_change_ends_the_members_other_sessions_but_not_this_one():
    member = staff(Role.RECEPTION)
    recovery = second_factor.recovery_codes_replace(user=member)
    here, elsewhere = signed_in(member), signed_in(member, "198.51.100.78", recovery[0])
    response = here.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Strong-Pass-42",
            "new_password2": "Another-Strong-Pass-42",
        },
    )
    assert response.url == "/accounts/password/change/done/"
    assert here.get(QUEUE).status_code == 200
    assert elsewhere.get(QUEUE).url == "/accounts/login/?next=/staff/requests/"


def test_a_password_reset_ends_every_session_of_the_member():
    from django.contrib.auth.tokens import default_token_generator
    from django.test import Client
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    member = staff(Role.RECEPTION)
    kept = signed_in(member)
    member.refresh_from_db()  # the link is made after the log-in, as it would be
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    stranger = Client()
    form_url = stranger.get(f"/accounts/password/reset/{uid}/{token}/").url
    done = stranger.post(
        form_url,
        {"new_password1": "Another-Strong-Pass-42", "new_password2": "Another-Strong-Pass-42"},
    )
    assert done.url == "/accounts/password/reset/complete/"
    assert kept.get(QUEUE).url == "/accounts/login/?next=/staff/requests/"


def test_only_the_admin_role_may_reset(client):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        second_factor.second_factor_reset(user=staff(Role.RECEPTION), actor=staff(Role.MANAGER))
    assert not SecondFactorEvent.objects.exists()


def test_demo_staff_are_enrolled_and_demo_totp_prints_their_code():
    call_command("load_demo_data", stdout=StringIO())
    device = TOTPDevice.objects.get(user__username="reception", confirmed=True)
    assert device.key == "6d616b696e2d64656d6f2d746f74702d32303236"
    assert not TOTPDevice.objects.filter(user__username="1000000008").exists()
    out = StringIO()
    call_command("demo_totp", "reception", stdout=out)
    assert out.getvalue().strip() == second_factor.current_code(device)
    assert re.fullmatch(r"\d{6}", out.getvalue().strip())


def test_demo_totp_refuses_under_production_settings(settings):
    member = staff(Role.RECEPTION)
    settings.MAKIN_DEMO_DATA_ALLOWED = False
    out = StringIO()
    with pytest.raises(CommandError, match="development or test settings"):
        call_command("demo_totp", member.username, stdout=out)
    assert out.getvalue() == ""


def test_production_settings_do_not_allow_demo_codes():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "makin/settings/production.py").read_text()
    assert "MAKIN_DEMO_DATA_ALLOWED = False" in text
