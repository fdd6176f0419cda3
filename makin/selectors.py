"""Reads that pages share, authorising as they read."""

from django.shortcuts import get_object_or_404

from .models import Notification


def notifications_for(*, user):
    """The person's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_get(*, user, pk: int) -> Notification:
    """One of the person's own notifications; 404 for another person's and a missing one."""
    return get_object_or_404(Notification, pk=pk, user=user)


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()
