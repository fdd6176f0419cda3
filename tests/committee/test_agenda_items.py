"""The meeting page's agenda: each item drawn in Python (`committee_tags.agenda_item`) with
its number, request, decision or days left, link, file, votes and the decision's summary."""

import re

from committee import services
from committee.models import Opinion, Outcome, SupportKind
from tests.factories import FileFactory, make_national_id, rejection_reason

from .conftest import on_agenda


def _articles(html: str) -> list[str]:
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*([<>])\s*", r"\1", html)
    return re.findall(r"<article .*?</article>", html)


def _decided(board, meeting, outcome, **terms):
    item = on_agenda(
        meeting,
        board.chair,
        days_left=3,
        beneficiary=FileFactory(national_id=make_national_id(7_100_000 + len(terms))),
    )
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion(outcome))
    services.vote_cast(item=item, actor=board.m2, opinion=Opinion(outcome))
    services.decision_record(item=item, outcome=outcome, actor=board.chair, **terms)
    return item


def _outside_the_file(article: str) -> str:
    return re.sub(r"<details open>.*</details>", "<details open>…</details>", article)


HEADER = (
    '<article class="card mb-3" aria-labelledby="item-{pk}"><div class="card-header d-flex '
    'flex-wrap justify-content-between align-items-center gap-2"><h3 class="h6 mb-0" '
    'id="item-{pk}">{n}.<span dir="ltr">{reference}</span>—<bdi>محمد عبدالله سالم الحربي</bdi>'
    "— {service}</h3>"
    '<div class="d-flex flex-wrap align-items-center gap-2">{badge}'
    '<a class="btn btn-sm btn-primary" href="{prefix}/committee/items/{pk}/">{link}</a></div>'
    '</div><div class="card-body"><details open>…</details>'
)


def test_each_decided_item_shows_its_decision_and_votes(board, open_meeting, client_for):
    """An approval with its terms and conditions (escaped), a rejection with its reason and
    explanation, a deferral with its questions; each with its number, link and votes."""
    approved = _decided(
        board,
        open_meeting,
        Outcome.APPROVE,
        support_kind=SupportKind.INSTALMENTS,
        amount=1500,
        instalments=3,
        conditions="تقديم فاتورة <الإيجار>",
    )
    rejected = _decided(
        board,
        open_meeting,
        Outcome.REJECT,
        rejection_reason=rejection_reason("income_enough"),
        reason_text="الدخل يكفي",
    )
    deferred = _decided(board, open_meeting, Outcome.DEFER, questions="ما عدد الأبناء؟")
    client = client_for(board.m1)
    url = f"/committee/meetings/{open_meeting.number}/"
    arabic = [_outside_the_file(a) for a in _articles(client.get(url).content.decode())]
    english = [_outside_the_file(a) for a in _articles(client.get(f"/en{url}").content.decode())]

    def header(item, n, badge, language):
        words = {
            "ar": ("", "إعانة مالية للمعلمين", "الآراء والقرار"),
            "en": ("/en", "Financial aid for teachers", "Votes and decision"),
        }[language]
        return HEADER.format(
            pk=item.pk,
            n=n,
            reference=item.request.reference,
            prefix=words[0],
            service=words[1],
            link=words[2],
            badge=badge,
        )

    rejected_badge = '<span class="badge text-bg-danger">مرفوض</span>'
    assert arabic[1] == header(rejected, 2, rejected_badge, "ar") + (
        '<p class="small mb-0 mt-2">رأيان مسجلان</p><div class="small">'
        f'{rejected_badge}<div class="mt-1">الدخل كاف بحسب دراسة الحالة:<bdi>الدخل يكفي</bdi>'
        "</div></div></div></article>"
    )
    deferred_badge = '<span class="badge text-bg-warning">مؤجل وأعيد إلى البحث</span>'
    assert arabic[2] == header(deferred, 3, deferred_badge, "ar") + (
        '<p class="small mb-0 mt-2">رأيان مسجلان</p><div class="small">'
        f'{deferred_badge}<div class="mt-1">أسئلة للباحث الاجتماعي: ما عدد الأبناء؟</div>'
        "</div></div></article>"
    )
    approved_badge = '<span class="badge text-bg-success">Approved</span>'
    assert english[0] == header(approved, 1, approved_badge, "en") + (
        '<p class="small mb-0 mt-2">2 votes recorded</p><div class="small">'
        f'{approved_badge}<div class="mt-1">Financial aid in instalments — '
        "\u20661,500.00\u2069 SAR — in 3 instalments</div>"
        "<div>Conditions:<bdi>تقديم فاتورة &lt;الإيجار&gt;</bdi></div></div></div></article>"
    )


def test_an_undecided_item_shows_its_days_left_and_no_vote(board, open_meeting, client_for):
    item = on_agenda(open_meeting, board.chair, days_left=3)
    html = client_for(board.m1).get(f"/committee/meetings/{open_meeting.number}/")
    (article,) = _articles(html.content.decode())
    assert re.fullmatch(
        re.escape(
            f'<article class="card mb-3" aria-labelledby="item-{item.pk}"><div class="card-header'
            ' d-flex flex-wrap justify-content-between align-items-center gap-2"><h3 '
            f'class="h6 mb-0" id="item-{item.pk}">1.<span dir="ltr">{item.request.reference}'
            "</span>—<bdi>محمد عبدالله سالم الحربي</bdi>— إعانة مالية للمعلمين</h3>"
            '<div class="d-flex flex-wrap align-items-center gap-2">'
            '<span class="badge text-bg-warning" title="'
        )
        + '[^"]+'
        + re.escape(
            '">بقيت 3 أيام</span><a class="btn btn-sm btn-primary" '
            f'href="/committee/items/{item.pk}/">الآراء والقرار</a></div></div>'
            '<div class="card-body"><details open><summary class="mb-2">الملف</summary>'
        )
        + ".*"
        + re.escape('</details><p class="small mb-0 mt-2">0 رأي مسجل</p></div></article>'),
        article,
    )
