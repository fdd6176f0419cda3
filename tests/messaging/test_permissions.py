"""Who may open the inbox pages and act on a message: reception and managers; everyone else is
sent to log in (anonymous) or refused (403). The webhooks need no login: they check the
provider's signature instead (tests/messaging/test_hooks.py)."""

import pytest
from django.urls import reverse

from makin.roles import Role
from messaging.models import InboundMessage

ANON = None
STATUS = {
    ANON: 302,
    Role.APPLICANT: 403,
    Role.RECEPTION: 200,
    Role.RESEARCHER: 403,
    Role.COMMITTEE: 403,
    Role.MANAGER: 200,
    Role.ADMIN: 403,
}


@pytest.fixture
def message(db):
    return InboundMessage.objects.create(
        provider="taqnyat", provider_message_id="1", sender="+966551234567", text="السلام عليكم"
    )


@pytest.mark.parametrize("role", list(STATUS))
@pytest.mark.parametrize("name", ["messaging:inbox", "messaging:detail"])
def test_who_opens_the_inbox_pages(client_for, users_by_role, message, role, name):
    kwargs = {"pk": message.pk} if name == "messaging:detail" else {}
    response = client_for(users_by_role.get(role)).get(reverse(name, kwargs=kwargs))
    assert response.status_code == STATUS[role]


DESK_ACTS = {**STATUS, Role.RECEPTION: 302, Role.MANAGER: 302}
# The attach form names no existing file here, so the desk gets the form back with its error.
DESK_FORM_ERROR = {**STATUS, Role.RECEPTION: 400, Role.MANAGER: 400}
ACTIONS = [
    ("messaging:read", {}, DESK_ACTS),
    ("messaging:discard", {}, DESK_ACTS),
    ("messaging:reply", {"text": "وعليكم السلام"}, DESK_ACTS),
    ("messaging:attach", {"national_id": "1000000008"}, DESK_FORM_ERROR),
]


@pytest.mark.parametrize("role", list(STATUS))
@pytest.mark.parametrize(("name", "data", "expected"), ACTIONS)
def test_who_acts_on_a_message(client_for, users_by_role, message, role, name, data, expected):
    client = client_for(users_by_role.get(role))
    response = client.post(reverse(name, kwargs={"pk": message.pk}), data)
    assert response.status_code == expected[role]
    if role not in (Role.RECEPTION, Role.MANAGER):
        assert InboundMessage.objects.get().state == "unread"  # refused: untouched


def test_an_unknown_message_is_not_found(client_for, users_by_role, db):
    response = client_for(users_by_role[Role.RECEPTION]).get(
        reverse("messaging:detail", kwargs={"pk": 999})
    )
    assert response.status_code == 404
