"""Complaints and suggestions move through one table of allowed moves, each written to their
history with who, when and staff's note; the person who wrote in reads the statuses, never the
notes; resolving and closing ask first."""

import importlib
import threading

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse

from makin.audience import Audience
from makin.notifications import Notification
from makin.roles import Role
from surveys import services
from surveys.models import Feedback, FeedbackChange, FeedbackKind
from tests.factories import ApplicantFactory, staff

O, P, R, C = "open", "in_progress", "resolved", "closed"  # noqa: E741


def complaint(status=O, **kwargs) -> Feedback:
    item = services.feedback_submit(
        kind=FeedbackKind.COMPLAINT,
        subject="تأخر الرد",
        body="اتصلت ثلاث مرات",
        email="c@example.com",
        **kwargs,
    )
    if status != O:
        # Put there through the door, as a manager would.
        manager = staff(Role.MANAGER)
        if status == P:
            services.feedback_transition(feedback=item, to=P, actor=manager)
        elif status == R:
            services.feedback_transition(feedback=item, to=R, actor=manager, reply="تم")
        else:
            services.feedback_transition(feedback=item, to=C, actor=manager, note="مكرر")
    return item


def actor_of(role):
    return ApplicantFactory() if role == "applicant" else staff(Role(role))


# from, to, who: what happens. Written out here, not read from surveys.workflow.
# fmt: off
TABLE = [
    (O, P, "reception",  "moves"),
    (O, P, "manager",    "moves"),
    (O, R, "reception",  "moves"),
    (O, R, "manager",    "moves"),
    (P, R, "reception",  "moves"),
    (P, R, "manager",    "moves"),
    (O, C, "manager",    "moves"),
    (P, C, "manager",    "moves"),
    (O, C, "reception",  "forbidden"),
    (P, C, "reception",  "forbidden"),
    (O, P, "researcher", "forbidden"),
    (O, P, "committee",  "forbidden"),
    (O, P, "applicant",  "forbidden"),
    (O, O, "manager",    "refused"),
    (P, O, "manager",    "refused"),
    (P, P, "manager",    "refused"),
    (R, P, "manager",    "refused"),
    (R, O, "manager",    "refused"),
    (R, C, "manager",    "refused"),
    (C, O, "manager",    "refused"),
    (C, P, "manager",    "refused"),
    (C, R, "manager",    "refused"),
]
# fmt: on


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "role", "outcome"), TABLE)
def test_the_table_of_moves(source, target, role, outcome):
    item = complaint(source)
    actor = actor_of(role)
    before = FeedbackChange.objects.filter(feedback=item).count()
    call = lambda: services.feedback_transition(  # noqa: E731
        feedback=item, to=target, actor=actor, reply="نعتذر عن التأخير", note="ملاحظة داخلية"
    )
    if outcome == "moves":
        call()
        item.refresh_from_db()
        assert item.status == target
        last = FeedbackChange.objects.filter(feedback=item).last()
        assert (last.from_status, last.to_status, last.actor, last.note, last.audience) == (
            source,
            target,
            actor,
            "ملاحظة داخلية",
            Audience.STAFF,
        )
        return
    with pytest.raises(PermissionDenied if outcome == "forbidden" else ValidationError):
        call()
    item.refresh_from_db()
    assert item.status == source
    assert FeedbackChange.objects.filter(feedback=item).count() == before


@pytest.mark.django_db
def test_received_is_the_first_line_of_the_history():
    item = complaint()
    rows = list(item.history.values_list("from_status", "to_status", "audience"))
    assert rows == [("", O, Audience.APPLICANT)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "field", "message"),
    [(R, "reply", "يُرجى كتابة الرد على صاحب الرسالة."), (C, "note", "يرجى كتابة السبب.")],
)
def test_resolving_needs_a_reply_and_closing_a_reason(target, field, message):
    item = complaint()
    with pytest.raises(ValidationError) as error:
        services.feedback_transition(
            feedback=item, to=target, actor=staff(Role.MANAGER), reply="  ", note=" "
        )
    assert error.value.message_dict == {field: [message]}
    item.refresh_from_db()
    assert (item.status, item.reply, item.resolved_at) == (O, "", None)
    assert item.history.count() == 1


@pytest.mark.django_db
def test_a_page_that_showed_another_status_is_refused():
    item = complaint()
    services.feedback_transition(feedback=item, to=P, actor=staff(Role.RECEPTION))
    with pytest.raises(ValidationError) as error:
        services.feedback_transition(
            feedback=item, to=R, actor=staff(Role.MANAGER), reply="تم", expected=O
        )
    assert error.value.code == "stale"
    assert "عدّل شخص آخر هذا العنصر" in error.value.message
    item.refresh_from_db()
    assert item.status == P


@pytest.mark.django_db(transaction=True)
def test_two_staff_resolving_at_once_one_wins_and_the_person_gets_one_reply():
    """Two real connections: the first holds the row lock while the second tries; the second
    then reads the resolved item and is refused; one history row, one reply."""
    item = complaint()
    first_officer, second_officer = staff(Role.RECEPTION), staff(Role.MANAGER)
    locked, release = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                services.feedback_transition(
                    feedback=item, to=R, actor=first_officer, reply="الرد الأول", expected=O
                )
                locked.set()
                release.wait(10)
            results["first"] = "moved"
        except Exception as error:  # the outcome is what the test checks
            results["first"] = error
        finally:
            connection.close()

    def second():
        locked.wait(10)
        try:
            services.feedback_transition(
                feedback=item, to=R, actor=second_officer, reply="الرد الثاني", expected=O
            )
            results["second"] = "moved"
        except Exception as error:  # the outcome is what the test checks
            results["second"] = error
        finally:
            connection.close()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    two.start()
    locked.wait(10)
    threading.Timer(0.5, release.set).start()
    one.join(15)
    two.join(15)
    assert results["first"] == "moved"
    assert isinstance(results["second"], ValidationError)
    assert results["second"].code == "stale"
    item.refresh_from_db()
    assert (item.status, item.reply, item.handled_by) == (R, "الرد الأول", first_officer)
    rows = list(item.history.values_list("from_status", "to_status"))
    assert rows == [("", O), (O, R)]
    assert Notification.objects.filter(event="feedback_reply").count() == 1


# --- The pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_offers_only_the_moves_this_person_may_make(client_for):
    item = complaint()
    url = reverse("surveys:feedback_handle", args=[item.reference])
    reception = client_for(staff(Role.RECEPTION)).get(url).content.decode()
    assert "بدء المعالجة" in reception
    assert "الرد والإنهاء" in reception
    assert "إغلاق دون رد" not in reception
    manager = client_for(staff(Role.MANAGER)).get(url).content.decode()
    assert "إغلاق دون رد" in manager
    services.feedback_transition(feedback=item, to=C, actor=staff(Role.MANAGER), note="مكرر")
    closed = client_for(staff(Role.MANAGER)).get(url).content.decode()
    assert 'name="target"' not in closed
    assert "لا يمكن اتخاذ أي إجراء آخر على هذا العنصر." in closed


@pytest.mark.django_db
def test_a_move_not_offered_is_refused_in_arabic_and_nothing_changes(client_for):
    item = complaint()
    url = reverse("surveys:feedback_handle", args=[item.reference])
    response = client_for(staff(Role.RECEPTION)).post(
        url, {"target": C, "note": "مكرر", "expected": O, "confirmed": "1"}
    )
    assert response.status_code == 200
    assert "انتق خياراً صحيحاً. closed ليس أحد الخيارات المتاحة." in response.content.decode()
    item.refresh_from_db()
    assert item.status == O
    assert item.history.count() == 1


@pytest.mark.django_db
def test_closing_asks_first_then_closes_and_tells_nobody(client_for):
    item = complaint()
    url = reverse("surveys:feedback_handle", args=[item.reference])
    client = client_for(staff(Role.MANAGER))
    bad = client.post(url, {"target": C, "note": "", "expected": O})
    assert "يرجى كتابة السبب." in bad.content.decode()
    close = {"target": C, "note": "رسالة مكررة من نفس الشخص", "expected": O}
    asked = client.post(url, close).content.decode()
    assert "إغلاق دون رد: " + item.reference in asked
    assert "ملاحظتك، للموظفين فقط: رسالة مكررة من نفس الشخص" in asked
    assert "لن تُرسل رسالة إلى أحد." in asked
    assert "لا يمكن التراجع عن هذا الإجراء." in asked
    item.refresh_from_db()
    assert item.status == O
    response = client.post(url, {**close, "confirmed": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.resolved_at) == (C, None)
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_read_the_history_with_notes_and_the_person_only_the_statuses(client_for, applicant):
    item = complaint(user=applicant)
    reception = staff(Role.RECEPTION, first_name="منى", last_name="الحربي")
    services.feedback_transition(feedback=item, to=P, actor=reception, note="سرّي: راجع المشرف")
    staff_page = (
        client_for(staff(Role.MANAGER))
        .get(reverse("surveys:feedback_handle", args=[item.reference]))
        .content.decode()
    )
    assert "سرّي: راجع المشرف" in staff_page
    assert "منى الحربي" in staff_page
    own = client_for(applicant).get(reverse("surveys:my_feedback_detail", args=[item.reference]))
    page = own.content.decode()
    assert "قيد المعالجة" in page
    assert "سرّي: راجع المشرف" not in page
    assert "منى الحربي" not in page


@pytest.mark.django_db
def test_the_complaint_page_has_a_pinned_query_count(client_for, django_assert_num_queries):
    item = complaint()
    services.feedback_transition(feedback=item, to=P, actor=staff(Role.RECEPTION), note="أ")
    services.feedback_transition(feedback=item, to=R, actor=staff(Role.MANAGER), reply="تم")
    client = client_for(staff(Role.MANAGER))
    url = reverse("surveys:feedback_handle", args=[item.reference])
    # Session, user with their roles, the complaint with its handler, its history with the actors.
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_existing_complaints_get_their_history_from_the_migration():
    module = importlib.import_module("surveys.migrations.0004_complaint_history_for_existing_rows")
    manager = staff(Role.MANAGER)
    waiting = complaint()
    done = complaint()
    services.feedback_transition(feedback=done, to=R, actor=manager, reply="تم")
    FeedbackChange.objects.all().delete()
    module.history_for_existing_rows(apps, None)
    assert list(waiting.history.values_list("from_status", "to_status", "actor")) == [("", O, None)]
    done.refresh_from_db()
    rows = list(done.history.values_list("from_status", "to_status", "actor", "created_at"))
    assert rows == [
        ("", O, None, done.created_at),
        (O, R, manager.pk, done.resolved_at),
    ]


@pytest.mark.django_db
def test_a_page_left_open_while_someone_else_moved_the_item_says_so(client_for):
    item = complaint()
    services.feedback_transition(feedback=item, to=P, actor=staff(Role.RECEPTION))
    url = reverse("surveys:feedback_handle", args=[item.reference])
    response = client_for(staff(Role.MANAGER)).post(url, {"target": P, "note": "", "expected": O})
    assert response.status_code == 200
    assert "عدّل شخص آخر هذا العنصر في هذه الأثناء، وحالته الآن «قيد المعالجة»." in (
        response.content.decode()
    )
    assert item.history.count() == 2
