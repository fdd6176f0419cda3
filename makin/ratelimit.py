"""Limits on what a stranger may try again and again: counted in the database (so they hold
across every web process and under simultaneous requests), per client address
(`makin.http.client_ip`, the real one behind the trusted proxy) and per target where that is
what an attacker varies (the ID number signed up, the e-mail address sent a reset link). The
count is taken before anything is looked up, so the answer is the same whether or not an
account exists."""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .models import RateLimitAttempt

# The first key of the advisory lock that serialises one bucket's attempts.
RATE_LIMIT_LOCK = 7302


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: datetime.timedelta


HOUR = datetime.timedelta(hours=1)
SIGNUP_PER_ADDRESS = Limit("signup-address", 10, HOUR)
SIGNUP_PER_ID = Limit("signup-id", 3, HOUR)
RESET_PER_ADDRESS = Limit("reset-address", 10, HOUR)
RESET_PER_EMAIL = Limit("reset-email", 3, HOUR)


class RateLimited(Exception):
    """Too many attempts in the window: refused, and not counted."""


def _digest(limit: Limit, value: str) -> str:
    return hashlib.sha256(f"{limit.scope}:{value.strip().lower()}".encode()).hexdigest()


def rate_limit_take(*buckets: tuple[Limit, str]) -> None:
    """Count one attempt in each (limit, value) bucket, or none of them: RateLimited when any
    bucket is full. One attempt per bucket at a time (an advisory lock, always taken in the
    order given), so simultaneous attempts cannot all count the same rows and pass."""
    now = timezone.now()
    with transaction.atomic():
        keys = [(limit, _digest(limit, value)) for limit, value in buckets]
        with connection.cursor() as cursor:
            for limit, key in keys:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                    [RATE_LIMIT_LOCK, f"{limit.scope}:{key}"],
                )
        for limit, key in keys:
            RateLimitAttempt.objects.filter(
                scope=limit.scope, key=key, created_at__lt=now - limit.window
            ).delete()
            recent = RateLimitAttempt.objects.filter(
                scope=limit.scope, key=key, created_at__gte=now - limit.window
            )
            if recent.count() >= limit.limit:
                raise RateLimited
        RateLimitAttempt.objects.bulk_create(
            RateLimitAttempt(scope=limit.scope, key=key, created_at=now) for limit, key in keys
        )
