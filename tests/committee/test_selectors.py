"""The committee's selectors take the person they return objects to: each list holds what that
person may see and nothing for anyone else; each fetch of one thing answers 404 to anyone else."""

from decimal import Decimal

import pytest
from django.http import Http404

from committee import selectors, services
from committee.models import Opinion, Outcome, SupportKind
from makin.roles import Role
from tests.factories import ApplicantFactory, committee_request, staff

from .conftest import on_agenda, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(board, open_meeting):
    """One meeting with two items: one decided (approved), one waiting; a request ready for
    the next agenda."""
    decided = on_agenda(open_meeting, board.chair)
    services.vote_cast(item=decided, actor=board.m1, opinion=Opinion.APPROVE)
    services.decision_record(
        item=decided,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.ONE_PAYMENT,
        amount=Decimal("2000"),
    )
    waiting = on_agenda(open_meeting, board.chair)
    ready = committee_request()
    return {
        "meeting": open_meeting,
        "decided": decided,
        "waiting": waiting,
        "ready": ready,
        "member": board.m1,
        "chair": board.chair,
        "manager": staff(Role.MANAGER),
        "reception": staff(Role.RECEPTION),
        "researcher": staff(Role.RESEARCHER),
        "applicant": ApplicantFactory(),
    }


def pks(rows) -> set:
    return {row.pk for row in rows}


# selector: (who sees, what they see), and the people for whom it holds nothing.
# fmt: off
LISTS = {
    "meeting_list":      ("member",    lambda w: {w["meeting"].pk},
                          ["reception", "researcher", "manager", "applicant"]),
    "agenda_items":      ("member",    lambda w: {w["decided"].pk, w["waiting"].pk},
                          ["reception", "researcher", "manager", "applicant"]),
    "agenda_outline":    ("member",    lambda w: {w["decided"].pk, w["waiting"].pk},
                          ["reception", "researcher", "manager", "applicant"]),
    "waiting_requests":  ("member",    lambda w: {w["waiting"].request.pk, w["ready"].pk},
                          ["reception", "researcher", "manager", "applicant"]),
    "agenda_candidates": ("chair",     lambda w: {w["ready"].pk},
                          ["member", "reception", "manager", "applicant"]),
    "members":           ("manager",   lambda w: {m.pk for m in w["_members"]},
                          ["member", "chair", "reception", "applicant"]),
    "rejection_reasons": ("manager",   lambda w: w["_reasons"],
                          ["member", "chair", "reception", "applicant"]),
    "final_decisions":   ("manager",   lambda w: {w["decided"].decision.pk},
                          ["member", "chair", "reception", "applicant"]),
    "delivery_queue":    ("reception", lambda w: {w["decided"].request.pk},
                          ["member", "chair", "researcher", "applicant"]),
}
# fmt: on


def call(name, world, user):
    function = getattr(selectors, name)
    if name in ("agenda_items", "agenda_outline"):
        return function(user=user, meeting=world["meeting"])
    return function(user=user)


@pytest.mark.parametrize("name", list(LISTS))
def test_each_list_holds_what_its_person_may_see_and_nothing_for_others(world, name):
    from committee.models import CommitteeMember, RejectionReason

    world["_members"] = list(CommitteeMember.objects.all())
    world["_reasons"] = set(RejectionReason.objects.values_list("pk", flat=True))  # seeded
    who, expected, others = LISTS[name]
    assert pks(call(name, world, world[who])) == expected(world)
    for other in others:
        assert list(call(name, world, world[other])) == [], other


def test_the_next_meeting_is_a_members_and_none_for_anyone_else(world):
    assert selectors.next_meeting(user=world["member"]) == world["meeting"]
    assert selectors.next_meeting(user=world["reception"]) is None
    assert selectors.next_meeting(user=world["applicant"]) is None


def test_the_committee_home_is_a_members_and_nothing_for_anyone_else(world):
    """The committee home's one round trip: the next meeting and its agenda's lines (JSON, the
    deadline back as a date, the decision's outcome) and the requests waiting, made once per
    process; the same on a connection's later runs, prepared."""
    for _run in range(3):
        meeting, rows, waiting = selectors.committee_home(user=world["member"], limit=50)
        assert meeting == world["meeting"]
        assert (meeting.number, meeting.starts_at, meeting.status) == (
            world["meeting"].number,
            world["meeting"].starts_at,
            world["meeting"].status,
        )
        assert [(r["pk"], r["decision__outcome"]) for r in rows] == [
            (world["decided"].pk, "approve"),
            (world["waiting"].pk, None),
        ]
        assert rows[1]["request__decision_due"] == world["waiting"].request.decision_due
        assert rows == selectors.agenda_outline_rows(user=world["member"], meeting=meeting)
        assert [r["reference"] for r in waiting] == list(
            selectors.waiting_requests(user=world["member"]).values_list("reference", flat=True)
        )
    for other in ("reception", "applicant"):
        assert selectors.committee_home(user=world[other], limit=50) == (None, [], [])


def test_the_agenda_made_once_reads_each_meetings_own_items(world, board):
    """The agenda's SQL is made once per process and run with each page's meeting: two
    meetings one after the other each get their own items, and a meeting fetched by its
    number its own attendees and members."""
    other = schedule(board.chair, days=9)
    mine = on_agenda(other, board.chair)
    first = list(selectors.agenda_items(user=board.m1, meeting=world["meeting"]))
    second = list(selectors.agenda_items(user=board.m1, meeting=other))
    assert [i.pk for i in first] == [world["decided"].pk, world["waiting"].pk]
    assert [i.pk for i in second] == [mine.pk]
    assert first[0].decision.amount == Decimal("2000")
    read = selectors.meeting_get(user=board.m1, number=other.number)
    assert (read.pk, selectors.attendees_of(read), read.serving_count) == (other.pk, [], 3)
    with pytest.raises(Http404):
        selectors.meeting_get(user=board.m1, number=999)


def test_the_agenda_runs_prepared_once_seen_on_a_connection_and_reads_the_same(world, board):
    """Planning the agenda's statement cost PostgreSQL more than running it: from its second
    run on a connection it is prepared and then run by name, one round trip each time, with
    the same items, decisions and files (other meetings' items are not read)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = schedule(board.chair, days=9)
    on_agenda(other, board.chair)
    firsts = []
    for _run in range(3):
        with CaptureQueriesContext(connection) as queries:
            items = list(selectors.agenda_items(user=board.m1, meeting=world["meeting"]))
        assert [i.pk for i in items] == [world["decided"].pk, world["waiting"].pk]
        assert items[0].decision.amount == Decimal("2000")
        assert not hasattr(items[1], "decision")
        assert [i.request.reference for i in items] == [
            world["decided"].request.reference,
            world["waiting"].request.reference,
        ]
        firsts.append(queries[0]["sql"].split(" ")[:2])
    assert firsts[-1][0] == "EXECUTE"
    assert firsts[-1][1].startswith("makin_read_")


def _drawn(i) -> tuple:
    """What the meeting page draws of an agenda item."""
    return (
        i.pk,
        i.request.reference,
        i.request.status,
        i.request.decision_due,
        i.request.details,
        i.request.amount_requested,
        i.request.beneficiary.full_name,
        i.request.beneficiary.national_id,
        i.request.beneficiary.rent_amount,
        i.request.beneficiary.category and i.request.beneficiary.category.name,
        i.request.service.name,
        i.request.service.max_amount,
        getattr(i, "decision", None) and i.decision.outcome,
        getattr(i, "decision", None) and i.decision.amount,
        getattr(i, "decision", None) and i.decision.reason_text,
        getattr(i, "decision", None)
        and i.decision.rejection_reason
        and i.decision.rejection_reason.name,
        i.file_report,
        i.file_documents,
        i.file_incomes,
        i.household_size,
        i.vote_count,
    )


def test_the_agenda_as_plain_values_is_the_agenda_the_orm_reads(world, board):
    """The meeting page's agenda (`agenda_entries`: one prepared statement of plain values)
    holds what `agenda_items` reads: the same items in the same order, requests, files,
    services, decisions and their reasons, the file's report, documents, incomes, household
    and votes; nothing more is read when the page draws them; nothing for the reception."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import rejection_reason

    rejected = on_agenda(world["meeting"], board.chair)
    services.vote_cast(item=rejected, actor=board.m1, opinion=Opinion.REJECT)
    # The migrations' catalogue may already hold the reason, under its own wording.
    reason = rejection_reason()
    services.decision_record(
        item=rejected,
        outcome=Outcome.REJECT,
        actor=board.chair,
        rejection_reason=reason,
        reason_text="دخل <كاف>",
    )
    expected = list(selectors.agenda_items(user=board.m1, meeting=world["meeting"]))
    with CaptureQueriesContext(connection) as queries:
        read = selectors.agenda_entries(user=board.m1, meeting=world["meeting"])
        drawn = [_drawn(i) for i in read]
    assert len(queries) == 1
    assert [row[0] for row in drawn] == [world["decided"].pk, world["waiting"].pk, rejected.pk]
    assert drawn[2][12:16] == ("reject", None, "دخل <كاف>", reason.name_ar)
    assert drawn[0][12:14] == ("approve", Decimal("2000.00"))
    assert drawn == [_drawn(i) for i in expected]
    assert not hasattr(read[1], "decision")
    assert selectors.agenda_entries(user=world["reception"], meeting=world["meeting"]) == []


def test_the_deadline_summary_is_the_managers_and_not_found_for_anyone_else(world):
    summary = selectors.deadline_summary(user=world["manager"])
    assert (summary["total"], summary["on_time"], summary["late"]) == (1, 1, 0)
    for other in ("member", "chair", "reception", "applicant"):
        with pytest.raises(Http404):
            selectors.deadline_summary(user=world[other])


@pytest.mark.parametrize(
    ("fetch", "who", "others"),
    [
        ("meeting", "member", ["reception", "manager", "applicant"]),
        ("item", "member", ["reception", "manager", "applicant"]),
    ],
)
def test_a_meeting_or_an_item_is_found_by_a_member_and_not_by_others(world, fetch, who, others):
    def get(user):
        if fetch == "meeting":
            return selectors.meeting_get(user=user, number=world["meeting"].number)
        return selectors.item_get(user=user, pk=world["waiting"].pk)

    assert get(world[who]).pk == (world["meeting"] if fetch == "meeting" else world["waiting"]).pk
    for other in others:
        with pytest.raises(Http404):
            get(world[other])
