"""The file page reads every list it shows in one query (`makin.case.read_rows`): the rows come
back as the model instances the ORM gives (money with its two decimals, dates, times, a person
or no one), in their order, and the page draws them as before."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from beneficiaries import selectors
from beneficiaries.models import FieldGroupVerification, IncomeSource
from makin.case import read_rows
from makin.models import Delivery, Notification
from makin.roles import Role
from tests.factories import (
    DocumentFactory,
    FileFactory,
    HouseholdMemberFactory,
    document_kind,
    staff,
)

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2026, 11, 30, 14, 5, 7, 123456))


@pytest.fixture
def file():
    file = FileFactory(mobile="+966501234567")
    HouseholdMemberFactory(
        beneficiary=file,
        name="سارة محمد الحربي",
        national_id="",
        birth_date=datetime.date(2015, 3, 9),
        monthly_income=Decimal("1250.50"),
    )
    HouseholdMemberFactory(beneficiary=file, name="علي", monthly_income=Decimal("0"))
    IncomeSource.objects.create(beneficiary=file, source="تقاعد", monthly_amount=Decimal("3000"))
    officer = staff(Role.RESEARCHER, first_name="هند", last_name="العتيبي")
    FieldGroupVerification.objects.create(
        beneficiary=file,
        group="contact",
        status="rejected",
        reason="الرقم لا يرد",
        verified_by=officer,
        verified_at=AT,
    )
    return file


def test_the_rows_come_back_as_the_orm_gives_them(file):
    kind = document_kind("id_copy")
    by_nobody = DocumentFactory(beneficiary=file, kind=kind, uploaded_by=None, title="")
    read = read_rows(
        file,
        {
            "household": selectors.FILE_HOUSEHOLD,
            "incomes": selectors.FILE_INCOMES,
            "verifications": selectors.FILE_VERIFICATIONS,
            "documents": selectors.FILE_DOCUMENTS,
        },
    )
    first, second = read["household"]
    assert (first.name, second.name) == ("سارة محمد الحربي", "علي")
    assert first.birth_date == datetime.date(2015, 3, 9)
    assert second.birth_date is None
    # The amount as stored, two decimals: not the float 1250.5.
    assert str(first.monthly_income) == "1250.50"
    assert str(second.monthly_income) == "0.00"
    assert first.get_relation_display() == "ابنة"
    (income,) = read["incomes"]
    assert (income.source, str(income.monthly_amount)) == ("تقاعد", "3000.00")
    (verification,) = read["verifications"]
    assert verification.verified_at == AT
    assert str(verification.verified_by) == "هند العتيبي"
    (document,) = read["documents"]
    assert document.pk == by_nobody.pk
    assert document.uuid == by_nobody.uuid
    assert isinstance(document.uuid, uuid.UUID)
    assert document.uploaded_by is None
    assert document.kind.code == "id_copy"
    # A column the page does not show is left unread, as `.only()` leaves it.
    assert {"gender", "education", "health_notes"} <= first.get_deferred_fields()


def test_rows_made_without_init_are_the_instances_init_makes(file, monkeypatch):
    """`_build` sets the values read straight into a new instance, as `Model.__init__` would
    set them, save for models whose `__init__` does more (a receiver of its signals, a field
    whose descriptor converts what is set, such as the file's phone numbers)."""
    from dataclasses import replace

    from makin import case

    officer = staff(Role.RECEPTION, first_name="منى", last_name="<الجهني>")
    DocumentFactory(beneficiary=file, kind=document_kind("id_copy"), uploaded_by=officer)
    DocumentFactory(beneficiary=file, kind=document_kind("id_copy"), uploaded_by=None)
    built, build = [], case._build

    def recording(plan, row):
        built.append((plan, row))
        return build(plan, row)

    monkeypatch.setattr(case, "_build", recording)
    read = read_rows(file, {**selectors.FILE_PAGE_ROWS, "file": selectors.FILE_ROW})
    assert sorted(str(d.uploaded_by) for d in read["documents"]) == ["None", "منى <الجهني>"]
    assert {plan.model.__name__: plan.direct for plan, _row in built} == {
        "Beneficiary": False,  # its phone numbers' descriptor converts what is set
        "Document": True,
        "DocumentKind": True,
        "FieldGroupVerification": True,
        "HouseholdMember": True,
        "IncomeSource": True,
        "User": True,
    }

    def through_init(plan):
        related = tuple((link, place, through_init(p)) for link, place, p in plan.related)
        return replace(plan, direct=False, related=related)

    def seen(instance):
        values = {k: v for k, v in instance.__dict__.items() if k != "_state"}
        related = {
            name: None if other is None else seen(other)
            for name, other in instance._state.fields_cache.items()
        }
        state = (instance._state.adding, instance._state.db)
        return type(instance), values, related, state, instance.get_deferred_fields()

    for plan, row in built:
        assert seen(build(plan, row)) == seen(build(through_init(plan), row))


def test_a_file_with_nothing_reads_empty_lists():
    read = read_rows(FileFactory(), {"household": selectors.FILE_HOUSEHOLD})
    assert read == {"household": []}


def test_the_file_page_draws_the_household_the_incomes_the_verification_and_the_messages(
    client_for, file
):
    notification = Notification.objects.create(
        user=None, event="x", key="k1", language="ar", subject="s", body="b", created_at=AT
    )
    Delivery.objects.create(
        notification=notification,
        medium=Delivery.Medium.SMS,
        address="+966501234567",
        text="وصل طلبك <b>",
        state="failed",
        last_error="timeout 504",
    )
    with translation.override("ar"):
        page = client_for(staff(Role.RESEARCHER)).get(f"/staff/files/{file.pk}/")
    html = page.content.decode()
    assert (
        "<tr>\n<td><bdi>سارة محمد الحربي</bdi></td>\n<td>ابنة</td>\n"
        '<td><span dir="ltr">—</span></td>\n'
    ) in html
    assert '<td><span dir="ltr">1250.50</span></td>' in html
    assert '<td><span dir="ltr">0.00</span></td>' in html
    # The amount isolated left to right (U+2066 … U+2069), in the one money format.
    assert "<li><bdi>تقاعد</bdi>: \u20663,000.00\u2069 ريال</li>" in html
    assert '<p class="text-danger small mb-2"><bdi>الرقم لا يرد</bdi></p>' in html
    assert "تحقق منه <bdi>هند العتيبي</bdi>" in html
    assert "وصل طلبك &lt;b&gt;" in html
    assert '<div class="small text-danger" dir="ltr">timeout 504</div>' in html


def test_a_read_is_prepared_on_its_second_run_on_a_connection_and_reads_the_same(file):
    """Planning the page's statement cost more than running it: the second time it runs on a
    connection it is prepared, then run by name; each run is one round trip, with the same
    rows (here also after other rows were added)."""
    rows = {"household": selectors.FILE_HOUSEHOLD, "incomes": selectors.FILE_INCOMES}
    names = []
    for run in range(4):
        if run == 3:
            HouseholdMemberFactory(beneficiary=file, name="يوسف", monthly_income=Decimal("5"))
        with CaptureQueriesContext(connection) as queries:
            read = read_rows(file, rows)
        (query,) = queries
        names.append(query["sql"].split("(", 1)[0].split(" ")[:2])
        household = [(m.name, str(m.monthly_income)) for m in read["household"]]
        expected = [("سارة محمد الحربي", "1250.50"), ("علي", "0.00")]
        assert household == ([*expected, ("يوسف", "5.00")] if run == 3 else expected)
        assert [str(i.monthly_amount) for i in read["incomes"]] == ["3000.00"]
    statement = names[1][1]
    assert names[0][0] == "SELECT"
    assert names[1] == ["PREPARE", statement]
    assert names[2] == names[3] == ["EXECUTE", statement]
    assert statement.startswith("makin_read_")


def test_a_run_that_fails_once_prepared_leaves_the_statement_unprepared_on_that_connection():
    """A prepared statement outlives the transaction whose run failed: preparing it again would
    fail every later page on the connection ("already exists"). After a failed run with its
    PREPARE, the statement runs as it is on that connection, and reads again."""
    from django.db import DatabaseError, transaction

    from makin.case import Statement

    statement = Statement.make("default", "SELECT 10 / %s", [1], [0])
    assert statement.fetch_one((2,)) == (5,)  # seen
    with pytest.raises(DatabaseError), transaction.atomic():
        statement.fetch_one((0,))  # prepared, and its run divides by zero
    with CaptureQueriesContext(connection) as queries:
        assert statement.fetch_one((5,)) == (2,)
        assert statement.fetch_one((1,)) == (10,)
    assert [q["sql"] for q in queries] == ["SELECT 10 / 5", "SELECT 10 / 1"]


def test_an_instance_of_values_read_is_the_one_the_orm_makes_of_them():
    """`makin.case.loaded`: straight into the instance where `__init__` would only set the
    values (a household member), through `Model.from_db` where a field converts what is set
    (the file's phone numbers); the fields not given left deferred either way."""
    from phonenumber_field.phonenumber import PhoneNumber

    from beneficiaries.models import Beneficiary, HouseholdMember
    from makin.case import loaded

    member = loaded(HouseholdMember, {"id": 7, "name": "سارة", "beneficiary_id": 3}, "default")
    assert (member.pk, member.name, member.beneficiary_id, member._state.adding) == (
        7,
        "سارة",
        3,
        False,
    )
    assert member.get_deferred_fields() >= {"relation", "birth_date"}
    file = loaded(Beneficiary, {"id": 5, "mobile": "+966501234567"})
    assert isinstance(file.mobile, PhoneNumber)
    assert (file.pk, str(file.mobile), file._state.adding) == (5, "+966501234567", False)
    assert "family_name" in file.get_deferred_fields()
