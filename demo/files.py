"""Demo beneficiary files: the demo applicant's own file, and walk-in files registered by
reception, one of them a near-duplicate spelling of another (it waits in the review queue).
Idempotent. Names and Yanbu districts from the shared data file of realistic Arabic names."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from beneficiaries import services
from beneficiaries.models import Beneficiary, BeneficiaryCategory, DocumentKind, Housing
from makin.channels import Channel
from makin.validators import national_id_check_digit

from .content import PDF


def _id(first_nine: str) -> str:
    return first_nine + national_id_check_digit(first_nine)


WALK_INS = [
    # first, father, grandfather, family, gender, birth, mobile, district, category, channel
    ("عبدالله", "سالم", "محمد", "الجهني", "male", (1979, 5, 2), "+966501112233",
     "الصريف", "quran_teacher", Channel.INTERVIEW),
    ("فاطمة", "أحمد", "علي", "الصاعدي", "female", (1988, 11, 20), "+966502223344",
     "السميري", "guardian", Channel.PHONE),
    ("يوسف", "إبراهيم", "صالح", "الردادي", "male", (2004, 1, 9), "+966503334455",
     "ينبع النخل", "student", Channel.INTERVIEW),
    # The first visitor again, spelled differently at another visit: a possible duplicate.
    ("عبد الله", "بن سالم", "محمد", "الجهنى", "male", (1979, 5, 2), "+966501112233",
     "الصريف", "quran_teacher", Channel.BRANCH),
]  # fmt: skip


def load(stdout=None) -> None:
    User = get_user_model()
    reception = User.objects.filter(username="reception").first()
    applicant = User.objects.filter(national_id="1000000008").first()
    today = timezone.localdate()
    categories = {c.code: c for c in BeneficiaryCategory.objects.all()}
    if applicant and not Beneficiary.objects.filter(owner=applicant).exists():
        file = services.beneficiary_create(
            actor=applicant,
            owner=applicant,
            consent_version=settings.MAKIN_PRIVACY_NOTICE_VERSION,
            fields={
                "first_name": "أحمد",
                "father_name": "محمد",
                "grandfather_name": "عبدالرحمن",
                "family_name": "الزهراني",
                "gender": "male",
                "birth_date": datetime.date(1986, 7, 14),
                "nationality": "السعودية",
                "marital_status": "married",
                "id_expiry": today + datetime.timedelta(days=20),
                "mobile": "+966551234567",
                "email": "applicant@example.com",
                "building_number": "4127",
                "street": "شارع الملك عبدالعزيز",
                "district": "الفيصلية",
                "city": "ينبع",
                "postal_code": "46455",
                "additional_number": "7312",
                "category": categories.get("quran_teacher"),
                "employment": "معلم حلقة تحفيظ (متعاون)",
                "housing": Housing.RENTED,
                "rent_amount": 1500,
                "iban": "SA0380000000608010167519",
            },
            incomes=[{"source": "مكافأة حلقة التحفيظ", "monthly_amount": 2500}],
        )
        services.household_save(
            beneficiary=file,
            actor=applicant,
            rows=[
                {"name": "نورة سعد الزهراني", "relation": "spouse", "gender": "female",
                 "birth_date": datetime.date(1990, 2, 3), "national_id": _id("100000001"),
                 "education": "جامعي", "monthly_income": 0},
                {"name": "محمد أحمد الزهراني", "relation": "son", "gender": "male",
                 "birth_date": datetime.date(2015, 9, 1), "education": "ابتدائي",
                 "monthly_income": 0},
            ],
        )  # fmt: skip
        id_copy = DocumentKind.objects.filter(code="id_copy").first()
        if id_copy:  # the managed list is seeded by a migration
            services.document_upload(
                beneficiary=file,
                actor=applicant,
                kind=id_copy,
                upload=ContentFile(PDF, name="هوية-أحمد.pdf"),
                expiry_date=file.id_expiry,
            )
    if reception:
        for n, row in enumerate(WALK_INS):
            first, father, grand, family, gender, birth, mobile, district, category, via = row
            national_id = _id(f"10{n + 4}00770{n}")
            if Beneficiary.objects.filter(national_id=national_id).exists():
                continue
            services.beneficiary_create(
                actor=reception,
                registered_via=via,
                consent_version=settings.MAKIN_PRIVACY_NOTICE_VERSION,
                fields={
                    "national_id": national_id,
                    "first_name": first,
                    "father_name": father,
                    "grandfather_name": grand,
                    "family_name": family,
                    "gender": gender,
                    "birth_date": datetime.date(*birth),
                    "id_expiry": today + datetime.timedelta(days=400 + 90 * n),
                    "mobile": mobile,
                    "district": district,
                    "category": categories.get(category),
                },
            )
    if stdout:
        stdout.write(f"Beneficiary files: {Beneficiary.objects.count()}")
