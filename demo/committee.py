"""Demo committee work: its members (chair, member1, member2) appointed by the manager, three
requests that reached the committee through intake and research (their deadlines three days
ahead, two days past and nine days ahead), and a scheduled meeting. Idempotent."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from beneficiaries.models import Beneficiary, BeneficiaryCategory, Housing
from committee import services
from committee.models import CommitteeMember, Meeting, MeetingMode, MeetingStatus
from requests.models import Service, Status, SupportRequest, VisitKind

from .intake import person_fields, request_to_stage, staff, walk_in

User = get_user_model()

MEMBERS = [("chair", True), ("member1", False), ("member2", False)]

# (national ID, first, father, grandfather, family, service code, amount asked,
#  days left to the deadline, recommendation, proposed support, proposed amount, findings)
REQUESTS = [
    (
        "1000000008",
        "أحمد",
        "سعيد",
        "عبدالله",
        "الزهراني",
        "teacher-aid",
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
        Decimal("2000"),
        9,
        "reject",
        "",
        None,
        "حصل على إعانة من الجمعية قبل أربعة أشهر، ودخله الحالي يغطي حاجة الأسرة.",
    ),
]


def appoint_members(stdout) -> None:
    """The chair and two members, appointed by the manager a year ago."""
    manager = staff("manager")
    if manager is None:
        return
    for username, is_chair in MEMBERS:
        user = User.objects.filter(username=username).first()
        if user is None or CommitteeMember.objects.filter(user=user, is_active=True).exists():
            continue
        services.member_add(
            user=user,
            term_start=timezone.localdate() - datetime.timedelta(days=365),
            is_chair=is_chair,
            actor=manager,
        )
        stdout.write(f"  committee member: {username}{' (chair)' if is_chair else ''}")


def meeting_in_person(*, starts_at, place: str, chair) -> Meeting:
    """A meeting at the association's premises, numbered next, called by the chair."""
    return services.meeting_create(
        number=services.next_meeting_number(),
        starts_at=starts_at,
        mode=MeetingMode.IN_PERSON,
        place=place,
        actor=chair,
    )


def _file(national_id, first, father, grandfather, family):
    """The person's file: the demo applicant's own, or a walk-in registered by reception."""
    own = Beneficiary.objects.filter(owner__national_id=national_id).first()
    if own is not None:
        return own
    return walk_in(
        reception=staff("reception"),
        fields={
            **person_fields(national_id, first, father, grandfather, family),
            "gender": "male",
            "birth_date": datetime.date(1984, 5, 2),
            "marital_status": "married",
            "mobile": f"+96655{national_id[-7:]}",
            "district": "الصناعية",
            "housing": Housing.RENTED,
            "rent_amount": Decimal("1500"),
            "category": BeneficiaryCategory.objects.filter(code="quran_teacher").first(),
            "employment": "معلم حلقة تحفيظ",
            "iban": "SA0380000000608010167519",
        },
    )


def load(stdout) -> None:
    manager, researcher, chair = staff("manager"), staff("researcher"), staff("chair")
    if not (manager and researcher and staff("reception")):
        return
    today = timezone.localdate()
    for (
        national_id,
        first,
        father,
        grandfather,
        family,
        service_code,
        asked,
        days_left,
        recommendation,
        proposed,
        proposed_amount,
        findings,
    ) in REQUESTS:
        beneficiary = _file(national_id, first, father, grandfather, family)
        service = Service.objects.get(code=service_code)
        if SupportRequest.objects.filter(beneficiary=beneficiary, service=service).exists():
            continue
        # Verified a day after submission, the decision is due 14 days after that.
        request = request_to_stage(
            beneficiary=beneficiary,
            service=service,
            stage=Status.READY_FOR_COMMITTEE,
            # Mid-morning of the day, so that the deadline falls on the same date whatever the
            # hour the demo is loaded (two hours back from just after midnight was a day early).
            submitted=timezone.make_aware(
                datetime.datetime.combine(
                    today - datetime.timedelta(days=15 - days_left), datetime.time(10)
                )
            ),
            amount=asked,
            report={
                "visit_kind": VisitKind.HOME_VISIT,
                "visit_date": timezone.localdate(),
                "met_with": f"{first} {family} وزوجته",
                "findings": findings,
                "household_matches_file": True,
                "recommendation": recommendation,
                "proposed_support": proposed,
                "proposed_amount": proposed_amount,
            },
        )
        stdout.write(f"  request ready for the committee: {request.reference}")

    if chair is not None and not Meeting.objects.filter(status=MeetingStatus.SCHEDULED).exists():
        today = timezone.localdate()
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time(19, 30))
        )
        meeting = meeting_in_person(
            starts_at=starts, place="مقر الجمعية في ينبع — قاعة الاجتماعات", chair=chair
        )
        stdout.write(f"  scheduled committee meeting no. {meeting.number}")
