"""The managed list of rejection reasons: first entries."""

from django.db import migrations

REASONS = [
    ("not_eligible", "لا تنطبق شروط الخدمة على الطلب", "The request does not meet the service's conditions"),
    ("outside_scope", "الطلب خارج نطاق خدمات الجمعية", "The request is outside the association's services"),
    ("recent_support", "سبق دعم المستفيد في المدة الأخيرة", "The beneficiary was supported recently"),
    ("income_sufficient", "الدخل كافٍ بحسب دراسة الحالة", "The income is sufficient according to the study"),
    ("information_mismatch", "البيانات غير مطابقة لما ظهر في الدراسة", "The information does not match the study"),
    ("budget", "عدم توفر الميزانية للخدمة حاليًا", "No budget is available for the service now"),
    ("other", "سبب آخر", "Another reason"),
]


def seed(apps, schema_editor):
    Reason = apps.get_model("committee", "RejectionReason")
    for code, ar, en in REASONS:
        Reason.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("committee", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
