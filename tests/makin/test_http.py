"""The client's address behind the trusted proxy (makin.http.client_ip)."""

import pytest
from django.test import RequestFactory, override_settings

from makin.http import client_ip

LOOPBACK = ["127.0.0.1/32", "::1/128"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Straight from the internet: the header is the visitor's own words and ignored.
        ("203.0.113.7", "", "203.0.113.7"),
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Through nginx on the same machine: the address nginx appended.
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # A visitor who writes their own header gets the address nginx saw, not theirs.
        ("127.0.0.1", "10.0.0.1, 198.51.100.1", "198.51.100.1"),
        ("127.0.0.1", "1.2.3.4,  198.51.100.2 ", "198.51.100.2"),
        # A trusted hop inside the chain is skipped.
        ("127.0.0.1", "198.51.100.3, 127.0.0.1", "198.51.100.3"),
        # The proxy without a header: the proxy itself.
        ("127.0.0.1", "", "127.0.0.1"),
        # A malformed last hop stops the walk at the proxy.
        ("127.0.0.1", "198.51.100.4, not-an-address", "127.0.0.1"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        ("", "198.51.100.1", "0.0.0.0"),  # noqa: S104  a value, not a bind
    ],
)
def test_client_ip_reads_the_header_only_from_a_trusted_proxy(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(MAKIN_TRUSTED_PROXIES=LOOPBACK):
        assert client_ip(request) == expected


def test_a_load_balancer_network_can_be_trusted():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.5.9", HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.5.8"
    )
    with override_settings(MAKIN_TRUSTED_PROXIES=["10.0.5.0/24"]):
        assert client_ip(request) == "198.51.100.9"
    with override_settings(MAKIN_TRUSTED_PROXIES=LOOPBACK):
        assert client_ip(request) == "10.0.5.9"
