"""Server errors from input are closed: long log-in names, NUL characters in addresses; pages
with personal data are never cached; the public policy PDF is rendered once and revalidated."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt

from makin import views as makin_views
from makin.roles import Role
from requests.models import Status
from tests.factories import ApplicantFactory, BeneficiaryFactory, signed_request, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    applicant = ApplicantFactory(email="owner@example.com")
    BeneficiaryFactory(owner=applicant)
    return applicant


@pytest.mark.parametrize("length", [151, 256, 300, 10_000])
def test_a_very_long_log_in_name_is_a_form_error(client, length):
    response = client.post("/accounts/login/", {"username": "ا" * length, "password": "x"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # never reached authenticate() and axes


@pytest.mark.parametrize(
    "path",
    [
        "/staff/requests/%00/",
        "/staff/requests/MK-2026-%0000001/",
        "/my/requests/%00/",
        "/my/requests/MK%00/withdraw/",
        "/requests/%00/receipt/",
        "/track/?reference=%00&national_id=1",
        "/staff/requests/?q=%00",
        "/en/my/requests/%00/",
        "/documents/%00/",
    ],
)
def test_a_nul_character_in_an_address_is_a_bad_request(client_for, path):
    response = client_for(staff(Role.MANAGER)).get(path)
    assert response.status_code == 400
    expected = "This address is not valid" if path.startswith("/en/") else "هذا العنوان غير صالح"
    assert expected in response.content.decode()


def test_a_nul_character_is_a_bad_request_signed_out_too(client):
    assert client.get("/my/requests/%00/").status_code == 400
    assert client.get("/track/?reference=%00").status_code == 400


def test_pages_with_personal_data_are_not_stored_by_any_cache(client_for, owner):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    pages = [
        (owner, f"/my/requests/{req.reference}/"),
        (owner, "/my/requests/"),
        (owner, "/my/file/"),
        (staff(Role.MANAGER), f"/staff/requests/{req.reference}/"),
        (staff(Role.MANAGER), "/staff/requests/"),
    ]
    for user, path in pages:
        response = client_for(user).get(path)
        assert response.status_code == 200, path
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private", "no-cache", "must-revalidate"} <= cache_control, path


def test_the_policy_pdf_is_rendered_once_a_day_per_language_and_revalidated(client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    rendered = []
    real = makin_views.render_pdf

    def counting(*args, **kwargs):
        rendered.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(makin_views, "render_pdf", counting)
    first = client.get("/policy/pdf/")
    second = client.get("/policy/pdf/")
    assert first.status_code == 200
    assert first.content == second.content
    assert first["Content-Type"] == "application/pdf"
    assert first["Cache-Control"] == "public, max-age=3600"
    etag = first["ETag"]
    assert client.get("/policy/pdf/", headers={"if-none-match": etag}).status_code == 304
    english = client.get("/en/policy/pdf/")
    assert english["ETag"] != etag
    assert rendered == ["pages/pdf/policy.html", "pages/pdf/policy.html"]


def test_development_serving_keeps_no_database_connection_open():
    """runserver serves a thread per request; kept connections would pile up (STACK notes)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_CONN_MAX_AGE"}
    env["DJANGO_SETTINGS_MODULE"] = "makin.settings.local"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; print(s.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.strip() == "0"
