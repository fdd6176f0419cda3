"""The committee's words on existing timeline rows, stored as codes and parameters: the agenda
note, the approval's kind of support, the rejection's reason (its typed explanation stays as
typed). The timeline then reads in each reader's language."""

import re

from django.db import migrations

AGENDA = re.compile(r"^(?:On the agenda of meeting no\. |أُدرج في جدول أعمال الاجتماع رقم )(\d+)$")


def forward(apps, schema_editor):
    StatusChange = apps.get_model("requests", "StatusChange")
    Decision = apps.get_model("committee", "Decision")
    for change in StatusChange.objects.filter(to_status="in_committee").exclude(note=""):
        match = AGENDA.match(change.note.strip())
        if match:
            StatusChange.objects.filter(pk=change.pk).update(
                event="agenda", params={"meeting": int(match.group(1))}, note=""
            )
    for decision in Decision.objects.select_related("item", "rejection_reason").exclude(
        outcome="defer"
    ):
        changes = StatusChange.objects.filter(
            request_id=decision.item.request_id,
            to_status="approved" if decision.outcome == "approve" else "rejected",
            event="",
        )
        if decision.outcome == "approve":
            changes.update(
                event="approved", params={"support_kind": decision.support_kind}, note=""
            )
        elif decision.rejection_reason is not None:
            changes.update(
                event="rejected",
                params={
                    "reason_ar": decision.rejection_reason.name_ar,
                    "reason_en": decision.rejection_reason.name_en,
                },
                note=decision.reason_text,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0003_database_keeps_choices_and_amounts"),
        ("requests", "0009_timeline_audience_and_event"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
