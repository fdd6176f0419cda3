"""Sign-up and password reset are limited per real client address (behind the trusted proxy)
and per target (the ID number, the e-mail address); the answer does not tell whether an
account exists, and the limits hold under 50 simultaneous attempts."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from makin.models import RateLimitAttempt
from tests.factories import ApplicantFactory, make_national_id

User = get_user_model()
SIGNUP = "/accounts/signup/"
RESET = "/accounts/password/reset/"
LIMITED = "محاولات كثيرة. يُرجى الانتظار ساعة ثم المحاولة مرة أخرى."
# The documented proxy on this machine: nginx on 127.0.0.1 appends the visitor's address.
PROXY = {"REMOTE_ADDR": "127.0.0.1"}


def visitor(address: str) -> dict:
    return {**PROXY, "HTTP_X_FORWARDED_FOR": address}


def signup_data(national_id: str) -> dict:
    return {
        "national_id": national_id,
        "first_name": "عبدالرحمن",
        "last_name": "القرشي",
        "mobile": "0551234567",
        "email": "abdulrahman@example.com",
        "password1": "Tahfeez-Yanbu-77",
        "password2": "Tahfeez-Yanbu-77",
    }


@pytest.mark.django_db
def test_the_eleventh_sign_up_from_one_address_is_refused_and_another_address_is_not(client):
    answers = [
        client.post(SIGNUP, signup_data(make_national_id(100 + n)), **visitor("203.0.113.5"))
        for n in range(11)
    ]
    assert [a.status_code for a in answers] == [302] * 10 + [429]
    assert LIMITED in answers[-1].content.decode()
    assert User.objects.count() == 10
    # A second visitor behind the same proxy has a bucket of their own.
    other = client.post(SIGNUP, signup_data(make_national_id(200)), **visitor("203.0.113.6"))
    assert other.status_code == 302
    assert User.objects.count() == 11


@pytest.mark.django_db
def test_one_id_number_is_tried_three_times_an_hour_from_any_addresses(client):
    """Whoever varies the address still cannot keep signing up one ID number (each attempt
    messages its owner), and the answer is the same whether or not it is registered."""
    ApplicantFactory(national_id="1000000008")
    registered = [
        client.post(SIGNUP, signup_data("1000000008"), **visitor(f"198.51.100.{n}")).status_code
        for n in range(4)
    ]
    unregistered = [
        client.post(SIGNUP, signup_data("1000000016"), **visitor(f"192.0.2.{n}")).status_code
        for n in range(4)
    ]
    assert registered == unregistered == [302, 302, 302, 429]


@pytest.mark.django_db
def test_a_bad_sign_up_form_is_not_counted(client):
    bad = {**signup_data("1000000008"), "password2": "Different-Pass-99"}
    for _ in range(12):
        assert client.post(SIGNUP, bad, **visitor("203.0.113.5")).status_code == 200
    assert not RateLimitAttempt.objects.exists()


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_the_same_whether_or_not_it_is_registered(client):
    ApplicantFactory(email="teacher@example.com")
    known = [
        client.post(RESET, {"email": "teacher@example.com"}, **visitor(f"198.51.100.{n}"))
        for n in range(4)
    ]
    unknown = [
        client.post(RESET, {"email": "Nobody@Example.com"}, **visitor(f"192.0.2.{n}"))
        for n in range(4)
    ]
    assert [a.status_code for a in known] == [302, 302, 302, 429]
    assert [a.status_code for a in unknown] == [302, 302, 302, 429]
    assert LIMITED in known[-1].content.decode()
    # What is kept is a digest, never the e-mail address or the client's address.
    keys = set(RateLimitAttempt.objects.values_list("key", flat=True))
    assert not any("@" in key or "." in key for key in keys)


@pytest.mark.django_db
def test_password_reset_is_limited_per_address_and_two_addresses_behind_the_proxy_are_apart(
    client,
):
    answers = [
        client.post(RESET, {"email": f"person{n}@example.com"}, **visitor("203.0.113.5"))
        for n in range(11)
    ]
    assert [a.status_code for a in answers] == [302] * 10 + [429]
    other = client.post(RESET, {"email": "person99@example.com"}, **visitor("203.0.113.6"))
    assert other.status_code == 302


@pytest.mark.django_db
def test_an_address_written_by_the_visitor_is_not_believed(client, settings):
    """Without the proxy in front, X-Forwarded-For is the visitor's own words: every attempt
    counts against the address that really connected."""
    settings.MAKIN_TRUSTED_PROXIES = ["10.9.9.9/32"]
    answers = [
        client.post(
            RESET,
            {"email": f"person{n}@example.com"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(11)
    ]
    assert answers == [302] * 10 + [429]


def fifty_at_once(path: str, data_for) -> list[int]:
    """50 posts from one address at the same moment, each thread with its own client and its
    own database connection; the answers' status codes."""
    barrier = threading.Barrier(50)
    codes = []
    lock = threading.Lock()

    def post(n):
        try:
            client = Client()
            barrier.wait()
            code = client.post(path, data_for(n), **visitor("203.0.113.50")).status_code
            with lock:
                codes.append(code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_from_one_address_let_exactly_ten_through():
    codes = fifty_at_once(SIGNUP, lambda n: signup_data(make_national_id(300 + n)))
    assert codes.count(302) == 10
    assert codes.count(429) == 40
    assert User.objects.count() == 10
    assert RateLimitAttempt.objects.filter(scope="signup-address").count() == 10


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_resets_for_one_email_let_exactly_three_through():
    codes = fifty_at_once(RESET, lambda n: {"email": "teacher@example.com"})
    assert codes.count(302) == 3
    assert codes.count(429) == 47
    assert RateLimitAttempt.objects.filter(scope="reset-email").count() == 3
