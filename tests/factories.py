import datetime

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


def staff(role: Role, **kwargs):
    extra = {"is_staff": True} if role == Role.ADMIN else {}
    return UserFactory(roles=[role], **{**extra, **kwargs})


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
