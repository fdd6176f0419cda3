"""Background tasks of the requests app (django-tasks, run by `manage.py db_worker`)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from makin.tasks import retry_delay

logger = logging.getLogger(__name__)


@task()
def retry_move_hook(
    receiver: str, request_id: int, source: str, target: str, actor_id: int | None, attempt: int
) -> str:
    """Call one `request_moved` receiver again for a move that is already saved. A failure is
    logged and queued once more after a growing pause, up to MAKIN_NOTIFY_MAX_ATTEMPTS tries;
    where the queue cannot wait (the tests' immediate backend) the last failure is logged."""
    from .models import Status, SupportRequest

    request = SupportRequest.objects.filter(pk=request_id).first()
    if request is None:
        return "gone"
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    hook = import_string(receiver)
    try:
        hook(
            sender=SupportRequest,
            signal=None,
            request=request,
            source=Status(source) if source else source,
            target=Status(target),
            actor=actor,
        )
    except Exception:
        can_wait = retry_move_hook.get_backend().supports_defer
        if attempt >= settings.MAKIN_NOTIFY_MAX_ATTEMPTS or not can_wait:
            logger.exception("After-move hook %s gave up for request %s", receiver, request_id)
            return "failed"
        logger.warning("After-move hook %s failed again for request %s", receiver, request_id)
        retry_move_hook.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            receiver, request_id, source, target, actor_id, attempt + 1
        )
        return "retrying"
    return "done"


@task()
def send_deadline_reminders() -> int:
    """The two-week clock's daily reminders (`manage.py deadline_reminders` queues it)."""
    from . import services

    return services.deadline_reminders_send()
