"""Demo intake: the catalogue and the officer's four tools (saved by the manager through their
forms), walk-in files, and requests that reached their stages through the request services,
each step dated as it would have happened. Idempotent."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from beneficiaries import services as file_services
from beneficiaries.models import Beneficiary, DocumentKind, VerificationStatus
from makin.channels import Channel
from makin.validators import national_id_check_digit
from requests import services
from requests.forms import ServiceForm, StaffToolForm
from requests.models import (
    ContactKind,
    Recommendation,
    Service,
    StaffTool,
    Status,
    SupportRequest,
    ToolKind,
    VisitKind,
)

from .clock import on
from .content import PDF, demo_signature

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
        "rent-aid",
        "مساعدة في سداد الإيجار",
        "Help with the rent",
        "المساهمة في سداد إيجار مسكن معلم أو طالب متعثر في السداد.",
        True,
        Decimal("12000"),
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

# (first, father, grandfather, family, ID seed, service, stage, days since submission)
PEOPLE = [
    ("عبدالله", "سالم", "محمد", "الجهني", 1, "teacher-aid", Status.SUBMITTED, 1),
    ("فاطمة", "علي", "حسن", "الحربي", 2, "emergency-aid", Status.INCOMPLETE, 4),
    ("خالد", "سعد", "ناصر", "الصاعدي", 3, "training-sponsorship", Status.IN_RESEARCH, 9),
    ("مريم", "عبدالرحمن", "صالح", "الرفاعي", 4, "circles-support", Status.READY_FOR_COMMITTEE, 12),
    ("سلطان", "فهد", "عمر", "المطيري", 5, "transport", Status.VERIFIED, 6),
]

STAGES = [
    Status.SUBMITTED,
    Status.VERIFIED,
    Status.IN_RESEARCH,
    Status.READY_FOR_COMMITTEE,
]


def staff(username: str):
    return get_user_model().objects.filter(username=username).first()


def national_id(first_nine: str) -> str:
    return first_nine + national_id_check_digit(first_nine)


def person_fields(number: str, first, father, grandfather, family) -> dict:
    """What every demo walk-in's file starts with: the ID number (valid two more years) and the
    four parts of the name."""
    return {
        "national_id": number,
        "id_expiry": timezone.localdate() + datetime.timedelta(days=700),
        "first_name": first,
        "father_name": father,
        "grandfather_name": grandfather,
        "family_name": family,
    }


def walk_in(*, reception, fields: dict, via: str = Channel.INTERVIEW) -> Beneficiary:
    """The file of a visitor, registered by reception (or the one already registered)."""
    existing = Beneficiary.objects.filter(national_id=fields["national_id"]).first()
    if existing is not None:
        return existing
    return file_services.beneficiary_create(
        actor=reception,
        registered_via=via,
        consent_version=settings.MAKIN_PRIVACY_NOTICE_VERSION,
        fields=fields,
    )


def documents_on_file(*, request, reception, verify: bool = True) -> None:
    """The service's required documents, uploaded from the request and (unless the request is
    to come back incomplete) verified by reception; documents already on file are reused."""
    today = timezone.localdate()
    for kind in request.service.required_document_kinds.all():
        document = request.beneficiary.documents.filter(kind=kind).order_by("-pk").first()
        if document is None:
            document = services.document_add(
                request=request,
                actor=reception,
                kind=kind,
                file=ContentFile(PDF, name=f"{kind.code}.pdf"),
                expiry_date=today + datetime.timedelta(days=365) if kind.has_expiry else None,
            )
        if verify and document.status != VerificationStatus.VERIFIED:
            services.document_review(document=document, actor=reception, verified=True)


def request_to_stage(
    *,
    beneficiary: Beneficiary,
    service: Service,
    stage: Status,
    submitted: datetime.datetime,
    channel: str = Channel.INTERVIEW,
    amount: Decimal | None = None,
    report: dict | None = None,
) -> SupportRequest:
    """A request taken at the desk on `submitted` and moved, a day or so per step, to `stage`
    (submitted, incomplete, verified, in research or ready for the committee)."""
    reception, researcher = staff("reception"), staff("researcher")
    with on(submitted):
        req = services.request_start(
            beneficiary=beneficiary,
            service=service,
            actor=reception,
            token=uuid.uuid4(),
            channel=channel,
        )
        req = services.request_update_details(
            request=req,
            actor=reception,
            details="يطلب المستفيد الدعم لظروفه المعيشية، وهو معلم في حلقات جامع الحي.",
            amount_requested=amount or min(service.max_amount or Decimal(1000), Decimal(2500)),
        )
        documents_on_file(request=req, reception=reception, verify=stage != Status.INCOMPLETE)
        req = services.request_declare_and_submit(
            request=req,
            actor=reception,
            typed_name=beneficiary.full_name,
            signature=demo_signature(),
            ip="127.0.0.1",
        )
        if stage == Status.INCOMPLETE:
            kinds = list(service.required_document_kinds.all()[:1])
            return services.request_mark_incomplete(
                request=req,
                actor=reception,
                kinds=kinds,
                labels=[] if kinds else ["صورة واضحة من الهوية الوطنية"],
                note="نرجو إرفاق صورة واضحة.",
            )
    if stage == Status.SUBMITTED:
        return req
    with on(submitted + datetime.timedelta(days=1)):
        req = services.request_transition(request=req, to=Status.VERIFIED, actor=reception)
        if STAGES.index(stage) >= STAGES.index(Status.IN_RESEARCH):
            req = services.request_assign_researcher(
                request=req, actor=reception, researcher=researcher
            )
    if stage in (Status.VERIFIED, Status.IN_RESEARCH):
        return req
    with on(submitted + datetime.timedelta(days=3)):
        services.research_report_create(
            request=req,
            actor=researcher,
            data=report
            or {
                "visit_kind": VisitKind.HOME_VISIT,
                "visit_date": timezone.localdate(),
                "met_with": beneficiary.full_name,
                "findings": "الأسرة مكونة من خمسة أفراد، والدخل لا يكفي الاحتياجات الأساسية.",
                "household_matches_file": True,
                "recommendation": Recommendation.APPROVE,
                "proposed_support": "إعانة مالية لمرة واحدة.",
                "proposed_amount": Decimal("2000"),
            },
        )
    return SupportRequest.objects.get(pk=req.pk)


def load(stdout=None) -> None:
    manager = staff("manager")
    if manager is None:
        return
    _catalogue(manager)
    _requests()
    if stdout:
        stdout.write(f"Requests: {len(SERVICES)} services, {len(TOOLS)} officer's tools.")


def _catalogue(manager) -> None:
    kinds = {k.code: k for k in DocumentKind.objects.all()}
    for code, ar, en, description, committee, cap, docs in SERVICES:
        _add_once(
            manager,
            Service.objects.filter(code=code),
            ServiceForm,
            {
                "code": code,
                "name_ar": ar,
                "name_en": en,
                "description_ar": description,
                "required_document_kinds": [kinds[c].pk for c in docs if c in kinds],
                "needs_committee": committee,
                "max_amount": cap,
                "is_active": True,
            },
        )
    for kind, ar, en, public in TOOLS:
        _add_once(
            manager,
            StaffTool.objects.filter(kind=kind),
            StaffToolForm,
            {"kind": kind, "name_ar": ar, "name_en": en, "is_public": public, "is_active": True},
            files={"file": SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")},
        )


def _add_once(manager, existing, form_class, data: dict, files=None) -> None:
    """One catalogue entry through its form and the catalogue's service, unless `existing`
    (a queryset) already holds it."""
    if existing.exists():
        return
    form = form_class(data=data, files=files)
    services.catalogue_save(form=_valid(form), actor=manager)


def _valid(form):
    if not form.is_valid():
        raise ValueError(f"demo catalogue entry refused: {form.errors.as_json()}")
    return form


def _requests() -> None:
    reception = staff("reception")
    if reception is None or staff("researcher") is None:
        return
    now = timezone.now()
    for first, father, grandfather, family, seed, code, stage, days in PEOPLE:
        number = national_id(f"1{700_000 + seed:08d}")
        if SupportRequest.objects.filter(beneficiary__national_id=number).exists():
            continue
        submitted = now - datetime.timedelta(days=days, hours=3)
        with on(submitted - datetime.timedelta(minutes=30)):
            beneficiary = walk_in(
                reception=reception,
                via=Channel.INTERVIEW if seed % 2 else Channel.PHONE,
                fields={
                    **person_fields(number, first, father, grandfather, family),
                    "gender": "female" if first in ("فاطمة", "مريم") else "male",
                    "birth_date": datetime.date(1980 + seed, seed, 10 + seed),
                    "mobile": f"+96655{seed:07d}",
                },
            )
        service = Service.objects.get(code=code)
        req = request_to_stage(
            beneficiary=beneficiary,
            service=service,
            stage=stage,
            submitted=submitted,
            channel=Channel.INTERVIEW if seed % 2 else Channel.PHONE,
        )
        with on(submitted - datetime.timedelta(minutes=5)):
            services.contact_log(
                actor=reception,
                channel=req.channel,
                kind=ContactKind.REQUEST,
                summary="استقبال المستفيد وشرح إجراءات الطلب ومدة الرد.",
                request=req,
            )
