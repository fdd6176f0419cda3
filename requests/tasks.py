"""The request app's background tasks (django-tasks), run by the worker."""

from django_tasks import task

from . import services


@task()
def send_deadline_reminders() -> int:
    return services.deadline_reminders_send()
