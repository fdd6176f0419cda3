"""A staff file page is read by one statement that also writes the look's access-log row
(`selectors.file_page_open` with `services.file_access_write`): the row is written whenever the
page is shown, by the same statement, and the page fails when it cannot be written."""

import datetime

import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beneficiaries import selectors, services
from beneficiaries.models import FileAccess
from makin.case import Write
from makin.roles import Role
from tests.factories import FileFactory, UserFactory, staff

pytestmark = pytest.mark.django_db


def test_the_page_and_its_access_row_are_one_statement(client_for):
    file = FileFactory(national_id="1000000172")
    researcher = staff(Role.RESEARCHER)
    client = client_for(researcher)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/staff/files/{file.pk}/")
    assert response.status_code == 200
    assert "1000000172" in response.content.decode()
    # The session with the person, and the page's statement (as it is, prepared, or run by
    # name, by how often it ran on this connection): no INSERT of its own.
    assert len(queries) == 2
    assert not any(q["sql"].startswith("INSERT") for q in queries)
    assert list(FileAccess.objects.values_list("beneficiary", "user", "action", "document")) == [
        (file.pk, researcher.pk, "file", None)
    ]


def test_every_look_is_logged_also_once_the_statement_is_prepared(client_for):
    file = FileFactory()
    researcher = staff(Role.RESEARCHER)
    client = client_for(researcher)
    before = timezone.now()
    for _ in range(4):
        assert client.get(f"/staff/files/{file.pk}/").status_code == 200
    rows = list(FileAccess.objects.order_by("pk").values_list("beneficiary", "user", "action"))
    assert rows == [(file.pk, researcher.pk, "file")] * 4
    assert all(at >= before for at in FileAccess.objects.values_list("at", flat=True))


def test_no_file_no_page_and_no_row(client_for):
    client = client_for(staff(Role.RECEPTION))
    assert client.get("/staff/files/987654321/").status_code == 404
    assert not FileAccess.objects.exists()


def test_a_staff_members_look_at_their_own_file_is_not_logged():
    owner = UserFactory(roles=[Role.RECEPTION])
    file = FileFactory(owner=owner)
    write = services.file_access_write(
        user=owner, beneficiary_id=file.pk, action=FileAccess.Action.FILE
    )
    shown, _page = selectors.file_page_open(pk=file.pk, user=owner, write=write)
    assert shown.pk == file.pk
    assert not FileAccess.objects.exists()


def test_the_page_fails_when_its_row_cannot_be_written():
    file = FileFactory()
    researcher = staff(Role.RESEARCHER)
    at = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
    # An action longer than its column: the write fails, and with it the read.
    write = Write(services.FILE_ACCESS_SQL, (researcher.pk, "x" * 11, at, file.pk, researcher.pk))
    with pytest.raises(DataError):
        selectors.file_page_open(pk=file.pk, user=researcher, write=write)


def test_the_file_read_with_the_page_is_the_file_the_orm_gives():
    file = FileFactory(mobile="+966501234567")
    researcher = staff(Role.RESEARCHER)
    write = services.file_access_write(
        user=researcher, beneficiary_id=file.pk, action=FileAccess.Action.FILE
    )
    shown, _page = selectors.file_page_open(pk=file.pk, user=researcher, write=write)
    fresh = type(file).objects.select_related("category").get(pk=file.pk)
    for model_field in type(file)._meta.concrete_fields:
        assert getattr(shown, model_field.attname) == getattr(fresh, model_field.attname)
    assert str(shown.mobile) == "+966501234567"
    assert shown.category == fresh.category
