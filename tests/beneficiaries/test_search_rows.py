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
