from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from makin.rules import require

from .models import InboundMessage, InboxState


def inbox(*, user, state: str = InboxState.UNREAD) -> QuerySet[InboundMessage]:
    """The desk's queue: the messages in `state`, oldest waiting first."""
    require(user, "messaging.view_inbox")
    return (
        InboundMessage.objects.filter(state=state)
        .select_related("beneficiary")
        .order_by("received_at", "pk")
    )


def inbound_get(*, user, pk: int) -> InboundMessage:
    require(user, "messaging.view_inbox")
    return get_object_or_404(
        InboundMessage.objects.select_related("beneficiary", "handled_by"), pk=pk
    )
