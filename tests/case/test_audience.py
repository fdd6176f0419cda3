"""Who may read what: one request walks through every move with distinctive text in every
staff and committee field, and none of it reaches anything the applicant reads."""

import datetime
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from committee import services as committee
from committee.models import MeetingMode, Opinion, Outcome, SupportKind
from makin import sms
from makin.models import Notification
from makin.roles import Role
from requests import services
from requests.models import Status, StatusChange
from tests.factories import (
    ApplicantFactory,
    committee_member,
    rejection_reason,
    signed_request,
    staff,
)

pytestmark = pytest.mark.django_db

# Words only staff or the committee may read; each is written once, in its own field.
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


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        )
    return result.stdout


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


def test_nothing_staff_or_the_committee_write_reaches_the_applicant(
    client_for, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    owner = ApplicantFactory(email="applicant@example.com")
    req = signed_request(
        status=Status.DRAFT,
        beneficiary__owner=owner,
        beneficiary__national_id=owner.national_id,
        service__max_amount=5000,
    )
    reception = staff(Role.RECEPTION)
    researcher = staff(Role.RESEARCHER)
    manager = staff(Role.MANAGER)
    chair = committee_member(chair=True)
    members = [committee_member(), committee_member()]
    rejection_reason()

    with django_capture_on_commit_callbacks(execute=True):
        services.request_submit(request=req, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_mark_incomplete(
            request=req, actor=reception, missing=["شهادة الراتب"], note="أرفق الشهادة الحديثة"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_submit(request=req, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
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
    with django_capture_on_commit_callbacks(execute=True):
        item = meeting_with(req, chair, members)
        for member in members:
            committee.vote_cast(
                item=item, actor=member, opinion=Opinion.DEFER, note=SECRETS["vote"]
            )
        committee.decision_record(
            item=item, outcome=Outcome.DEFER, actor=chair, questions=SECRETS["questions"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        report(req, researcher, SECRETS["findings_again"])
        item = meeting_with(req, chair, members)
        for member in members:
            committee.vote_cast(
                item=item, actor=member, opinion=Opinion.APPROVE, note=SECRETS["vote"]
            )
        decision = committee.decision_record(
            item=item,
            outcome=Outcome.APPROVE,
            actor=chair,
            support_kind=SupportKind.ONE_PAYMENT,
            amount=Decimal("1500"),
            conditions="تُصرف بعد تحديث رقم الحساب",
        )
    with django_capture_on_commit_callbacks(execute=True):
        committee.delivery_record(
            request=req,
            delivered_on=timezone.localdate(),
            delivered_by=reception,
            actor=reception,
            amount_paid=Decimal("1500"),
        )
        committee.delivery_close(request=req, actor=reception)

    req.refresh_from_db()
    assert req.status == Status.CLOSED
    # Staff read every word written on the way.
    staff_page = client_for(manager).get(reverse("requests:detail", args=[req.reference]))
    staff_text = staff_page.content.decode()
    for secret in ("verify_note", "questions"):
        assert SECRETS[secret] in staff_text
    assert RECOMMENDATION_LABEL in staff_text

    client = client_for(owner)
    outputs = {
        "request page": client.get(reverse("requests:my_detail", args=[req.reference])),
        "my requests": client.get(reverse("requests:my_list")),
        "notifications": client.get(reverse("makin:notifications")),
        "letters": client.get(reverse("committee:letter_list")),
    }
    texts = {name: response.content.decode() for name, response in outputs.items()}
    assert {name: r.status_code for name, r in outputs.items()} == dict.fromkeys(outputs, 200)
    texts["receipt"] = pdf_text(
        client.get(reverse("requests:receipt", args=[req.reference])).content
    )
    texts["letter"] = pdf_text(client.get(reverse("committee:letter", args=[decision.pk])).content)
    texts["tracking"] = (
        client_for(None)
        .post(
            reverse("requests:track"),
            {"reference": req.reference, "national_id": owner.national_id},
        )
        .content.decode()
    )
    texts["notification rows"] = "\n".join(
        f"{n.subject}\n{n.body}" for n in Notification.objects.filter(user=owner)
    )
    to_applicant = {owner.email}
    texts["e-mail"] = "\n".join(
        f"{m.subject}\n{m.body}" for m in mail.outbox if set(m.to) & to_applicant
    )
    texts["sms"] = "\n".join(text for to, text in sms.outbox if to == str(owner.mobile))

    # What the applicant is told does arrive: the missing item, the decision, the letter.
    assert "شهادة الراتب" in texts["request page"]
    assert "أرفق الشهادة الحديثة" in texts["request page"]
    assert req.reference in texts["letter"]
    assert texts["sms"].count(req.reference) >= 3
    assert "قرار اللجنة" in texts["sms"]

    leaks = {
        (name, secret)
        for name, text in texts.items()
        for secret, words in [*SECRETS.items(), ("recommendation", RECOMMENDATION_LABEL)]
        # PDF text comes out with Arabic ligatures rearranged: the Latin mark finds it there.
        if words in text or words.split()[-1] in text
    }
    assert leaks == set()


def test_each_move_records_who_may_read_its_words(django_capture_on_commit_callbacks):
    """The timeline keeps an audience per entry: the recommendation is the staff's, the
    committee's questions the committee's, what is missing and the decision the applicant's."""
    owner = ApplicantFactory()
    req = signed_request(status=Status.SUBMITTED, beneficiary__owner=owner)
    reception = staff(Role.RECEPTION)
    services.request_mark_incomplete(request=req, actor=reception, missing=["صك الإعالة"])
    services.request_submit(request=req, actor=owner)
    services.request_transition(request=req, to=Status.VERIFIED, actor=reception, note="تم")
    researcher = staff(Role.RESEARCHER)
    services.request_assign_researcher(request=req, actor=reception, researcher=researcher)
    report(req, researcher, "وجدنا الأسرة")
    rows = list(
        StatusChange.objects.filter(request=req).values_list("to_status", "audience", "event")
    )
    assert rows == [
        ("incomplete", "applicant", "missing_items"),
        ("submitted", "applicant", ""),
        ("verified", "staff", ""),
        ("in_research", "staff", ""),
        ("ready_for_committee", "staff", "recommendation"),
    ]
