"""Demo data of the requests app: a Quran-teachers association's catalogue, the officer's four
tools, and a few requests at different stages. Idempotent."""

import base64
import datetime
import math
import uuid
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from beneficiaries.models import Beneficiary, DocumentKind
from makin.channels import Channel
from makin.validators import national_id_check_digit

from . import services
from .models import (
    ContactKind,
    ContactLog,
    Recommendation,
    Service,
    StaffTool,
    Status,
    SupportRequest,
    ToolKind,
    VisitKind,
)

# code, Arabic, English, Arabic description, committee, highest amount, document kinds
SERVICES = [
    (
        "teacher-aid",
        "إعانة مالية لمعلمي القرآن",
        "Financial aid for Quran teachers",
        "إعانة مالية لمعلمي ومعلمات حلقات القرآن الكريم المحتاجين، تُصرف مرة واحدة في العام.",
        True,
        Decimal("5000"),
        ["id_copy", "family_record", "income_proof", "iban_certificate", "teaching_licence"],
    ),
    (
        "training-sponsorship",
        "رعاية دورة تدريبية",
        "Training-course sponsorship",
        "تتحمل الجمعية رسوم دورة معتمدة في التجويد أو طرق تدريس القرآن الكريم.",
        True,
        Decimal("3000"),
        ["id_copy", "teaching_licence"],
    ),
    (
        "circles-support",
        "دعم حلقات التحفيظ",
        "Support for memorisation circles",
        "دعم الحلقات بالمصاحف والوسائل التعليمية ومكافآت المشرفين.",
        True,
        Decimal("10000"),
        ["id_copy"],
    ),
    (
        "student-rewards",
        "مكافآت الطلاب الحافظين",
        "Rewards for memorising students",
        "مكافأة تشجيعية للطلاب والطالبات عند إتمام حفظ أجزاء من القرآن الكريم.",
        False,
        Decimal("1000"),
        ["id_copy", "family_record"],
    ),
    (
        "transport",
        "توصيل الطلاب والمعلمين",
        "Transport to the circles",
        "المساهمة في نقل الطلاب أو المعلمين إلى الحلقات البعيدة عن مساكنهم.",
        True,
        Decimal("2000"),
        ["id_copy", "lease"],
    ),
    (
        "emergency-aid",
        "إعانة طارئة",
        "Emergency aid",
        "مساعدة عاجلة لأسرة معلم أو طالب أصابتها ظروف طارئة.",
        True,
        Decimal("4000"),
        ["id_copy", "family_record", "income_proof"],
    ),
]

TOOLS = [
    (ToolKind.BYLAWS, "اللائحة الأساسية للجمعية", "The association's bylaws", True),
    (
        ToolKind.RESEARCH_GUIDE,
        "دليل خدمات البحث الاجتماعي",
        "Social-research services guide",
        False,
    ),
    (
        ToolKind.SUPPORT_POLICY,
        "دليل سياسة دعم المستفيدين",
        "Beneficiary support policy guide",
        True,
    ),
    (ToolKind.REQUEST_FORM, "نموذج طلب الدعم", "Support request form", True),
]

# A tiny valid PDF and PNG, so the demo's documents and signatures are real files.
PDF = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n2 0 obj\n<<\n/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n"
    b">>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 obj\n<<\n"
    b"/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 200 200 ]\n/Parent 2 0 R\n>>\n"
    b"endobj\nxref\n0 5\n0000000001 65535 f \n0000000000 00001 f \n0000000015 00000 n \n"
    b"0000000074 00000 n \n0000000123 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n>>\n"
    b"startxref\n217\n%%EOF\n"
)


def demo_signature() -> str:
    """A drawn-looking line on white, as the signature pad would send it (grayscale PNG)."""
    width, height = 240, 80

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    ink = {(x, int(40 + 22 * math.sin(x / 13) * math.cos(x / 41))) for x in range(20, 220)}
    rows = b"".join(
        b"\x00"
        + bytes(0 if any((x, y + d) in ink for d in (-1, 0, 1)) else 255 for x in range(width))
        for y in range(height)
    )
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x00\x00\x00\x00"
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    raw += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(raw).decode()


# (first, father, grandfather, family, ID seed, service, stage)
PEOPLE = [
    ("عبدالله", "سالم", "محمد", "الجهني", 1, "teacher-aid", Status.SUBMITTED),
    ("فاطمة", "علي", "حسن", "الحربي", 2, "emergency-aid", Status.INCOMPLETE),
    ("خالد", "سعد", "ناصر", "الصاعدي", 3, "training-sponsorship", Status.IN_RESEARCH),
    ("مريم", "عبدالرحمن", "صالح", "الرفاعي", 4, "circles-support", Status.READY_FOR_COMMITTEE),
    ("سلطان", "فهد", "عمر", "المطيري", 5, "transport", Status.VERIFIED),
]


def _national_id(seed: int) -> str:
    first_nine = f"1{700_000 + seed:08d}"
    return first_nine + national_id_check_digit(first_nine)


@transaction.atomic
def load(stdout=None) -> None:
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    for code, ar, en, description, committee, cap, docs in SERVICES:
        service, created = Service.objects.get_or_create(
            code=code,
            defaults={
                "name_ar": ar,
                "name_en": en,
                "description_ar": description,
                "needs_committee": committee,
                "max_amount": cap,
            },
        )
        if created:
            service.required_document_kinds.set([kinds[c] for c in docs if c in kinds])
    for kind, ar, en, public in TOOLS:
        StaffTool.objects.get_or_create(
            kind=kind,
            defaults={
                "name_ar": ar,
                "name_en": en,
                "is_public": public,
                "file": ContentFile(PDF, name=f"{kind}.pdf"),
                "original_name": f"{kind}.pdf",
                "content_type": "application/pdf",
            },
        )
    _requests(kinds)
    if stdout:
        stdout.write(f"Requests: {len(SERVICES)} services, {len(TOOLS)} officer's tools.")


def _requests(kinds) -> None:
    User = get_user_model()
    reception = User.objects.filter(username="reception").first()
    researcher = User.objects.filter(username="researcher").first()
    if reception is None or researcher is None:
        return
    today = timezone.localdate()
    _applicant_file(today)
    for first, father, grandfather, family, seed, code, stage in PEOPLE:
        beneficiary, created = Beneficiary.objects.get_or_create(
            national_id=_national_id(seed),
            defaults={
                "id_expiry": today + datetime.timedelta(days=700),
                "first_name": first,
                "father_name": father,
                "grandfather_name": grandfather,
                "family_name": family,
                "gender": "female" if first in ("فاطمة", "مريم") else "male",
                "birth_date": datetime.date(1980 + seed, seed, 10 + seed),
                "mobile": f"+96655{seed:07d}",
                "registered_via": Channel.INTERVIEW,
                "consent_version": "1",
                "consented_at": timezone.now(),
                "created_by": reception,
            },
        )
        if not created or SupportRequest.objects.filter(beneficiary=beneficiary).exists():
            continue
        service = Service.objects.get(code=code)
        req = services.request_start(
            beneficiary=beneficiary,
            service=service,
            actor=reception,
            token=uuid.uuid4(),
            channel=Channel.INTERVIEW if seed % 2 else Channel.PHONE,
        )
        services.request_update_details(
            request=req,
            actor=reception,
            details="يطلب المستفيد الدعم لظروفه المعيشية، وهو معلم في حلقات جامع الحي.",
            amount_requested=min(service.max_amount or Decimal("1000"), Decimal("2500")),
        )
        for kind in service.required_document_kinds.all():
            document = services.document_add(
                request=req,
                actor=reception,
                kind=kind,
                file=ContentFile(PDF, name=f"{kind.code}.pdf"),
                expiry_date=(
                    timezone.localdate() + datetime.timedelta(days=365) if kind.has_expiry else None
                ),
            )
            if stage != Status.INCOMPLETE:
                services.document_review(document=document, actor=reception, verified=True)
        services.request_declare_and_submit(
            request=req,
            actor=reception,
            typed_name=beneficiary.full_name,
            signature=demo_signature(),
            ip="127.0.0.1",
        )
        if stage == Status.INCOMPLETE:
            services.request_mark_incomplete(
                request=req,
                actor=reception,
                missing=[str(k) for k in service.required_document_kinds.all()[:1]]
                or ["صورة واضحة من الهوية الوطنية"],
                note="نرجو إرفاق صورة واضحة.",
            )
        if stage in (Status.VERIFIED, Status.IN_RESEARCH, Status.READY_FOR_COMMITTEE):
            services.request_transition(request=req, to=Status.VERIFIED, actor=reception)
        if stage in (Status.IN_RESEARCH, Status.READY_FOR_COMMITTEE):
            services.request_assign_researcher(request=req, actor=reception, researcher=researcher)
        if stage == Status.READY_FOR_COMMITTEE:
            services.research_report_create(
                request=req,
                actor=researcher,
                data={
                    "visit_kind": VisitKind.HOME_VISIT,
                    "visit_date": today,
                    "met_with": beneficiary.full_name,
                    "findings": "الأسرة مكونة من خمسة أفراد، والدخل لا يكفي الاحتياجات الأساسية.",
                    "household_matches_file": True,
                    "recommendation": Recommendation.APPROVE,
                    "proposed_support": "إعانة مالية لمرة واحدة.",
                    "proposed_amount": Decimal("2000"),
                },
            )
        ContactLog.objects.get_or_create(
            beneficiary=beneficiary,
            request=req,
            defaults={
                "channel": req.channel,
                "kind": ContactKind.REQUEST,
                "summary": "استقبال المستفيد وشرح إجراءات الطلب ومدة الرد.",
                "officer": reception,
            },
        )


def _applicant_file(today) -> None:
    """The demo applicant's own file, so that they can apply online at once."""
    applicant = get_user_model().objects.filter(national_id="1000000008").first()
    if applicant is None or Beneficiary.objects.filter(owner=applicant).exists():
        return
    Beneficiary.objects.get_or_create(
        national_id="1000000008",
        defaults={
            "owner": applicant,
            "id_expiry": today + datetime.timedelta(days=900),
            "first_name": "أحمد",
            "father_name": "محمد",
            "grandfather_name": "سعيد",
            "family_name": "الزهراني",
            "gender": "male",
            "birth_date": datetime.date(1988, 5, 2),
            "mobile": "+966551234567",
            "registered_via": Channel.WEBSITE,
            "consent_version": "1",
            "consented_at": timezone.now(),
        },
    )
