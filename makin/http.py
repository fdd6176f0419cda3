"""The client's address, for rate limits and log-in attempts.

Behind the documented reverse proxy (nginx on the same machine, `deploy/nginx-makin.conf`),
`REMOTE_ADDR` is the proxy's own address and the visitor's is the last one the proxy appended
to `X-Forwarded-For`. The header is read only when the request came from a trusted proxy
(`MAKIN_TRUSTED_PROXIES`), and from the right: each trusted proxy is skipped and the first
address that is not a trusted proxy is the client, so an address a visitor writes into the
header themselves is never believed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

from .validators import western_digits

UNKNOWN = "0.0.0.0"  # noqa: S104  a value, not a bind


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request) -> str:
    """The address of the person making the request (see the module's docstring)."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return UNKNOWN
    networks = _networks(tuple(settings.MAKIN_TRUSTED_PROXIES))
    if not _trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            # A malformed hop: nothing to its left can be trusted; count the last good one.
            break
        if not _trusted(address, networks):
            return str(address)
        remote = address
    return str(remote)


def axes_client_ip(request) -> str:
    """`AXES_CLIENT_IP_CALLABLE`: django-axes counts failed log-ins by the same address."""
    return client_ip(request)


def axes_username(request, credentials) -> str:
    """`AXES_USERNAME_CALLABLE`: the identifier as the log-in reads it (`IdentifierBackend`),
    so that "١٠٠٠٠٠٠٠٠٨", " 1000000008" and "1000000008" count as one account's failures."""
    data = credentials if credentials is not None else getattr(request, "POST", {})
    return western_digits((data.get("username") or "").strip())
