"""The committee home's waiting requests, made in Python from plain rows
(`selectors.waiting_rows`, `committee_tags.waiting_request`)."""

import re

from tests.factories import ServiceFactory, committee_request

from .conftest import on_agenda


def _waiting(html: str) -> list[str]:
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*([<>])\s*", r"\1", html)
    section = html[html.index('id="waiting-requests"') : html.index('id="next-meeting"')]
    return re.findall(r'<li class="list-group-item.*?</li>', section)


def test_waiting_rows_in_english_with_a_service_named_in_arabic_only(board, meeting, client_for):
    """A request on an agenda links to its item and says so; a service without an English
    name shows its Arabic one marked as Arabic; the days left as a badge."""
    arabic_only = ServiceFactory(code="arabic-only", name_ar="كفالة حلقة", name_en="")
    later = committee_request(days_left=9, service=arabic_only)
    item = on_agenda(meeting, board.chair, days_left=3)
    rows = _waiting(client_for(board.m1).get("/en/staff/committee/").content.decode())
    assert len(rows) == 2
    assert rows[0].startswith(
        '<li class="list-group-item px-0 d-flex flex-wrap justify-content-between '
        f'align-items-center gap-2"><span><a href="/en/committee/items/{item.pk}/">'
        f'<span dir="ltr">{item.request.reference}</span></a>—<bdi>محمد عبدالله سالم الحربي'
        '</bdi><span class="small text-muted d-block">Financial aid for teachers — on an agenda'
        '</span></span><span class="badge text-bg-warning" title="'
    )
    assert rows[0].endswith('">3 days left</span></li>')
    assert rows[1].startswith(
        '<li class="list-group-item px-0 d-flex flex-wrap justify-content-between '
        f'align-items-center gap-2"><span><span dir="ltr">{later.reference}</span>—'
        '<bdi>محمد عبدالله سالم الحربي</bdi><span class="small text-muted d-block">'
        '<bdi lang="ar" dir="rtl">كفالة حلقة</bdi></span></span>'
        '<span class="badge text-bg-light border" title="'
    )
    assert rows[1].endswith('">9 days left</span></li>')
