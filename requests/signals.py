"""`request_moved` is sent after the transaction of a status change commits, for optional hooks
in other apps (e.g. a satisfaction survey invitation once a service is delivered). Required
effects of a move belong in requests.services.request_transition, not here.

Receivers get: request, source (Status), target (Status), actor."""

from django.dispatch import Signal

request_moved = Signal()
