"""Demo data of the research committee: its members (chair, member1, member2), a scheduled
meeting, and requests ready for the committee with their research reports. Idempotent."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Document,
    DocumentKind,
    Housing,
    VerificationStatus,
)
from requests.demo import PDF, demo_signature
from requests.models import ResearchReport, Service, Status, StatusChange, SupportRequest
from requests.text import DECLARATION_VERSION

from . import services
from .models import CommitteeMember, Meeting, MeetingMode

User = get_user_model()

MEMBERS = [("chair", True), ("member1", False), ("member2", False)]

SERVICES = [
    (
        "teacher-aid",
        "إعانة مالية لمعلمي القرآن",
        "Financial aid for Quran teachers",
        Decimal("5000"),
    ),
    ("rent-aid", "مساعدة في سداد الإيجار", "Help with the rent", Decimal("12000")),
]

# (national ID, first, father, grandfather, family, service code, reference, amount asked,
#  days left to the deadline, recommendation, proposed support, proposed amount, findings)
REQUESTS = [
    (
        "1000000008",
        "أحمد",
        "سعيد",
        "عبدالله",
        "الزهراني",
        "teacher-aid",
        "MK-DEMO-C001",
        Decimal("3000"),
        3,
        "approve",
        "إعانة مالية دفعة واحدة لشراء مستلزمات حلقة التحفيظ",
        Decimal("3000"),
        "معلم في حلقة تحفيظ بحي الصناعية، يعول أسرة من خمسة أفراد، ودخله من المكافأة فقط.",
    ),
    (
        "1000000016",
        "خالد",
        "محمد",
        "سالم",
        "الجهني",
        "rent-aid",
        "MK-DEMO-C002",
        Decimal("9000"),
        -2,
        "partial",
        "سداد نصف الإيجار السنوي على قسطين",
        Decimal("6000"),
        "يسكن بالإيجار في حي السميري، والعقد ساري، وتأخر في سداد القسط الأخير.",
    ),
    (
        "1000000024",
        "سلمان",
        "ناصر",
        "حمد",
        "الحربي",
        "teacher-aid",
        "MK-DEMO-C003",
        Decimal("2000"),
        9,
        "reject",
        "",
        None,
        "حصل على إعانة من الجمعية قبل أربعة أشهر، ودخله الحالي يغطي حاجة الأسرة.",
    ),
]


def _member_terms(manager, stdout) -> None:
    for username, is_chair in MEMBERS:
        user = User.objects.filter(username=username).first()
        if user is None or CommitteeMember.objects.filter(user=user, is_active=True).exists():
            continue
        services.member_add(
            user=user,
            term_start=timezone.localdate().replace(month=1, day=1),
            is_chair=is_chair,
            actor=manager,
        )
        stdout.write(f"  committee member: {username}{' (chair)' if is_chair else ''}")


def _beneficiary(national_id, first, father, grandfather, family):
    owner = User.objects.filter(national_id=national_id).first()
    existing = Beneficiary.objects.filter(
        Q(national_id=national_id) | Q(owner=owner) if owner else Q(national_id=national_id)
    ).first()
    if existing:
        return existing
    return Beneficiary.objects.create(
        national_id=national_id,
        id_expiry=timezone.localdate() + datetime.timedelta(days=700),
        first_name=first,
        father_name=father,
        grandfather_name=grandfather,
        family_name=family,
        gender="male",
        birth_date=datetime.date(1984, 5, 2),
        marital_status="married",
        mobile=f"+96655{national_id[-7:]}",
        district="الصناعية",
        housing=Housing.RENTED,
        rent_amount=Decimal("1500"),
        category=BeneficiaryCategory.objects.filter(code="quran_teacher").first(),
        employment="معلم حلقة تحفيظ",
        iban="SA0380000000608010167519",
        owner=owner,
        registered_via="website" if owner else "in_person",
        consent_version="1",
        consented_at=timezone.now(),
    )


def _documents(beneficiary, service, researcher) -> None:
    """The documents the service requires, verified (a request reaches the committee so)."""
    codes = {"id_copy", "family_record", "income_proof"}
    codes |= set(service.required_document_kinds.values_list("code", flat=True))
    for kind in DocumentKind.objects.filter(code__in=codes):
        if beneficiary.documents.filter(kind=kind).exists():
            continue
        document = Document(
            beneficiary=beneficiary,
            kind=kind,
            original_name=f"{kind.code}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            expiry_date=(
                timezone.localdate() + datetime.timedelta(days=400) if kind.has_expiry else None
            ),
            status=VerificationStatus.VERIFIED,
            verified_by=researcher,
            verified_at=timezone.now(),
        )
        document.file.save(f"{document.uuid}.pdf", ContentFile(PDF), save=False)
        document.save()


def _timeline(request, researcher) -> None:
    """The moves a real request made to reach the committee, dated as they would be."""
    reception = User.objects.filter(username="reception").first()
    steps = [
        (Status.DRAFT, Status.SUBMITTED, request.submitted_at, request.beneficiary.owner),
        (Status.SUBMITTED, Status.VERIFIED, request.completed_at, reception),
        (Status.VERIFIED, Status.IN_RESEARCH, request.completed_at, reception),
        (Status.IN_RESEARCH, Status.READY_FOR_COMMITTEE, timezone.now(), researcher),
    ]
    for source, target, at, actor in steps:
        StatusChange.objects.create(
            request=request, from_status=source, to_status=target, actor=actor, created_at=at
        )


def load(stdout) -> None:
    manager = User.objects.filter(username="manager").first()
    researcher = User.objects.filter(username="researcher").first()
    if not (manager and researcher):
        return
    _member_terms(manager, stdout)
    chair = User.objects.filter(username="chair").first()

    service_by_code = {}
    for code, ar, en, limit in SERVICES:
        service_by_code[code], _ = Service.objects.get_or_create(
            code=code, defaults={"name_ar": ar, "name_en": en, "max_amount": limit}
        )

    today = timezone.localdate()
    for (
        national_id,
        first,
        father,
        grandfather,
        family,
        service_code,
        reference,
        asked,
        days_left,
        recommendation,
        proposed,
        proposed_amount,
        findings,
    ) in REQUESTS:
        if SupportRequest.objects.filter(reference=reference).exists():
            continue
        beneficiary = _beneficiary(national_id, first, father, grandfather, family)
        _documents(beneficiary, service_by_code[service_code], researcher)
        due = today + datetime.timedelta(days=days_left)
        request = SupportRequest.objects.create(
            reference=reference,
            beneficiary=beneficiary,
            service=service_by_code[service_code],
            status=Status.READY_FOR_COMMITTEE,
            details="أرجو النظر في طلبي ودعمي بما ترونه مناسبًا.",
            amount_requested=asked,
            researcher=researcher,
            submitted_at=timezone.now() - datetime.timedelta(days=16 - days_left),
            completed_at=timezone.now() - datetime.timedelta(days=14 - days_left),
            decision_due=due,
            declaration_signed_at=timezone.now() - datetime.timedelta(days=16 - days_left),
            declaration_version=DECLARATION_VERSION,
            declaration_name=beneficiary.full_name,
            signature=demo_signature(),
        )
        _timeline(request, researcher)
        ResearchReport.objects.create(
            request=request,
            author=researcher,
            visit_kind="home_visit",
            visit_date=today - datetime.timedelta(days=2),
            met_with=f"{first} {family} وزوجته",
            findings=findings,
            household_matches_file=True,
            recommendation=recommendation,
            proposed_support=proposed,
            proposed_amount=proposed_amount,
        )
        stdout.write(f"  request ready for the committee: {reference}")

    if chair is not None and not Meeting.objects.exists():
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time(19, 30))
        )
        meeting = services.meeting_create(
            number=1,
            starts_at=starts,
            mode=MeetingMode.IN_PERSON,
            place="مقر الجمعية في ينبع — قاعة الاجتماعات",
            actor=chair,
        )
        stdout.write(f"  scheduled committee meeting no. {meeting.number}")
