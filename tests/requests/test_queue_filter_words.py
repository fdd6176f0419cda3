"""The queues' filter choices are translated once per process and language
(`LeanFilterSet.translated_choices`): each page still shows its own language's words, whatever
language the page before it was in."""

import re

import pytest
from django.urls import reverse

from makin.roles import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.mark.parametrize(
    ("name", "role", "status_first"),
    [
        ("requests:queue", Role.RECEPTION, ("الكل", "All")),
        ("requests:research_queue", Role.RESEARCHER, ("الطلبات المفتوحة", "Open requests")),
    ],
)
def test_filter_choices_are_in_each_pages_language(client_for, name, role, status_first):
    client = client_for(staff(role))
    url = reverse(name)
    pages = [client.get(u).content.decode() for u in (url, "/en" + url, url, "/en" + url)]
    for html, arabic in zip(pages, (True, False, True, False), strict=True):
        status, channel, order = (_options(html, n) for n in ("status", "channel", "order"))
        assert status[0] == status_first[0 if arabic else 1]
        assert ("تم التحقق" if arabic else "Verified") in status
        assert ("الهاتف" if arabic else "Phone") in channel
        assert ("الأحدث أولًا" if arabic else "Newest first") in order
