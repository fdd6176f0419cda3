"""Reads that pages share, authorising as they read."""

import functools

from django.db import connection
from django.shortcuts import get_object_or_404

from .compiled import compiled, parameters
from .models import Notification

_PERSON = -7_000_002  # the person's id in the compiled count


def notifications_for(*, user):
    """The person's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_get(*, user, pk: int) -> Notification:
    """One of the person's own notifications; 404 for another person's and a missing one."""
    return get_object_or_404(Notification, pk=pk, user=user)


@functools.cache
def _unread_sql() -> tuple[str, tuple[int, ...]]:
    """The ORM's SQL of a person's unread notifications, counted; made once per process (the
    header fetches the count on every page, and compiling it cost more than running it)."""
    mine = Notification.objects.filter(user_id=_PERSON, read_at=None).order_by().values("pk")
    sql, places = compiled(mine, _PERSON)
    return f"SELECT COUNT(*) FROM ({sql}) AS unread", places  # noqa: S608


def unread_count(*, user) -> int:
    sql, places = _unread_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters(places, user.pk))
        return cursor.fetchone()[0]
