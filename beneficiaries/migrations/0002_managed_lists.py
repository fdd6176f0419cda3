"""The managed lists' first entries: beneficiary categories and document kinds."""

from django.db import migrations

CATEGORIES = [
    ("quran_teacher", "معلم قرآن", "Quran teacher"),
    ("student", "حافظ أو طالب", "Memoriser or student"),
    ("guardian", "ولي أمر", "Guardian"),
    ("other", "أخرى", "Other"),
]
DOCUMENT_KINDS = [
    ("id_copy", "صورة الهوية", "ID copy", True),
    ("family_record", "سجل الأسرة", "Family record", False),
    ("income_proof", "إثبات الدخل", "Proof of income", False),
    ("lease", "عقد الإيجار", "Lease", True),
    ("iban_certificate", "شهادة الآيبان", "IBAN certificate", False),
    ("teaching_licence", "رخصة التدريس أو الإجازة", "Teaching licence", True),
    ("other", "مستند آخر", "Other document", False),
]


def seed(apps, schema_editor):
    Category = apps.get_model("beneficiaries", "BeneficiaryCategory")
    Kind = apps.get_model("beneficiaries", "DocumentKind")
    for code, ar, en in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_en": en})
    for code, ar, en, expiry in DOCUMENT_KINDS:
        Kind.objects.get_or_create(
            code=code, defaults={"name_ar": ar, "name_en": en, "has_expiry": expiry}
        )


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
