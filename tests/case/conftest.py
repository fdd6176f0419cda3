"""One whole case, walked through every move by the services, with distinctive text in every
staff and committee field."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from committee import services as committee
from committee.models import MeetingMode, Opinion, Outcome, SupportKind
from makin import sms
from makin.roles import Role
from requests import services
from requests.models import Status
from surveys import services as surveys
from tests.factories import (
    ApplicantFactory,
    HouseholdMemberFactory,
    answer_missing_items,
    committee_member,
    published_survey,
    rejection_reason,
    signed_request,
    staff,
)

# Words only staff or the committee may read, each written once, in its own field. The Latin
# mark finds them in PDF text too, where Arabic ligatures come out rearranged.
SECRETS = {
    "verify_note": "ملاحظة التحقق VERIFYNOTE71",
    "contact": "ملخص الاتصال CONTACT72",
    "referral": "سؤال الإحالة REFERRAL73",
    "findings": "نتائج البحث FINDINGS74",
    "met_with": "من قابلهم MET75",
    "proposed": "الدعم المقترح PROPOSED76",
    "vote": "ملاحظة العضو VOTE77",
    "questions": "أسئلة اللجنة QUESTIONS78",
    "findings_again": "نتائج ثانية FINDINGS79",
}
# The recommendation's label: the applicant must not read it before (or after) the decision.
RECOMMENDATION_LABEL = "قبول جزئي"


def report(request, researcher, findings):
    return services.research_report_create(
        request=request,
        actor=researcher,
        data={
            "visit_kind": "home_visit",
            "visit_date": timezone.localdate() - datetime.timedelta(days=1),
            "met_with": SECRETS["met_with"],
            "findings": findings,
            "household_matches_file": True,
            "recommendation": "partial",
            "proposed_support": SECRETS["proposed"],
            "proposed_amount": Decimal("1500"),
        },
    )


def meeting_with(request, chair, members):
    meeting = committee.meeting_create(
        number=committee.next_meeting_number(),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        mode=MeetingMode.IN_PERSON,
        place="مقر الجمعية",
        actor=chair,
    )
    (item,) = committee.agenda_add(meeting=meeting, requests=[request], actor=chair)
    committee.meeting_open(meeting=meeting, attendees=[chair, *members], actor=chair)
    return item


@pytest.fixture
def whole_case(db, django_capture_on_commit_callbacks):
    sms.outbox.clear()
    owner = ApplicantFactory(email="applicant@example.com")
    req = signed_request(
        status=Status.DRAFT,
        beneficiary__owner=owner,
        beneficiary__national_id=owner.national_id,
        service__max_amount=5000,
    )
    HouseholdMemberFactory(beneficiary=req.beneficiary, name="سارة محمد الحربي")
    published_survey()
    reception = staff(Role.RECEPTION)
    researcher = staff(Role.RESEARCHER)
    manager = staff(Role.MANAGER)
    chair = committee_member(chair=True)
    members = [committee_member(), committee_member()]
    rejection_reason()

    def step(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    step(lambda: services.request_submit(request=req, actor=owner))
    step(
        lambda: services.request_mark_incomplete(
            request=req, actor=reception, labels=["شهادة الراتب"], note="أرفق الشهادة الحديثة"
        )
    )
    step(lambda: answer_missing_items(req, owner))
    step(lambda: services.request_submit(request=req, actor=owner))

    def research():
        services.contact_log(
            actor=reception,
            channel="phone",
            kind="inquiry",
            summary=SECRETS["contact"],
            request=req,
            refer_question=SECRETS["referral"],
            researcher=researcher,
        )
        services.request_transition(
            request=req, to=Status.VERIFIED, actor=reception, note=SECRETS["verify_note"]
        )
        services.request_assign_researcher(request=req, actor=manager, researcher=researcher)
        report(req, researcher, SECRETS["findings"])

    step(research)

    def deferral():
        item = meeting_with(req, chair, members)
        for member in members:
            committee.vote_cast(
                item=item, actor=member, opinion=Opinion.DEFER, note=SECRETS["vote"]
            )
        committee.decision_record(
            item=item, outcome=Outcome.DEFER, actor=chair, questions=SECRETS["questions"]
        )

    step(deferral)

    def approval():
        report(req, researcher, SECRETS["findings_again"])
        item = meeting_with(req, chair, members)
        for member in members:
            committee.vote_cast(
                item=item, actor=member, opinion=Opinion.APPROVE, note=SECRETS["vote"]
            )
        return committee.decision_record(
            item=item,
            outcome=Outcome.APPROVE,
            actor=chair,
            support_kind=SupportKind.ONE_PAYMENT,
            amount=Decimal("1500"),
            conditions="تُصرف بعد تحديث رقم الحساب",
        )

    decision = step(approval)

    def delivery():
        committee.delivery_record(
            request=req,
            delivered_on=timezone.localdate(),
            delivered_by=reception,
            actor=reception,
            amount_paid=Decimal("1500"),
        )
        committee.delivery_close(request=req, actor=reception)

    step(delivery)
    complaint = surveys.feedback_submit(
        kind="complaint", subject="تأخر الرد على الهاتف", body="اتصلت مرتين", user=owner
    )
    req.refresh_from_db()
    return SimpleNamespace(
        request=req,
        owner=owner,
        decision=decision,
        complaint=complaint,
        reception=reception,
        researcher=researcher,
        manager=manager,
        chair=chair,
    )
