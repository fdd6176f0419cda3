"""The committee's pages: what people see, forms with bad input, and query counts that do not
grow with the rows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from committee import services
from committee.models import (
    AgendaItem,
    CommitteeMember,
    Decision,
    Delivery,
    Meeting,
    MeetingStatus,
    Opinion,
    Outcome,
    SupportKind,
    Vote,
)
from makin.roles import Role
from requests.models import Status
from tests.factories import (
    BeneficiaryFactory,
    FileFactory,
    committee_request,
    rejection_reason,
    staff,
)

from .conftest import on_agenda, schedule

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


# Meetings --------------------------------------------------------------------------------------


def test_the_chair_schedules_a_meeting(board, client_for):
    client = client_for(board.chair)
    response = client.post(
        "/committee/meetings/new/",
        {
            "number": 4,
            "starts_at_0": "١٤٤٨-٠٦-٢١",  # the day typed in Hijri, Eastern digits
            "starts_at_1": "19:30",
            "mode": "in_person",
            "place": "مقر الجمعية",
        },
    )
    meeting = Meeting.objects.get(number=4)
    assert response.status_code == 302
    assert response.url == "/committee/meetings/4/"
    assert meeting.status == MeetingStatus.SCHEDULED
    assert timezone.localtime(meeting.starts_at).isoformat() == "2026-12-01T19:30:00+03:00"


def test_a_bad_meeting_form_shows_arabic_errors_and_keeps_what_was_typed(
    board, meeting, client_for
):
    response = client_for(board.chair).post(
        "/committee/meetings/new/",
        {
            "number": meeting.number,
            "starts_at_0": "2026-12-01",
            "starts_at_1": "19:30",
            "mode": "in_person",
        },
    )
    assert response.status_code == 200
    html = page(response)
    assert "يوجد اجتماع بهذا الرقم من قبل." in html
    assert "اكتب مكان انعقاد الاجتماع." in html
    assert 'value="2026-12-01"' in html
    assert 'value="19:30"' in html
    assert Meeting.objects.count() == 1


BAD_DAY = "أدخل تاريخًا صحيحًا، هجريًا (1447-05-10) أو ميلاديًا (2025-11-01)"
BAD_TIME = "اكتب الوقت بالساعات والدقائق، مثل 19:30."


@pytest.mark.parametrize(
    ("day", "time", "error"),
    [
        ("1448-01-30", "19:30", BAD_DAY),  # Muharram 1448 has 29 days
        ("2026-02-29", "19:30", BAD_DAY),
        ("2026-12-01", "25:70", BAD_TIME),
    ],
)
def test_a_meeting_on_a_day_that_does_not_exist_is_refused_in_arabic(
    board, client_for, day, time, error
):
    response = client_for(board.chair).post(
        "/committee/meetings/new/",
        {"number": 9, "starts_at_0": day, "starts_at_1": time, "mode": "in_person", "place": "م"},
    )
    assert response.status_code == 200
    html = page(response)
    assert error in html
    assert not Meeting.objects.filter(number=9).exists()


def test_the_chair_opens_the_meeting_with_the_members_present(board, meeting, client_for):
    response = client_for(board.chair).post(
        f"/committee/meetings/{meeting.number}/open/",
        {"attendees": [board.chair.pk, board.m1.pk]},
        follow=True,
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN
    assert set(meeting.attendees.all()) == {board.chair, board.m1}
    html = page(response)
    assert "افتُتح الاجتماع." in html
    assert "النصاب مكتمل" in html


def test_adding_requests_to_the_agenda(board, meeting, client_for):
    ready = committee_request()
    client = client_for(board.chair)
    html = page(client.get(f"/committee/meetings/{meeting.number}/agenda/add/"))
    assert ready.reference in html
    response = client.post(
        f"/committee/meetings/{meeting.number}/agenda/add/", {"requests": [ready.pk]}
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.IN_COMMITTEE
    assert AgendaItem.objects.filter(meeting=meeting, request=ready).exists()


def test_adding_nothing_to_the_agenda_says_so(board, meeting, client_for):
    committee_request()
    response = client_for(board.chair).post(f"/committee/meetings/{meeting.number}/agenda/add/", {})
    assert "اختر طلبًا واحدًا على الأقل." in page(response)
    assert not AgendaItem.objects.exists()


def test_a_refused_agenda_choice_comes_back_with_the_chosen_requests_ticked(
    board, meeting, client_for
):
    chosen, other = committee_request(days_left=2), committee_request(days_left=5)
    response = client_for(board.chair).post(
        f"/committee/meetings/{meeting.number}/agenda/add/",
        {"requests": [chosen.pk, 999_999_999]},
    )
    html = page(response)
    assert not AgendaItem.objects.exists()
    boxes = re.findall(r'<input[^>]*name="requests"[^>]*>', html)
    assert [
        (f'value="{pk}"' in box, "checked" in box)
        for box, pk in zip(boxes, [chosen.pk, other.pk], strict=True)
    ] == [(True, True), (True, False)]
    assert f'<label class="form-check-label" for="candidate-{chosen.pk}">' in html


def test_the_committee_home_links_what_is_on_the_agenda_and_shows_its_decisions(
    board, open_meeting, client_for
):
    waiting = committee_request(days_left=4)
    undecided = on_agenda(open_meeting, board.chair, days_left=2)
    decided = on_agenda(open_meeting, board.chair, days_left=3)
    services.vote_cast(item=decided, actor=board.m1, opinion=Opinion.APPROVE)
    services.decision_record(
        item=decided,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.INSTALMENTS,
        amount=Decimal("3000"),
        instalments=3,
    )
    html = re.sub(
        r">\s+<", "><", " ".join(page(client_for(board.m1).get("/staff/committee/")).split())
    )
    # The waiting list: the request on the agenda links to its item and says so.
    reference = undecided.request.reference
    assert (
        f'<a href="/committee/items/{undecided.pk}/"><span dir="ltr">{reference}</span></a>' in html
    )
    assert "مدرج في جدول أعمال" in html
    assert f'<span dir="ltr">{waiting.reference}</span> — <bdi>' in html
    # The next meeting's agenda: the decided item shows its outcome, the other its days left.
    agenda = html[html.index('id="next-meeting"') :]
    decided_ref, undecided_ref = decided.request.reference, undecided.request.reference
    assert (
        f'<li><a href="/committee/items/{decided.pk}/"><span dir="ltr">{decided_ref}</span></a>'
        ' — <bdi>محمد عبدالله سالم الحربي</bdi><span class="badge text-bg-success">مقبول</span>'
        "</li>"
    ) in agenda
    assert (
        f'<li><a href="/committee/items/{undecided.pk}/"><span dir="ltr">{undecided_ref}</span>'
        '</a> — <bdi>محمد عبدالله سالم الحربي</bdi><span class="badge text-bg-warning" title="'
    ) in agenda
    assert ">بقي يومان</span></li>" in agenda


def test_the_agenda_shows_each_file_report_documents_and_days_left(board, meeting, client_for):
    item = on_agenda(meeting, board.chair, days_left=3)
    html = page(client_for(board.m1).get(f"/committee/meetings/{meeting.number}/"))
    assert item.request.reference in html
    assert item.request.beneficiary.full_name in html
    assert "ملخص الملف" in html
    assert "المستندات الموثقة" in html
    assert "زرنا الأسرة في حي الصناعية" in html  # the research findings
    assert "التوصية" in html
    assert "بقيت 3 أيام" in html


def test_closing_the_meeting(board, open_meeting, client_for):
    response = client_for(board.chair).post(
        f"/committee/meetings/{open_meeting.number}/close/", follow=True
    )
    open_meeting.refresh_from_db()
    assert open_meeting.status == MeetingStatus.CLOSED
    assert "أُغلق الاجتماع" in page(response)


def test_the_minutes_download(board, open_meeting, client_for):
    response = client_for(board.m2).get(f"/committee/meetings/{open_meeting.number}/minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


# Votes and decisions -----------------------------------------------------------------------------


def test_a_member_records_an_opinion(board, item, client_for):
    client = client_for(board.m1)
    assert "تسجيل رأيي" in page(client.get(f"/committee/items/{item.pk}/"))
    response = client.post(
        f"/committee/items/{item.pk}/vote/", {"opinion": "reject", "note": "الدخل كاف"}
    )
    assert response.status_code == 302
    vote = Vote.objects.get(item=item, member=board.m1)
    assert (vote.opinion, vote.note) == (Opinion.REJECT, "الدخل كاف")


def test_a_vote_without_an_opinion_is_refused_next_to_the_field(board, item, client_for):
    response = client_for(board.m1).post(f"/committee/items/{item.pk}/vote/", {"note": "ملاحظتي"})
    html = page(response)
    assert "اختر الموافقة أو الرفض أو التأجيل، أو صرّح بتعارض المصالح." in html
    assert "ملاحظتي" in html
    assert not Vote.objects.exists()


def test_a_vote_outside_an_open_meeting_gets_a_clear_error(board, meeting, client_for):
    item = on_agenda(meeting, board.chair)
    response = client_for(board.m1).post(
        f"/committee/items/{item.pk}/vote/", {"opinion": "approve"}, follow=True
    )
    assert "تُسجَّل الآراء أثناء انعقاد الاجتماع فقط." in page(response)
    assert not Vote.objects.exists()


def test_a_conflict_of_interest_is_declared_on_the_page(board, item, client_for):
    client_for(board.m2).post(
        f"/committee/items/{item.pk}/vote/",
        {"conflict_of_interest": "on", "note": "المتقدم قريبي"},
    )
    assert Vote.objects.get(member=board.m2).opinion == Opinion.ABSTAIN


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("-5", "لا يمكن أن يكون المبلغ سالبًا."),
        ("5000.50", "المبلغ أعلى من حد هذه الخدمة وهو \u20665,000.00\u2069 ريال."),
    ],
)
def test_a_bad_amount_is_refused_next_to_the_field(board, item, client_for, amount, error):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    response = client_for(board.chair).post(
        f"/committee/items/{item.pk}/decide/approve/",
        {"support_kind": SupportKind.ONE_PAYMENT, "amount": amount},
    )
    html = page(response)
    assert error in html
    assert f'value="{amount}"' in html
    assert not Decision.objects.exists()
    item.request.refresh_from_db()
    assert item.request.status == Status.IN_COMMITTEE


def test_eastern_arabic_digits_are_accepted_for_the_amount(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    client_for(board.chair).post(
        f"/committee/items/{item.pk}/decide/approve/",
        {"support_kind": SupportKind.ONE_PAYMENT, "amount": "١٬٥٠٠٫٥٠", "confirmed": "1"},
    )
    assert Decision.objects.get().amount == Decimal("1500.50")


def test_a_decision_without_quorum_gets_a_clear_error(board, meeting, client_for):
    services.meeting_open(meeting=meeting, attendees=[board.chair], actor=board.chair)
    item = on_agenda(meeting, board.chair)
    services.vote_cast(item=item, actor=board.chair, opinion=Opinion.APPROVE)
    response = client_for(board.chair).post(
        f"/committee/items/{item.pk}/decide/approve/",
        {"support_kind": SupportKind.IN_KIND, "confirmed": "1"},
        follow=True,
    )
    assert "لم يكتمل النصاب" in page(response)
    assert not Decision.objects.exists()


def test_the_chair_rejects_with_a_reason(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.REJECT)
    reason = rejection_reason()
    response = client_for(board.chair).post(
        f"/committee/items/{item.pk}/decide/reject/",
        {"rejection_reason": reason.pk, "reason_text": "حصل على دعم قريب", "confirmed": "1"},
    )
    assert response.status_code == 302
    item.request.refresh_from_db()
    assert item.request.status == Status.REJECTED
    assert Decision.objects.get().outcome == Outcome.REJECT


def test_a_rejection_without_a_reason_is_refused(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.REJECT)
    html = page(client_for(board.chair).post(f"/committee/items/{item.pk}/decide/reject/", {}))
    assert "اختر سبب الرفض." in html
    assert "وضّح السبب لمقدم الطلب." in html
    assert not Decision.objects.exists()


def test_an_unknown_outcome_is_not_found(board, item, client_for):
    response = client_for(board.chair).post(f"/committee/items/{item.pk}/decide/maybe/", {})
    assert response.status_code == 404


def test_members_see_no_decision_forms(board, item, client_for):
    html = page(client_for(board.m1).get(f"/committee/items/{item.pk}/"))
    assert "تسجيل القرار" not in html
    assert "تسجيل القرار" in page(client_for(board.chair).get(f"/committee/items/{item.pk}/"))


# Members ---------------------------------------------------------------------------------------


def test_a_manager_adds_a_member(client_for):
    manager = staff(Role.MANAGER)
    researcher = staff(Role.RESEARCHER)
    response = client_for(manager).post(
        "/committee/members/",
        {"user": researcher.pk, "term_start": "2026-01-01", "is_chair": "on"},
    )
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.is_committee_chair
    assert researcher.groups.filter(name=Role.COMMITTEE).exists()


def test_a_bad_member_form_changes_nothing(client_for):
    manager = staff(Role.MANAGER)
    researcher = staff(Role.RESEARCHER)
    html = page(
        client_for(manager).post(
            "/committee/members/",
            {"user": researcher.pk, "term_start": "2026-06-01", "term_end": "2026-01-01"},
        )
    )
    assert "لا يمكن أن تنتهي العضوية قبل بدايتها." in html
    assert 'value="2026-06-01"' in html
    assert not CommitteeMember.objects.exists()


# Delivery --------------------------------------------------------------------------------------


@pytest.fixture
def approved(board, item):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    services.decision_record(
        item=item,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.ONE_PAYMENT,
        amount=Decimal("1200"),
    )
    item.request.refresh_from_db()
    return item.request


def test_reception_records_the_delivery_then_closes(approved, client_for):
    officer = staff(Role.RECEPTION)
    client = client_for(officer)
    assert approved.reference in page(client.get("/delivery/"))
    response = client.post(
        f"/delivery/{approved.reference}/",
        {
            "delivered_on": timezone.localdate().isoformat(),
            "delivered_by": officer.pk,
            "amount_paid": "1200",
            "received_by_name": "المستفيد نفسه",
        },
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Status.DELIVERED
    client.post(f"/delivery/{approved.reference}/close/", {"confirmed": "1"})
    approved.refresh_from_db()
    assert approved.status == Status.CLOSED


def test_a_bad_delivery_form_shows_arabic_errors(approved, client_for):
    officer = staff(Role.RECEPTION)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = page(
        client_for(officer).post(
            f"/delivery/{approved.reference}/",
            {"delivered_on": tomorrow, "delivered_by": officer.pk, "amount_paid": "1300"},
        )
    )
    assert "لا يمكن أن يكون تاريخ التسليم في المستقبل." in html
    assert 'value="1300"' in html
    assert not Delivery.objects.exists()
    html = page(
        client_for(officer).post(
            f"/delivery/{approved.reference}/",
            {
                "delivered_on": timezone.localdate().isoformat(),
                "delivered_by": officer.pk,
                "amount_paid": "1300",
            },
        )
    )
    assert "المبلغ أعلى من المبلغ الذي منحته اللجنة وهو \u20661,200.00\u2069 ريال." in html
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/delivery/{}/"), ("post", "/delivery/{}/"), ("get", "/delivery/{}/close/")],
)
def test_a_delivery_page_reads_its_request_once(approved, client_for, method, path):
    """The base view authorises and fetches the request once, whatever the page does with it
    (here a bad form is drawn again after the POST)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff(Role.RECEPTION))
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path.format(approved.reference), {})
    assert response.status_code == 200
    by_reference = [q for q in queries if '"requests_supportrequest"."reference" =' in q["sql"]]
    assert len(by_reference) == 1


def test_a_wrong_attachment_type_is_refused(approved, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = staff(Role.RECEPTION)
    html = page(
        client_for(officer).post(
            f"/delivery/{approved.reference}/",
            {
                "delivered_on": timezone.localdate().isoformat(),
                "delivered_by": officer.pk,
                "amount_paid": "100",
                "attachment": SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/pdf"),
            },
        )
    )
    assert "لا تُقبل إلا ملفات PDF أو JPEG أو PNG." in html
    assert not Delivery.objects.exists()


# Applicants ------------------------------------------------------------------------------------


def test_the_applicant_sees_the_decision_and_the_letter(approved, client_for, applicant):
    approved.beneficiary.owner = applicant
    approved.beneficiary.save()
    client = client_for(applicant)
    html = page(client.get("/my/letters/"))
    assert approved.reference in html
    assert "1,200.00" in html
    assert "فتح الخطاب" in page(client.get("/my/letters/"))
    assert "قرارات اللجنة في طلباتك" in page(client.get("/my/"))


def test_the_applicants_home_lists_each_letter_with_its_request_and_service(
    approved, client_for, applicant
):
    approved.beneficiary.owner = applicant
    approved.beneficiary.save()
    approved.service.name_ar = "إعانة إيجار"
    approved.service.save()
    decision = Decision.objects.get(item__request=approved)
    html = page(client_for(applicant).get("/my/"))
    assert (
        f'<span dir="ltr">{approved.reference}</span> — إعانة إيجار:\n'
        '          <span class="badge text-bg-success">مقبول</span>\n\n'
        f'          <a href="/my/letters/{decision.pk}/">الخطاب (PDF)</a>'
    ) in html


# Query counts ----------------------------------------------------------------------------------


# What each page costs, whatever its number of rows (a change lists the queries): the session
# with the user and their roles; in one round trip, the meeting with those present and the
# members serving (the chair's attendance form), and the items with their requests, files'
# beneficiaries, services, latest reports, verified documents, incomes, household sizes,
# numbers of votes and decisions and the rejections' reasons. The candidates are on a page of
# their own (CANDIDATES_QUERIES).
AGENDA_QUERIES = 2
# The session with the user and their roles; in one round trip, the meeting and the
# candidates' keyset page with their capped count. A search reads the meeting by itself first.
CANDIDATES_QUERIES = 2
SEARCHED_CANDIDATES_QUERIES = 3
# The session with the user and their roles; in one round trip, the next meeting with its
# agenda's outline (none of the files' reports, documents, household or incomes, which the home
# does not show) and the waiting requests.
DASHBOARD_QUERIES = 2


def test_the_agenda_costs_the_same_with_3_or_30_items(
    board, open_meeting, client_for, django_assert_num_queries
):
    for _ in range(3):
        item = on_agenda(open_meeting, board.chair)
        services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    client = client_for(board.chair)
    url = f"/committee/meetings/{open_meeting.number}/"
    with django_assert_num_queries(AGENDA_QUERIES):
        assert client.get(url).status_code == 200
    for _ in range(27):
        item = on_agenda(open_meeting, board.chair)
        services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    with django_assert_num_queries(AGENDA_QUERIES):
        assert client.get(url).status_code == 200


def test_the_committee_dashboard_costs_the_same_with_3_or_30_requests(
    board, meeting, client_for, django_assert_num_queries
):
    for i in range(3):
        committee_request(days_left=i - 1)
        on_agenda(meeting, board.chair)
    client = client_for(board.m1)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get("/staff/committee/").status_code == 200
    for i in range(27):
        committee_request(days_left=i)
        on_agenda(meeting, board.chair)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        html = page(client.get("/staff/committee/"))
    assert "متأخر يومًا واحدًا" in html
    assert html.index("متأخر يومًا واحدًا") < html.index("موعده اليوم")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/committee/meetings/", 2),
        ("/committee/decisions/", 3),
        ("/delivery/", 2),
        ("/my/letters/", 2),
    ],
)
def test_lists_cost_the_same_with_3_or_30_rows(
    board, client_for, applicant, django_assert_num_queries, url, queries
):
    manager = staff(Role.MANAGER)
    viewer = {
        "/committee/meetings/": board.m1,
        "/committee/decisions/": manager,
        "/delivery/": manager,
        "/my/letters/": applicant,
    }[url]

    beneficiary = BeneficiaryFactory(owner=applicant)

    def add_rows(n):
        for _ in range(n):
            meeting = schedule(board.chair)
            services.meeting_open(
                meeting=meeting, attendees=[board.chair, board.m1], actor=board.chair
            )
            item = on_agenda(meeting, board.chair, beneficiary=beneficiary)
            services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
            services.decision_record(
                item=item,
                outcome=Outcome.APPROVE,
                actor=board.chair,
                support_kind=SupportKind.IN_KIND,
            )

    add_rows(3)
    client = client_for(viewer)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    add_rows(27)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


# Rejection reasons -----------------------------------------------------------------------------


def test_a_manager_adds_and_retires_a_rejection_reason(client_for):
    from committee.models import RejectionReason

    client = client_for(staff(Role.MANAGER))
    client.post("/committee/reasons/", {"name_ar": "الطلب مكرر", "name_en": "Duplicate"})
    reason = RejectionReason.objects.get(name_ar="الطلب مكرر")
    assert reason.is_active
    client.post(f"/committee/reasons/{reason.pk}/toggle/")
    reason.refresh_from_db()
    assert not reason.is_active
    html = page(client.post("/committee/reasons/", {"name_ar": "الطلب مكرر"}))
    assert "هذا السبب موجود في القائمة." in html
    assert RejectionReason.objects.filter(name_ar="الطلب مكرر").count() == 1


def test_staff_print_the_letter_of_a_walk_in_applicant(approved, client_for):
    decision = Decision.objects.get()
    officer = staff(Role.RECEPTION)
    assert f"/committee/decisions/{decision.pk}/letter.pdf" in page(
        client_for(officer).get(f"/delivery/{approved.reference}/")
    )
    response = client_for(officer).get(f"/committee/decisions/{decision.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf"


def test_a_deferral_has_no_letter(board, item, client_for):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.DEFER)
    decision = services.decision_record(
        item=item, outcome=Outcome.DEFER, actor=board.chair, questions="هل العقد ساري؟"
    )
    response = client_for(board.m1).get(f"/committee/decisions/{decision.pk}/letter.pdf")
    assert response.status_code == 404


def test_a_meeting_number_starts_at_one(board, client_for):
    html = page(
        client_for(board.chair).post(
            "/committee/meetings/new/",
            {
                "number": 0,
                "starts_at_0": "2026-12-01",
                "starts_at_1": "19:30",
                "mode": "online",
                "online_link": "https://meet.example.com/x",
            },
        )
    )
    assert "يبدأ رقم الاجتماع من 1." in html
    assert not Meeting.objects.exists()


def test_the_candidates_page_offers_them_a_page_at_a_time_and_finds_one(
    board, meeting, client_for, django_assert_num_queries
):
    """The chair's list of requests to add: 50 at a time by keyset, oldest deadline first, with
    how many wait, the next page, and a search by reference or name; the same queries however
    many wait (no crispy widgets, no server-side cursor, never thousands drawn)."""
    ready = [committee_request(days_left=i) for i in range(54)]
    ready.append(committee_request(days_left=60, beneficiary=FileFactory(family_name="الزهراني")))
    client = client_for(board.chair)
    url = f"/committee/meetings/{meeting.number}/agenda/add/"
    client.get(url)
    with django_assert_num_queries(CANDIDATES_QUERIES):
        html = page(client.get(url))
    assert html.count('name="requests"') == 50
    assert html.index(ready[0].reference) < html.index(ready[49].reference)
    assert ready[50].reference not in html
    count = re.search(r"data-candidates-count>(.*?)</p>", html, re.S).group(1)
    assert "55" in count
    following = re.search(r'rel="next"\s+href="([^"]+)"', html).group(1).replace("&amp;", "&")
    with django_assert_num_queries(CANDIDATES_QUERIES):
        second = page(client.get(url + following))
    assert second.count('name="requests"') == 5
    assert ready[50].reference in second
    assert ready[54].reference in second
    assert ready[49].reference not in second
    with django_assert_num_queries(SEARCHED_CANDIDATES_QUERIES):
        found = page(client.get(url, {"find": ready[7].reference}))
    assert found.count('name="requests"') == 1
    assert f'value="{ready[7].pk}"' in found
    by_name = page(client.get(url, {"find": "الزهرانى"}))
    assert by_name.count('name="requests"') == 1
    assert ready[54].reference in by_name
    nothing = page(client.get(url, {"find": "لا يوجد"}))
    assert 'name="requests"' not in nothing
    assert "لا يوجد طلب منتظر يطابق هذا البحث." in nothing


def test_the_candidates_are_read_by_a_prepared_statement_that_freezes_nothing(
    board, meeting, client_for
):
    """Unsearched, the candidates' page is prepared on the connection's second run and run by
    name after: each run still reads the requests waiting then, a page at a time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from makin import case, sessions
    from makin.models import Session

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    case._RUN.pop(connection.connection, None)
    ready = [committee_request(days_left=i) for i in range(52)]
    client = client_for(board.chair)
    url = f"/committee/meetings/{meeting.number}/agenda/add/"
    sent = []
    for run in range(3):
        with CaptureQueriesContext(connection) as captured:
            html = page(client.get(url))
        sent += [q["sql"] for q in captured.captured_queries]
        assert html.count('name="requests"') == 50
        assert html.index(ready[0].reference) < html.index(ready[49].reference)
        following = re.search(r'rel="next"\s+href="([^"]+)"', html).group(1).replace("&amp;", "&")
        assert page(client.get(url + following)).count('name="requests"') == 2 + run
        ready.insert(0, committee_request(days_left=-1 - run))
    # The candidates' statement run by name (the session's is too: not that one).
    session, _fields = sessions.session_statement(Session, "default")
    assert any(
        re.search(r"^EXECUTE makin_read_", sql, re.M) and session.name not in sql for sql in sent
    )
    # The newest overdue one first; nothing of an earlier run kept.
    html = page(client.get(url))
    assert html.index(ready[0].reference) < html.index(ready[1].reference)
    assert "55" in re.search(r"data-candidates-count>(.*?)</p>", html, re.S).group(1)


def test_the_meeting_page_leads_the_chair_to_the_candidates_and_draws_none(board, client_for):
    """The meeting's page reads no candidate: the chair finds them behind a link (a keyboard
    and a screen reader reach it as any link; nothing needs JavaScript); a member, who cannot
    add, sees no link; an old address of a search on the meeting's page leads to the same
    search on the candidates' page."""
    meeting = schedule(board.chair)
    ready = committee_request(days_left=3)
    url = f"/committee/meetings/{meeting.number}/"
    words = "اختيار الطلبات المراد إضافتها"
    link = f'href="/committee/meetings/{meeting.number}/agenda/add/">{words}</a>'
    chair_page = page(client_for(board.chair).get(url))
    assert link in chair_page
    assert ready.reference not in chair_page
    assert 'name="requests"' not in chair_page
    assert link not in page(client_for(board.m1).get(url))
    moved = client_for(board.chair).get(url, {"find": ready.reference})
    assert moved.status_code == 302
    assert moved.url == f"/committee/meetings/{meeting.number}/agenda/add/?find={ready.reference}"
    found = page(client_for(board.chair).get(moved.url))
    assert f'value="{ready.pk}"' in found
    assert '<h1 class="h3 mb-3">إضافة طلبات إلى جدول الأعمال</h1>' in found


def test_a_closed_meetings_candidates_page_leads_back_to_the_meeting(board, client_for):
    meeting = schedule(board.chair)
    committee_request(days_left=3)
    services.meeting_open(meeting=meeting, attendees=[board.chair, board.m1], actor=board.chair)
    services.meeting_close(meeting=meeting, actor=board.chair)
    client = client_for(board.chair)
    response = client.get(f"/committee/meetings/{meeting.number}/agenda/add/")
    assert response.status_code == 302
    assert response.url == f"/committee/meetings/{meeting.number}/"
    closed_page = page(client.get(f"/committee/meetings/{meeting.number}/"))
    assert "agenda/add/" not in closed_page


def test_a_meeting_that_does_not_exist_is_not_found_on_either_page(board, meeting, client_for):
    """The meeting is read with the agenda, or with the candidates, in one round trip: a number
    no meeting has is still "not found", the candidates read or not."""
    committee_request(days_left=3)
    client = client_for(board.chair)
    missing = meeting.number + 1
    for url in (
        f"/committee/meetings/{missing}/",
        f"/committee/meetings/{missing}/agenda/add/",
        f"/committee/meetings/{missing}/agenda/add/?find=MK",
    ):
        assert client.get(url).status_code == 404, url


def test_the_meetings_list_pages_by_25_latest_first_each_meeting_once(board, client_for):
    """Thousands of meetings in a few years: 25 a page, the latest first, every meeting on
    exactly one page, with its number of requests and of members present."""
    for days in range(27):
        schedule(board.chair, days=days + 1)
    first_meeting = Meeting.objects.order_by("starts_at").first()
    on_agenda(first_meeting, board.chair)
    client = client_for(board.m1)

    first = client.get("/committee/meetings/")
    numbers = [m.number for m in first.context["page"]]
    assert numbers == sorted(numbers, reverse=True)
    assert len(numbers) == 25
    html = page(first)
    assert 'rel="next"' in html
    assert 'rel="prev"' not in html

    cursor = first.context["page"].next_cursor
    second = client.get("/committee/meetings/", {"cursor": cursor})
    rest = [m.number for m in second.context["page"]]
    assert len(rest) == 2
    assert sorted(numbers + rest) == sorted(Meeting.objects.values_list("number", flat=True))
    assert 'rel="prev"' in page(second)
    oldest = second.context["page"].object_list[-1]
    assert (oldest.number, oldest.item_count, oldest.attendee_count) == (first_meeting.number, 1, 0)
