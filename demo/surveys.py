"""Demo satisfaction data: the Arabic survey (published by the manager), six months of
requests that went the whole way — intake, research, a committee meeting, delivery
and closing — whose beneficiaries were invited by the surveys app on delivery and answered
about three times in five, and a few complaints and suggestions, some resolved. Every step goes
through the services, at the moment it would have happened. Idempotent."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from beneficiaries.models import Gender
from committee import services as committee_services
from committee.models import Meeting, MeetingStatus, Opinion, Outcome, SupportKind
from makin.channels import Channel
from requests.models import Service, Status
from surveys import services as survey_services
from surveys.models import Feedback, FeedbackKind, FeedbackStatus, Invitation, QuestionKind, Survey

from .clock import on
from .committee import meeting_in_person
from .intake import national_id, request_to_stage, staff, walk_in

# Eight meetings, three weeks apart, over the last six months, with three requests each.
MEETINGS = 8
ITEMS_PER_MEETING = 3

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


def survey_publish(manager) -> None:
    if Survey.objects.filter(name_ar=SURVEY_NAME).exists():
        return
    survey = survey_services.survey_create(
        name_ar=SURVEY_NAME, name_en="Beneficiary satisfaction survey", actor=manager
    )
    version = survey.versions.get()
    survey_services.version_save_questions(
        version=version,
        questions=[
            {"code": c, "kind": k, "text_ar": ar, "text_en": en, "required": req}
            for c, k, ar, en, req in QUESTIONS
        ],
        actor=manager,
    )
    survey_services.version_publish(version=version, actor=manager)


def _beneficiaries(count: int) -> list:
    reception = staff("reception")
    people = []
    for n in range(count):
        gender = Gender.FEMALE if n % 3 == 2 else Gender.MALE
        people.append(
            walk_in(
                reception=reception,
                via=Channel.INTERVIEW if n % 2 else Channel.PHONE,
                fields={
                    "national_id": national_id(f"1{77_000_000 + n:08d}"),
                    "id_expiry": datetime.date(2029, 1, 1),
                    "first_name": FIRST[n % 10] if gender == Gender.MALE else FIRST[10 + n % 5],
                    "father_name": FATHER[n % len(FATHER)],
                    "grandfather_name": FATHER[(n + 2) % len(FATHER)],
                    "family_name": FAMILY[n % len(FAMILY)],
                    "gender": gender,
                    "birth_date": datetime.date(1975 + n % 25, 1 + n % 12, 1 + n % 27),
                    "mobile": f"+9665{60_000_000 + n:08d}",
                },
            )
        )
    return people


def _answers(rng: random.Random, version, month_bias: float) -> dict:
    answers = {}
    for q in version.questions.all():
        if q.kind == QuestionKind.RATING:
            score = rng.gauss(3.7 + month_bias, 0.9)
            answers[q.pk] = max(1, min(5, round(score)))
        elif q.kind == QuestionKind.YES_NO:
            answers[q.pk] = rng.random() < 0.8
        elif q.kind == QuestionKind.TEXT and rng.random() < 0.3:
            answers[q.pk] = rng.choice(COMMENTS)
    return answers


def _history(rng: random.Random) -> None:
    if Meeting.objects.filter(status=MeetingStatus.CLOSED).exists():
        return
    reception, chair = staff("reception"), staff("chair")
    members = [chair, staff("member1"), staff("member2")]
    if None in members or reception is None or survey_services.current_version() is None:
        return
    services = list(Service.objects.filter(is_active=True, needs_committee=True).order_by("pk"))
    people = _beneficiaries(MEETINGS * ITEMS_PER_MEETING)
    channels = [Channel.INTERVIEW, Channel.PHONE, Channel.WEBSITE, Channel.SOCIAL_MEDIA]
    now = timezone.now()
    for m in range(MEETINGS):
        meeting_at = now - datetime.timedelta(days=178 - 22 * m, hours=-19)
        requests = []
        for i in range(ITEMS_PER_MEETING):
            # Verified 4 to 19 days before the meeting: most are decided within the two weeks.
            waited = rng.choice([4, 6, 9, 11, 13, 13, 16, 19])
            requests.append(
                request_to_stage(
                    beneficiary=people[m * ITEMS_PER_MEETING + i],
                    service=rng.choice(services),
                    stage=Status.READY_FOR_COMMITTEE,
                    submitted=meeting_at - datetime.timedelta(days=waited + 1),
                    channel=rng.choice(channels),
                )
            )
        with on(meeting_at - datetime.timedelta(hours=2)):
            meeting = meeting_in_person(
                starts_at=meeting_at, place="مقر الجمعية في ينبع", chair=chair
            )
            items = committee_services.agenda_add(meeting=meeting, requests=requests, actor=chair)
        with on(meeting_at):
            committee_services.meeting_open(meeting=meeting, attendees=members, actor=chair)
            for item in items:
                for member in members:
                    committee_services.vote_cast(item=item, actor=member, opinion=Opinion.APPROVE)
                committee_services.decision_record(
                    item=item,
                    outcome=Outcome.APPROVE,
                    actor=chair,
                    support_kind=SupportKind.ONE_PAYMENT,
                    amount=min(item.request.service.max_amount or Decimal(1000), Decimal(1500)),
                )
            committee_services.meeting_close(meeting=meeting, actor=chair)
        for item in items:
            _deliver_and_answer(rng, item.request, meeting_at, month_bias=0.4 * m / MEETINGS)


def _deliver_and_answer(rng, request, decided_at, month_bias: float) -> None:
    reception = staff("reception")
    delivered_at = decided_at + datetime.timedelta(days=rng.randint(1, 6), hours=2)
    with on(delivered_at):
        request.refresh_from_db()
        committee_services.delivery_record(
            request=request,
            delivered_on=timezone.localdate(),
            delivered_by=reception,
            actor=reception,
            received_by_name=request.beneficiary.full_name,
            amount_paid=committee_services.approved_decision(request).amount,
        )
        committee_services.delivery_close(request=request, actor=reception)
        # The surveys app invites on delivery; asking again is a no-op (one per request).
        survey_services.invitation_for_request(request=request)
    invitation = Invitation.objects.get(request=request)
    answered_at = delivered_at + datetime.timedelta(hours=rng.randint(1, 72))
    if invitation is None or rng.random() > 0.62 or answered_at >= timezone.now():
        return
    with on(answered_at):
        survey_services.response_submit(
            invitation=invitation, answers=_answers(rng, invitation.version, month_bias)
        )


def _feedback() -> None:
    if Feedback.objects.filter(subject=FEEDBACK[0][1]).exists():
        return
    manager = staff("manager")
    now = timezone.now()
    for n, (kind, subject, body, resolve) in enumerate(FEEDBACK):
        sent_at = now - datetime.timedelta(days=10 * (n + 1))
        with on(sent_at):
            item = survey_services.feedback_submit(
                kind=kind, subject=subject, body=body, name="" if n % 2 else "عبدالله الحربي"
            )
        if resolve and manager:
            with on(sent_at + datetime.timedelta(hours=6 + 20 * n)):
                survey_services.feedback_transition(
                    feedback=item,
                    to=FeedbackStatus.RESOLVED,
                    reply="شكرًا لك، تمت معالجة الملاحظة وإبلاغ القسم المختص.",
                    actor=manager,
                )


def load(stdout) -> None:
    rng = random.Random(2026)  # noqa: S311  demo data, not security
    manager = staff("manager")
    if manager is not None:
        survey_publish(manager)
    _history(rng)
    _feedback()
    stdout.write(
        f"Surveys: {Invitation.objects.count()} invitations, "
        f"{Invitation.objects.filter(answered_at__isnull=False).count()} answered."
    )
