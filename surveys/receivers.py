"""Optional hooks on other apps' events."""

from requests.models import Status


def invite_after_service(sender, *, request, source, target, actor, **kwargs):
    """Once a request is delivered or closed, invite the beneficiary to rate the service (one
    invitation per request, so closing after delivery sends nothing more)."""
    from .services import invitation_for_request

    if target in (Status.DELIVERED, Status.CLOSED):
        invitation_for_request(request=request)
