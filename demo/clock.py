"""Running a service at a moment in the past, so that demo data has a history.

The services read the time from `django.utils.timezone.now()`; travelling there (time-machine,
a development dependency) lets each step be dated as it would have been, with no date
parameter in any service."""

import datetime
from contextlib import contextmanager


@contextmanager
def on(moment: datetime.datetime):
    import time_machine

    with time_machine.travel(moment, tick=True):
        yield
