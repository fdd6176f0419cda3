"""The queues' filter choices are translated once per process and language
(`LeanFilterSet.translated_choices`): each page still shows its own language's words, whatever
language the page before it was in."""

import re

import pytest
from django.urls import reverse

from makin.roles import Role
from requests.models import Status
from tests.factories import signed_request, staff

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


def test_the_service_filter_lists_the_services_as_they_are_now(client_for):
    """Read on every page (by SQL compiled once): a service added or renamed shows at once,
    each named in the page's language (the Arabic name when it has no English one)."""
    from requests.models import Service
    from tests.factories import ServiceFactory

    first = ServiceFactory(code="first", name_ar="إعانة دراسية", name_en="Study grant")
    client = client_for(staff(Role.RECEPTION))
    url = reverse("requests:queue")
    before = [s.name_ar for s in Service.objects.order_by("pk")]
    assert _options(client.get(url).content.decode(), "service") == ["الكل", *before]
    ServiceFactory(code="second", name_ar="سلة غذائية", name_en="")
    Service.objects.filter(pk=first.pk).update(name_en="Study support")
    arabic = _options(client.get(url).content.decode(), "service")
    english = _options(client.get("/en" + url).content.decode(), "service")
    assert (arabic[0], *arabic[-2:]) == ("الكل", "إعانة دراسية", "سلة غذائية")
    assert (english[0], *english[-2:]) == ("All", "Study support", "سلة غذائية")


def test_a_service_that_does_not_exist_is_refused_in_arabic(client_for):
    """The choice is checked against the services (the model choice's own check): a clear
    Arabic error, and the queue not narrowed by it."""
    request = signed_request(status=Status.SUBMITTED)
    client = client_for(staff(Role.RECEPTION))
    page = client.get(reverse("requests:queue"), {"service": "999999"}).content.decode()
    assert "انتق خياراً صحيحاً. اختيارك ليس أحد الخيارات المتاحة." in page
    assert request.reference in page


def test_a_search_read_by_the_orm_still_lists_the_services(client_for):
    """A search goes through the ORM (not the page's compiled SQL): the filter reads its
    services itself."""
    from tests.factories import ServiceFactory

    ServiceFactory(code="third", name_ar="كفالة معلم", name_en="Teacher sponsorship")
    client = client_for(staff(Role.RECEPTION))
    options = _options(client.get(reverse("requests:queue") + "?q=MK").content.decode(), "service")
    assert options[0] == "الكل"
    assert options[-1] == "كفالة معلم"


def test_a_filter_sets_words_are_drawn_as_django_filter_gives_them():
    """The status filter's words (`translated_choices`, a list already normalised) are read
    without normalising them again: the empty choice first, then the list, the chosen one
    marked."""
    from django.http import QueryDict

    from makin.forms import FilterChoiceIterator, filter_field_html
    from requests.filters import RequestFilter

    form = RequestFilter(QueryDict("status=verified")).form
    assert isinstance(form.fields["status"].widget.choices, FilterChoiceIterator)
    html = re.sub(r"\s+", " ", str(filter_field_html(form["status"])))
    assert '<option value="">الكل</option> <option value="submitted">' in html
    assert '<option value="verified" selected>تم التحقق</option>' in html
    assert html.count(" selected") == 1
