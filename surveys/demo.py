"""Demo data of the surveys app: the Arabic satisfaction survey, a spread of answered invitations
over the last six months (so the reports show something), and a few complaints and
suggestions. Idempotent."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from beneficiaries.models import Beneficiary
from makin.channels import Channel
from makin.validators import national_id_check_digit
from requests.models import Service, Status, SupportRequest

from . import services
from .models import Feedback, FeedbackKind, FeedbackStatus, Invitation, QuestionKind, Survey

SURVEY_NAME = "استبيان رضا المستفيدين"
QUESTIONS = [
    (
        "overall",
        QuestionKind.RATING,
        "ما مدى رضاك عن الخدمة بشكل عام؟",
        "Overall, how satisfied are you with the service?",
        True,
    ),
    (
        "courtesy",
        QuestionKind.RATING,
        "ما مدى رضاك عن حسن الاستقبال ولباقة الموظفين؟",
        "How satisfied are you with the courtesy of reception?",
        True,
    ),
    (
        "clarity",
        QuestionKind.RATING,
        "ما مدى وضوح الإجراءات والمتطلبات لك؟",
        "How clear were the procedure and its requirements?",
        True,
    ),
    (
        "speed",
        QuestionKind.RATING,
        "ما مدى رضاك عن سرعة إنجاز طلبك؟",
        "How satisfied are you with the speed of the service?",
        True,
    ),
    (
        "recommend",
        QuestionKind.YES_NO,
        "هل تنصح غيرك بالتعامل مع الجمعية؟",
        "Would you recommend the association to others?",
        True,
    ),
    (
        "comments",
        QuestionKind.TEXT,
        "ملاحظاتك ومقترحاتك لتحسين الخدمة (اختياري)",
        "Your comments and suggestions (optional)",
        False,
    ),
]
FIRST = [
    "محمد",
    "أحمد",
    "عبدالله",
    "خالد",
    "سعد",
    "فهد",
    "سلطان",
    "ناصر",
    "عمر",
    "يوسف",
    "فاطمة",
    "مريم",
    "نورة",
    "سارة",
    "هند",
]
FATHER = ["عبدالرحمن", "سالم", "علي", "حسن", "إبراهيم", "صالح"]
FAMILY = ["الجهني", "الحربي", "الصاعدي", "الرفاعي", "المطيري", "العوفي", "الأحمدي", "الزهراني"]
DEMO_SERVICES = [
    ("teacher-aid", "إعانة مالية لمعلمي القرآن", "Financial aid for Quran teachers"),
    ("course-fees", "رسوم الدورات التأهيلية", "Qualification course fees"),
    ("memorisation-prizes", "جوائز حفظ القرآن", "Memorisation prizes"),
]
COMMENTS = [
    "جزاكم الله خيرًا على حسن التعامل.",
    "أتمنى تقليل مدة الانتظار لقرار اللجنة.",
    "الموظفة كانت متعاونة وشرحت لي كل شيء.",
    "أقترح إرسال رسالة عند كل تحديث على الطلب.",
    "الإجراءات واضحة وسهلة، شكرًا لكم.",
    "تأخر الرد على اتصالي مرتين.",
]
FEEDBACK = [
    (
        FeedbackKind.COMPLAINT,
        "تأخر الرد على الهاتف",
        "اتصلت ثلاث مرات ولم يرد أحد في الفترة الصباحية.",
        True,
    ),
    (FeedbackKind.SUGGESTION, "خدمة الواتساب", "أقترح إتاحة متابعة الطلب عبر الواتساب.", True),
    (FeedbackKind.COMPLAINT, "طول مدة دراسة الطلب", "مضى أكثر من أسبوعين على اكتمال طلبي.", False),
    (FeedbackKind.SUGGESTION, "مواعيد مسائية", "نرجو فتح الاستقبال مساءً للموظفين.", False),
    (
        FeedbackKind.SUGGESTION,
        "دورات عن بعد",
        "أقترح تقديم الدورات التأهيلية عن بعد لسكان ينبع النخل.",
        True,
    ),
]


def _survey(manager) -> None:
    if Survey.objects.filter(name_ar=SURVEY_NAME).exists():
        return
    survey = services.survey_create(
        name_ar=SURVEY_NAME, name_en="Beneficiary satisfaction survey", actor=manager
    )
    version = survey.versions.get()
    services.version_save_questions(
        version=version,
        questions=[
            {"code": c, "kind": k, "text_ar": ar, "text_en": en, "required": req}
            for c, k, ar, en, req in QUESTIONS
        ],
        actor=manager,
    )
    services.version_publish(version=version, actor=manager)


def _services() -> list[Service]:
    found = list(Service.objects.filter(is_active=True).order_by("pk")[:4])
    if len(found) >= 3:
        return found
    return [
        Service.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_en": en})[0]
        for code, ar, en in DEMO_SERVICES
    ]


def _beneficiaries(rng: random.Random, count: int) -> list[Beneficiary]:
    result = []
    for n in range(count):
        first_nine = f"1{77_000_000 + n:08d}"
        gender = "female" if n % 3 == 2 else "male"
        beneficiary, _created = Beneficiary.objects.get_or_create(
            national_id=first_nine + national_id_check_digit(first_nine),
            defaults={
                "id_expiry": datetime.date(2029, 1, 1),
                "first_name": FIRST[n % len(FIRST)] if gender == "male" else FIRST[10 + n % 5],
                "father_name": FATHER[n % len(FATHER)],
                "grandfather_name": FATHER[(n + 2) % len(FATHER)],
                "family_name": FAMILY[n % len(FAMILY)],
                "gender": gender,
                "birth_date": datetime.date(1975 + n % 25, 1 + n % 12, 1 + n % 27),
                "mobile": f"+9665{60_000_000 + n:08d}",
                "registered_via": rng.choice(list(Channel.values)),
                "consent_version": "1",
                "consented_at": timezone.now(),
            },
        )
        result.append(beneficiary)
    return result


def _answers(rng: random.Random, version, staff_bias: float, month_bias: float) -> dict:
    answers = {}
    for q in version.questions.all():
        if q.kind == QuestionKind.RATING:
            score = rng.gauss(3.7 + staff_bias + month_bias, 0.9)
            answers[q.pk] = max(1, min(5, round(score)))
        elif q.kind == QuestionKind.YES_NO:
            answers[q.pk] = rng.random() < 0.8 + staff_bias / 4
        elif q.kind == QuestionKind.TEXT and rng.random() < 0.3:
            answers[q.pk] = rng.choice(COMMENTS)
    return answers


def _invitations(rng: random.Random) -> None:
    if SupportRequest.objects.filter(reference__startswith="SV-").exists():
        return
    User = get_user_model()
    staff = list(User.objects.filter(username__in=["reception", "researcher", "manager"]))
    biases = {u.pk: b for u, b in zip(staff, [0.3, 0.0, -0.3], strict=False)}
    service_list = _services()
    beneficiaries = _beneficiaries(rng, 60)
    version = services.current_version()
    now = timezone.now()
    channels = [
        Channel.INTERVIEW,
        Channel.PHONE,
        Channel.WEBSITE,
        Channel.SOCIAL_MEDIA,
        Channel.BRANCH,
    ]
    for n in range(140):
        days_ago = rng.randint(3, 180)
        delivered = now - datetime.timedelta(days=days_ago, hours=rng.randint(0, 8))
        completed = delivered - datetime.timedelta(days=rng.randint(12, 30))
        decided = completed + datetime.timedelta(days=rng.choice([3, 6, 9, 11, 13, 13, 15, 19]))
        officer = rng.choice(staff) if staff else None
        request = SupportRequest.objects.create(
            reference=f"SV-{n + 1:05d}",
            beneficiary=beneficiaries[n % len(beneficiaries)],
            service=rng.choice(service_list),
            status=Status.CLOSED,
            channel=rng.choice(channels),
            received_by=officer,
            created_at=completed - datetime.timedelta(days=2),
            submitted_at=completed - datetime.timedelta(days=1),
            completed_at=completed,
            decision_due=(completed + datetime.timedelta(days=14)).date(),
            decided_at=min(decided, delivered),
        )
        invitation = services.invitation_create(
            beneficiary=request.beneficiary,
            channel=request.channel,
            staff=officer,
            request=request,
            at=delivered,
        )
        if invitation is None or rng.random() > 0.62:
            continue
        answered = delivered + datetime.timedelta(hours=rng.randint(1, 72))
        if answered >= now:
            continue
        month_bias = 0.4 * (180 - days_ago) / 180
        staff_bias = biases.get(officer.pk if officer else None, 0)
        services.response_submit(
            invitation=invitation,
            answers=_answers(rng, version, staff_bias, month_bias),
            at=answered,
        )


def _feedback() -> None:
    if Feedback.objects.filter(subject=FEEDBACK[0][1]).exists():
        return
    User = get_user_model()
    manager = User.objects.filter(username="manager").first()
    for n, (kind, subject, body, resolve) in enumerate(FEEDBACK):
        item = services.feedback_submit(
            kind=kind, subject=subject, body=body, name="" if n % 2 else "عبدالله الحربي"
        )
        Feedback.objects.filter(pk=item.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=10 * (n + 1))
        )
        if resolve and manager:
            services.feedback_handle(
                feedback=item,
                status=FeedbackStatus.RESOLVED,
                reply="شكرًا لك، تمت معالجة الملاحظة وإبلاغ القسم المختص.",
                actor=manager,
            )
            item.refresh_from_db()
            Feedback.objects.filter(pk=item.pk).update(
                resolved_at=item.created_at + datetime.timedelta(hours=6 + 20 * n)
            )


def load(stdout) -> None:
    rng = random.Random(2026)  # noqa: S311  demo data, not security
    manager = get_user_model().objects.filter(username="manager").first()
    with transaction.atomic():
        if manager is not None:
            _survey(manager)
        _invitations(rng)
        _feedback()
    stdout.write(
        f"Surveys: {Invitation.objects.count()} invitations, "
        f"{Invitation.objects.filter(answered_at__isnull=False).count()} answered."
    )
