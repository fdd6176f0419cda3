"""The password pages share one page with blocks; error messages use Bootstrap's "danger"."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/en/accounts/password/reset/",
            "Reset your password Enter the e-mail address of your account; we will send you a "
            "link to choose a new password.",
        ),
        (
            "/en/accounts/password/reset/sent/",
            "Check your e-mail If an account has this e-mail address, a link to choose a new "
            "password is on its way.",
        ),
        ("/en/accounts/password/reset/MQ/bad-token/", "This link is no longer valid"),
    ],
)
def test_each_password_page_shows_its_own_words(client, url, expected):
    assert expected in text(client.get(url))


@pytest.mark.django_db
def test_the_reset_page_asks_for_the_address_with_its_own_button(client):
    html = client.get("/en/accounts/password/reset/").content.decode()
    assert 'name="email"' in html
    assert re.search(r"<button[^>]*>\s*Send the reset link\s*</button>", html)


def test_an_error_message_is_a_danger_alert():
    html = render_to_string(
        "includes/_messages.html", {"messages": [Message(constants.ERROR, "Not saved.")]}
    )
    assert '<div class="alert alert-danger">Not saved.</div>' in html
