"""The portal's session engine: Django's database sessions in a table of the portal's own,
read with the signed-in person and their roles by one query compiled once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from makin.models import Session
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


def _row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_the_session_keeps_the_signed_in_persons_id_from_log_in_to_log_out(client):
    from tests.factories import PASSWORD, ApplicantFactory

    applicant = ApplicantFactory(national_id="1000000008")
    client.get("/accounts/login/")
    client.post("/accounts/login/", {"username": "1000000008", "password": PASSWORD})
    assert _row(client).user_id == applicant.pk
    assert client.get("/my/").status_code == 200
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(user_id=applicant.pk).exists()


def test_a_new_key_keeps_the_person(client):
    from tests.factories import ApplicantFactory

    applicant = ApplicantFactory()
    client.force_login(applicant, backend="makin.backends.IdentifierBackend")
    session = client.session
    old_key = session.session_key
    session.cycle_key()
    session.save()
    assert not Session.objects.filter(session_key=old_key).exists()
    assert Session.objects.get(session_key=session.session_key).user_id == applicant.pk


def test_a_session_before_log_in_has_no_person():
    session = SessionStore()
    session["answer"] = 42
    session.save()
    assert Session.objects.get(session_key=session.session_key).user_id is None
    store = SessionStore(session.session_key)
    assert store.load() == {"answer": 42}
    assert store.person is None


def test_the_session_and_the_person_with_their_roles_are_one_query(django_assert_num_queries):
    from makin.roles import Role
    from tests.factories import staff

    researcher = staff(Role.RESEARCHER)
    session = SessionStore()
    session["_auth_user_id"] = str(researcher.pk)
    session.save()
    store = SessionStore(session.session_key)
    with django_assert_num_queries(1):
        assert store.load()["_auth_user_id"] == str(researcher.pk)
        assert store.person.pk == researcher.pk
        assert store.person.username == researcher.username
        assert store.person.roles == frozenset({Role.RESEARCHER})
        assert store.person.mobile == researcher.mobile


def test_a_deactivated_person_is_signed_out_on_their_next_page(client):
    from makin.roles import Role
    from tests.factories import staff

    researcher = staff(Role.RESEARCHER)
    client.force_login(researcher, backend="makin.backends.IdentifierBackend")
    assert client.get("/staff/research/").status_code == 200
    researcher.is_active = False
    researcher.save(update_fields=["is_active"])
    response = client.get("/staff/research/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_deleted_persons_sessions_go_with_them(client):
    from tests.factories import ApplicantFactory

    applicant = ApplicantFactory()
    client.force_login(applicant, backend="makin.backends.IdentifierBackend")
    assert Session.objects.filter(user_id=applicant.pk).count() == 1
    applicant.delete()
    assert not Session.objects.filter(user_id=applicant.pk).exists()
    response = client.get("/my/")
    assert response.status_code == 302


def test_a_changed_password_ends_the_other_sessions(client):
    from tests.factories import ApplicantFactory

    applicant = ApplicantFactory()
    client.force_login(applicant, backend="makin.backends.IdentifierBackend")
    assert client.get("/my/").status_code == 200
    applicant.set_password("another-Pass-9")
    applicant.save()
    response = client.get("/my/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_clearsessions_removes_only_the_expired_sessions():
    from django.core.management import call_command

    kept, gone = SessionStore(), SessionStore()
    for session in (kept, gone):
        session["answer"] = 42
        session.save()
    Session.objects.filter(session_key=gone.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [kept.session_key]


def test_the_sessions_of_the_old_table_are_copied_with_their_person():
    import importlib

    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore
    from django.contrib.sessions.models import Session as OldSession
    from django.db import connection

    from tests.factories import ApplicantFactory

    migration = importlib.import_module("makin.migrations.0014_session_with_person")
    applicant = ApplicantFactory()
    old = DjangoStore()
    old["_auth_user_id"] = str(applicant.pk)
    old.create()
    anonymous = DjangoStore()
    anonymous["answer"] = 42
    anonymous.create()
    expired = DjangoStore()
    expired["answer"] = 1
    expired.create()
    OldSession.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.copy_sessions(apps, editor)
    copied = dict(Session.objects.values_list("session_key", "user_id"))
    assert copied == {old.session_key: applicant.pk, anonymous.session_key: None}
    assert SessionStore(old.session_key).load()["_auth_user_id"] == str(applicant.pk)


def test_a_request_with_a_session_carries_the_person_itself_one_without_reads_nothing(
    rf, django_assert_num_queries
):
    """With a session cookie the session is read anyway: the middleware gives the page the
    person itself (their roles read with the session), not Django's lazy stand-in. Without one
    nothing is read unless the page asks who is there (an anonymous visitor)."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.utils.functional import SimpleLazyObject

    from makin.middleware import AuthenticationMiddleware
    from makin.roles import Role
    from tests.factories import staff

    person = staff(Role.RECEPTION)
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session["_auth_user_backend"] = "makin.backends.IdentifierBackend"
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.save()

    def through_middleware(request):
        SessionMiddleware(lambda r: None).process_request(request)
        AuthenticationMiddleware(lambda r: None).process_request(request)
        return request

    signed_in = rf.get("/staff/reception/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = session.session_key
    with django_assert_num_queries(1):  # the session with the person and their roles
        through_middleware(signed_in)
        assert type(signed_in.user) is type(person)
        assert signed_in.user.pk == person.pk
        assert Role.RECEPTION in signed_in.user.roles
    anonymous = rf.get("/")
    with django_assert_num_queries(0):
        through_middleware(anonymous)
        assert isinstance(anonymous.user, SimpleLazyObject)
        assert not anonymous.user.is_authenticated
        assert isinstance(anonymous.user._wrapped, AnonymousUser)
