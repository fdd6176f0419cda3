"""Background tasks of the surveys app (django-tasks, run by `manage.py db_worker`)."""

from django_tasks import task


@task()
def make_report_pdf(export_id: str) -> str:
    """Make a reports PDF a manager asked for (`surveys.services.report_export_make`)."""
    from . import services

    return services.report_export_make(export_id=export_id)
