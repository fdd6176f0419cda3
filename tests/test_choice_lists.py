"""Choice lists read from the database come from one plain query, never through a server-side
cursor (whose plan, made for the first rows, walked a 270k-row index for the agenda's
candidates: 310–515 ms instead of 4–5 ms)."""

import pytest
from django.db import connection
from django.urls import reverse

from makin.roles import Role
from requests.models import Status
from tests.factories import ServiceFactory, SupportRequestFactory, staff

pytestmark = pytest.mark.django_db


class Cursors:
    """The kind of every cursor a query runs on: psycopg names a server-side one."""

    def __init__(self):
        self.named = []
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        name = getattr(context["cursor"].cursor, "name", None)
        if name:
            self.named.append(sql)
        return execute(sql, params, many, context)


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (Role.RECEPTION, "queue"),
        (Role.RESEARCHER, "research_queue"),
        (Role.MANAGER, "reports"),
        (Role.MANAGER, "assign"),
    ],
)
def test_pages_with_choice_lists_use_no_server_side_cursor(client_for, role, page):
    ServiceFactory(name_ar="إعانة")
    ServiceFactory(name_ar="دورات")
    req = SupportRequestFactory(status=Status.VERIFIED)
    staff(Role.RESEARCHER, first_name="سلمان")
    url = {
        "queue": reverse("requests:queue"),
        "research_queue": reverse("requests:research_queue"),
        "reports": reverse("surveys:report"),
        "assign": reverse("requests:assign", args=[req.reference]),
    }[page]
    client = client_for(staff(role))
    cursors = Cursors()
    with connection.execute_wrapper(cursors):
        response = client.get(url)
    assert response.status_code == 200
    # The service list of the filters, the researchers to assign a request to.
    assert ("سلمان" if page == "assign" else "دورات") in response.content.decode()
    assert cursors.queries > 0
    assert cursors.named == []
