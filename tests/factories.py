import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from makin.roles import Role
from makin.validators import national_id_check_digit

PASSWORD = "Quran-Teacher-2026"


def make_national_id(n: int, prefix: str = "1") -> str:
    """A valid ID number: `prefix`, eight digits from n, and the check digit."""
    first_nine = f"{prefix}{n % 10**8:08d}"
    return first_nine + national_id_check_digit(first_nine)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "سارة"
    last_name = "الجهني"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[Role(r).value for r in extracted]))
        if create:
            self.save()


class ApplicantFactory(UserFactory):
    national_id = factory.Sequence(lambda n: make_national_id(1000 + n))
    username = factory.LazyAttribute(lambda u: u.national_id)
    first_name = "أحمد"
    last_name = "الزهراني"
    mobile = factory.Sequence(lambda n: f"+9665{n % 10**8:08d}")

    @factory.post_generation
    def applicant_role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=Role.APPLICANT))


# Every staff member made by `staff()` has a confirmed authenticator with this key, so tests
# (and the browser tests' log_in) can compute their current code.
STAFF_TOTP_KEY = b"makin-tests-totp-key".hex()


def staff(role: Role, **kwargs):
    from makin.second_factor import totp_enrol_with_key

    extra = {"is_staff": True} if role == Role.ADMIN else {}
    user = UserFactory(roles=[role], **{**extra, **kwargs})
    totp_enrol_with_key(user=user, key_hex=STAFF_TOTP_KEY)
    return user


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "beneficiaries.Beneficiary"

    national_id = factory.Sequence(lambda n: make_national_id(5_000_000 + n))
    id_expiry = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=900))
    first_name = "محمد"
    father_name = "عبدالله"
    grandfather_name = "سالم"
    family_name = "الحربي"
    gender = "male"
    birth_date = datetime.date(1985, 3, 14)
    mobile = factory.Sequence(lambda n: f"+9665{(40_000_000 + n) % 10**8:08d}")
    consent_version = "1"
    consented_at = factory.LazyFunction(timezone.now)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests.Service"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"service-{n}")
    name_ar = "إعانة مالية للمعلمين"
    name_en = "Financial aid for teachers"


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests.SupportRequest"

    reference = factory.Sequence(lambda n: f"MK-T-{n:06d}")
    beneficiary = factory.SubFactory(BeneficiaryFactory)
    service = factory.SubFactory(ServiceFactory)


# The beneficiary file ------------------------------------------------------------------------


def document_kind(code: str = "id_copy"):
    """A managed-list kind as migration 0002 seeds it (transactional tests flush it)."""
    import importlib

    from beneficiaries.models import DocumentKind

    seed = importlib.import_module("beneficiaries.migrations.0002_managed_lists")
    ar, en, has_expiry = next((a, e, x) for c, a, e, x in seed.DOCUMENT_KINDS if c == code)
    kind, _ = DocumentKind.objects.get_or_create(
        code=code, defaults={"name_ar": ar, "name_en": en, "has_expiry": has_expiry}
    )
    return kind


def _normalize(name: str) -> str:
    from beneficiaries.arabic import normalize_arabic_name

    return normalize_arabic_name(name)


class FileFactory(BeneficiaryFactory):
    """A beneficiary file with its normalised name, as the services store it."""

    name_normalized = factory.LazyAttribute(
        lambda b: _normalize(f"{b.first_name} {b.father_name} {b.grandfather_name} {b.family_name}")
    )


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "beneficiaries.HouseholdMember"

    beneficiary = factory.SubFactory(FileFactory)
    name = "سارة محمد الحربي"
    relation = "daughter"
    gender = "female"


# A minimal PDF that opens, with one blank page.
PDF_BYTES = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n"
    b"/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n"
    b"/Pages 2 0 R\n>>\nendobj\n4 0 obj\n<<\n/Type /Page\n/Resources <<\n>>\n"
    b"/MediaBox [ 0.0 0.0 72 72 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n"
    b"0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n"
    b"0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n254\n"
    b"%%EOF\n"
)
# A 1×1 white PNG that decodes.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def jpeg_bytes(width: int = 1, height: int = 1) -> bytes:
    """A white JPEG that decodes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(buffer, "JPEG")
    return buffer.getvalue()


# --- requests app -------------------------------------------------------------------------------

# A 1×1 PNG: what the signature pad sends, as a data URL.
SIGNATURE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB"
    "SK+kcQAAAABJRU5ErkJggg=="
)


class DocumentKindFactory(factory.django.DjangoModelFactory):
    """Seeded by a migration, flushed between transactional tests: get or create it."""

    class Meta:
        model = "beneficiaries.DocumentKind"
        django_get_or_create = ("code",)

    code = "id_copy"
    name_ar = "صورة الهوية"
    name_en = "ID copy"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "beneficiaries.Document"

    beneficiary = factory.SubFactory(FileFactory)
    kind = factory.LazyFunction(lambda: document_kind("family_record"))
    file = factory.django.FileField(filename="record.pdf", data=PDF_BYTES)
    original_name = "record.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class VerifiedDocumentFactory(DocumentFactory):
    """A verified ID copy, as the request checklist expects it."""

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    kind = factory.SubFactory(DocumentKindFactory)
    file = factory.django.FileField(filename="id.pdf", data=PDF_BYTES)
    original_name = "id.pdf"
    status = "verified"


# The research committee ---------------------------------------------------------------------


class ResearchReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests.ResearchReport"

    request = factory.SubFactory(SupportRequestFactory)
    author = factory.LazyFunction(lambda: staff(Role.RESEARCHER))
    visit_kind = "home_visit"
    visit_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=2))
    met_with = "رب الأسرة"
    findings = "زرنا الأسرة في حي الصناعية ووجدنا البيانات مطابقة للملف."
    household_matches_file = True
    recommendation = "approve"
    proposed_support = "إعانة مالية دفعة واحدة"
    proposed_amount = 2000


def committee_request(status="ready_for_committee", days_left=7, **kwargs):
    """A request in `status` with its research report and a decision date `days_left` away."""
    kwargs.setdefault("service__max_amount", 5000)
    request = SupportRequestFactory(
        status=status,
        decision_due=datetime.date.today() + datetime.timedelta(days=days_left),
        amount_requested=2000,
        **kwargs,
    )
    ResearchReportFactory(request=request)
    return request


def committee_member(*, chair=False, **kwargs):
    """A serving committee member (the chair if asked), added as a manager would."""
    from committee.services import member_add

    user = UserFactory(**kwargs)
    member_add(
        user=user,
        term_start=datetime.date.today(),
        is_chair=chair,
        actor=staff(Role.MANAGER),
    )
    user.refresh_from_db()
    user.__dict__.pop("roles", None)
    return user


def rejection_reason(code="not_eligible"):
    from committee.models import RejectionReason

    reason, _ = RejectionReason.objects.get_or_create(
        code=code, defaults={"name_ar": "الدخل كاف بحسب دراسة الحالة", "name_en": "Income"}
    )
    return reason


class ContactLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests.ContactLog"

    channel = "phone"
    kind = "inquiry"
    beneficiary = factory.SubFactory(BeneficiaryFactory)
    summary = "استفسار عن الخدمات."
    officer = factory.LazyFunction(lambda: staff(Role.RECEPTION))


class StaffToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests.StaffTool"

    kind = "bylaws"
    name_ar = "اللائحة الأساسية"
    file = factory.django.FileField(filename="bylaws.pdf", data=PDF_BYTES)
    original_name = "bylaws.pdf"
    content_type = "application/pdf"
    is_public = False


def signed_request(**kwargs):
    """A request whose declaration is signed (on screen), ready to be submitted."""
    kwargs.setdefault("declaration_signed_at", timezone.now())
    kwargs.setdefault("declaration_version", "1")
    kwargs.setdefault("signature", SIGNATURE)
    return SupportRequestFactory(**kwargs)


def answer_missing_items(request, actor):
    """Send a PDF for every open item staff asked for, as `actor` (the applicant, or reception
    for a walk-in), so that the request may be submitted again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests import services
    from requests.models import MissingItem

    document_kind("other")
    for item in MissingItem.objects.filter(request=request, document__isnull=True):
        services.missing_item_answer(
            item=item,
            actor=actor,
            upload=SimpleUploadedFile("answer.pdf", PDF_BYTES, content_type="application/pdf"),
        )


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "requests.Referral"

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    question = "هل يحق لي التقديم على خدمتين؟"
    asked_by = factory.LazyFunction(lambda: staff(Role.RECEPTION))


# Surveys -------------------------------------------------------------------------------------

SURVEY_QUESTIONS = [
    {"code": "overall", "kind": "rating", "text_ar": "ما مدى رضاك عن الخدمة بشكل عام؟"},
    {"code": "speed", "kind": "rating", "text_ar": "ما مدى رضاك عن سرعة إنجاز طلبك؟"},
    {"code": "recommend", "kind": "yes_no", "text_ar": "هل تنصح غيرك بالتعامل مع الجمعية؟"},
    {"code": "comments", "kind": "text", "text_ar": "ملاحظاتك", "required": False},
]


def published_survey(manager=None, questions=None):
    """A survey whose first version is published with `questions` (SURVEY_QUESTIONS by
    default); returns the version."""
    from surveys import services

    manager = manager or staff(Role.MANAGER)
    survey = services.survey_create(name_ar="استبيان رضا المستفيدين", actor=manager)
    version = services.version_save_questions(
        version=survey.versions.get(), questions=questions or SURVEY_QUESTIONS, actor=manager
    )
    return services.version_publish(version=version, actor=manager)


def answers_for(version, **by_code):
    """{question id: value} from values given by question code: answers_for(v, overall=5)."""
    return {q.pk: by_code[q.code] for q in version.questions.all() if q.code in by_code}
