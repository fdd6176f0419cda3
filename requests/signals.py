"""`request_moved` is sent after the transaction of a status change commits, for optional hooks
in other apps (e.g. a satisfaction survey invitation once a service is delivered). Required
effects of a move belong in requests.services.request_transition, not here.

Receivers get: request, source (Status), target (Status), actor.

The move is saved before any receiver runs, so a receiver that fails must not turn the user's
saved action into an error: `announce_move` calls each receiver on its own, logs a failure and
queues that receiver again (requests.tasks.retry_move_hook) with growing pauses."""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

request_moved = Signal()


def receiver_path(receiver) -> str:
    return f"{receiver.__module__}.{receiver.__qualname__}"


def announce_move(*, request, source, target, actor) -> None:
    """Send `request_moved`; each failing receiver is logged and tried again by a task."""
    from .models import SupportRequest
    from .tasks import retry_move_hook

    results = request_moved.send_robust(
        sender=SupportRequest, request=request, source=source, target=target, actor=actor
    )
    for receiver, result in results:
        if not isinstance(result, Exception):
            continue
        path = receiver_path(receiver)
        logger.error(
            "After-move hook %s failed for request %s (%s -> %s); it will be tried again",
            path,
            request.reference,
            source,
            target,
            exc_info=result,
        )
        try:
            retry_move_hook.enqueue(
                path, request.pk, str(source), str(target), getattr(actor, "pk", None), 1
            )
        except Exception:
            logger.exception("Could not queue hook %s again for request %s", path, request.pk)
