"""The file search's rows are made in Python (`file_search.file_rows`): each row's markup, in
both languages, is the one the page has always shown."""

import datetime

import pytest

from makin.roles import Role
from tests.factories import FileFactory, staff
from tests.html import table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def file():
    return FileFactory(
        first_name="عبدالله",
        father_name="سالم",
        grandfather_name="محمد",
        family_name="الجهني",
        national_id="1000000018",
        mobile="+966501112233",
        birth_date=datetime.date(1985, 3, 14),
        district="الصناعية",
    )


def test_a_found_file_in_arabic(client_for, file):
    html = client_for(staff(Role.RECEPTION)).get("/staff/files/", {"q": "الجهني"}).content
    assert table_rows(html.decode()) == [
        f'<tr><td class="card-first" data-label="الاسم"><a href="/staff/files/{file.pk}/">'
        "<bdi>عبدالله سالم محمد الجهني</bdi></a></td>"
        '<td class="card-first" data-label="رقم الهوية"><span dir="ltr">1000000018</span></td>'
        '<td class="d-none d-md-table-cell" data-label="الجوال"><span dir="ltr">+966501112233'
        "</span></td>"
        '<td class="d-none d-md-table-cell" data-label="تاريخ الميلاد">'
        "14 مارس 1985 م — 23 جمادى الآخرة 1405 هـ</td>"
        '<td class="d-none d-lg-table-cell" data-label="الحي">الصناعية</td></tr>'
    ]


def test_a_found_file_in_english(client_for, file):
    html = client_for(staff(Role.RECEPTION)).get("/en/staff/files/", {"q": "الجهني"}).content
    assert table_rows(html.decode()) == [
        f'<tr><td class="card-first" data-label="Name"><a href="/en/staff/files/{file.pk}/">'
        "<bdi>عبدالله سالم محمد الجهني</bdi></a></td>"
        '<td class="card-first" data-label="ID number"><span dir="ltr">1000000018</span></td>'
        '<td class="d-none d-md-table-cell" data-label="Mobile"><span dir="ltr">+966501112233'
        "</span></td>"
        '<td class="d-none d-md-table-cell" data-label="Birth date">'
        "14 March 1985 CE — 23 Jumada al-Akhirah 1405 AH</td>"
        '<td class="d-none d-lg-table-cell" data-label="District">الصناعية</td></tr>'
    ]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+966501112233", "+966501112233"),  # as the field stores a valid mobile
        ("+966500000000", "+966500000000"),  # stored so, valid or not
        ("0501112233", "+966501112233"),  # a national spelling written around the field
        ("+9660501112233", "+966501112233"),
        ("not a number", "not a number"),
        ("", ""),
    ],
)
def test_a_name_searchs_first_page_shows_each_mobile_as_the_file_does(file, stored, shown):
    """The first page of a name search reads plain rows (`selectors.FileRow`); their mobile is
    the text the file's own PhoneNumber shows, however it was stored."""
    from django.db import connection

    from beneficiaries import selectors
    from beneficiaries.models import Beneficiary

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE beneficiaries_beneficiary SET mobile = %s WHERE id = %s", [stored, file.pk]
        )
    [row] = selectors.search_page(query="الجهني", number=1).object_list
    assert isinstance(row, selectors.FileRow)
    assert row.mobile == shown
    assert str(Beneficiary.objects.get(pk=file.pk).mobile) == shown
