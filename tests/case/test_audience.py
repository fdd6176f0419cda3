"""Who may read what: one request walks through every move with distinctive text in every
staff and committee field (`whole_case`), and none of it reaches anything the applicant reads."""

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from makin import sms
from makin.models import Notification
from makin.roles import Role
from requests import services
from requests.models import Status, StatusChange
from tests.factories import ApplicantFactory, answer_missing_items, signed_request, staff

from .conftest import RECOMMENDATION_LABEL, SECRETS, report

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        )
    return result.stdout


def test_nothing_staff_or_the_committee_write_reaches_the_applicant(client_for, whole_case):
    req, owner, manager = whole_case.request, whole_case.owner, whole_case.manager
    decision = whole_case.decision
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
    services.request_mark_incomplete(request=req, actor=reception, labels=["صك الإعالة"])
    answer_missing_items(req, owner)
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
