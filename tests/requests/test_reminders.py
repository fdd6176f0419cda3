"""The two-week clock reminds: the researcher of their requests near the decision date, the
chair of requests waiting for a meeting near it, the managers of every overdue request; in the
portal and by e-mail, once per person per day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from makin.models import Notification
from makin.roles import Role
from requests.models import Status
from requests.services import deadline_reminders_send
from tests.factories import SupportRequestFactory, committee_member, staff

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def due_in(days, **kwargs):
    return SupportRequestFactory(decision_due=TODAY + datetime.timedelta(days=days), **kwargs)


@pytest.fixture
def people(db):
    return {
        "researcher": staff(Role.RESEARCHER, email="researcher@example.com"),
        "other_researcher": staff(Role.RESEARCHER, email="other@example.com"),
        "chair": committee_member(chair=True, email="chair@example.com"),
        "member": committee_member(email="member@example.com"),
        "manager": staff(Role.MANAGER, email="manager@example.com"),
        "reception": staff(Role.RECEPTION, email="reception@example.com"),
    }


def told(user) -> list[str]:
    return [n.body for n in Notification.objects.filter(user=user, event="deadline_reminder")]


@override_settings(MAKIN_DEADLINE_REMINDER_DAYS=3)
def test_each_holder_is_told_of_their_requests(people, django_capture_on_commit_callbacks):
    near = due_in(2, status=Status.IN_RESEARCH, researcher=people["researcher"])
    due_in(9, status=Status.IN_RESEARCH, researcher=people["other_researcher"])  # not yet
    waiting = due_in(1, status=Status.READY_FOR_COMMITTEE)
    overdue = due_in(-4, status=Status.IN_COMMITTEE)
    due_in(-4, status=Status.APPROVED)  # decided: the clock has stopped
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_send(today=TODAY)
    reminded = set(
        Notification.objects.filter(event="deadline_reminder").values_list("user", flat=True)
    )
    assert {name for name, user in people.items() if user.pk in reminded} == {
        "researcher",
        "chair",
        "manager",
    }

    (researcher_body,) = told(people["researcher"])
    assert near.reference in researcher_body
    assert "بقي يومان" in researcher_body
    assert f"/staff/requests/{near.reference}/" in researcher_body
    assert told(people["other_researcher"]) == []
    (chair_body,) = told(people["chair"])
    assert waiting.reference in chair_body
    assert near.reference not in chair_body
    assert told(people["member"]) == []
    (manager_body,) = told(people["manager"])
    assert overdue.reference in manager_body
    assert waiting.reference not in manager_body
    assert told(people["reception"]) == []
    ours = {user.email for user in people.values()}
    assert sorted(address for m in mail.outbox for address in m.to if address in ours) == [
        "chair@example.com",
        "manager@example.com",
        "researcher@example.com",
    ]


@override_settings(MAKIN_DEADLINE_REMINDER_DAYS=3)
def test_one_message_per_person_per_day(people, django_capture_on_commit_callbacks):
    due_in(-1, status=Status.IN_RESEARCH, researcher=people["researcher"])
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_send(today=TODAY)
        deadline_reminders_send(today=TODAY)
    assert len(told(people["researcher"])) == 1
    assert len(told(people["manager"])) == 1
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert len(told(people["researcher"])) == 2


@override_settings(MAKIN_DEADLINE_REMINDER_DAYS=10)
def test_the_days_before_the_deadline_are_a_setting(people):
    far = due_in(9, status=Status.IN_RESEARCH, researcher=people["researcher"])
    deadline_reminders_send(today=TODAY)
    (body,) = told(people["researcher"])
    assert far.reference in body


def test_the_command_queues_the_task_for_the_worker(people, capsys):
    due_in(-2, status=Status.IN_COMMITTEE)
    call_command("deadline_reminders")
    assert "Deadline reminders queued" in capsys.readouterr().out
    # The test settings run tasks at once: the managers were told.
    assert len(told(people["manager"])) == 1
