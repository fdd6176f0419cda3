"""The portal's session engine: Django's database sessions, read by SQL compiled once."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from makin.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_portal_uses_its_session_engine():
    assert settings.SESSION_ENGINE == "makin.sessions"


def test_a_saved_session_is_read_back_in_one_query(django_assert_num_queries):
    session = SessionStore()
    session["answer"] = 42
    session.save()
    with django_assert_num_queries(1):
        assert SessionStore(session.session_key).load() == {"answer": 42}


def test_an_expired_or_unknown_session_is_empty_and_forgotten():
    session = SessionStore()
    session["answer"] = 42
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(session.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore("z" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_sign_in_and_out_keep_working(client):
    from tests.factories import ApplicantFactory

    applicant = ApplicantFactory()
    client.force_login(applicant)
    assert client.get("/my/").status_code == 200
    client.logout()
    response = client.get("/my/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
