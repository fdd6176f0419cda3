"""Existing complaints and suggestions get their history: received when they were sent, and
the move to their present status (by whoever handled them, when they were resolved, or at
their sending when that time is unknown). The status field held only known values already
(its check constraint), so no row needs another status."""

from django.db import migrations


def history_for_existing_rows(apps, schema_editor):
    Feedback = apps.get_model("surveys", "Feedback")
    FeedbackChange = apps.get_model("surveys", "FeedbackChange")
    rows = []
    for item in Feedback.objects.filter(history__isnull=True).order_by("pk").iterator():
        rows.append(
            FeedbackChange(
                feedback_id=item.pk,
                from_status="",
                to_status="open",
                actor_id=item.user_id,
                audience="applicant",
                created_at=item.created_at,
            )
        )
        if item.status != "open":
            rows.append(
                FeedbackChange(
                    feedback_id=item.pk,
                    from_status="open",
                    to_status=item.status,
                    actor_id=item.handled_by_id,
                    audience="staff",
                    created_at=item.resolved_at or item.created_at,
                )
            )
    # FeedbackChange keeps no django-simple-history, so one bulk insert is safe here.
    FeedbackChange.objects.bulk_create(rows, batch_size=1000)


def remove_history(apps, schema_editor):
    apps.get_model("surveys", "FeedbackChange").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_complaint_moves_and_history"),
    ]

    operations = [
        migrations.RunPython(history_for_existing_rows, remove_history),
    ]
