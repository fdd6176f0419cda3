import os
from contextlib import contextmanager

import pytest

from makin.roles import Role
from tests import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are safe (one thread, one connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def applicant(db):
    return factories.ApplicantFactory()


@pytest.fixture
def other_applicant(db):
    return factories.ApplicantFactory()


@pytest.fixture
def users_by_role(db):
    """One user per role; the key None is the anonymous visitor."""
    users = {role: factories.staff(role) for role in Role if role != Role.APPLICANT}
    users[Role.APPLICANT] = factories.ApplicantFactory()
    return users


@pytest.fixture
def client_for(client):
    """A client logged in as the given user (or anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="makin.backends.IdentifierBackend")
        return client

    return make


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_log_in(request, monkeypatch):
    """`client.force_login` gives a fully signed-in session, second factor included, so tests of
    pages need not type codes. Tests marked `second_factor` get Django's own force_login, which
    leaves a staff session waiting for its code, as a password-only log-in does."""
    if request.node.get_closest_marker("second_factor"):
        return
    from django.test import Client

    from makin.second_factor import SESSION_KEY, VERIFIED

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[SESSION_KEY] = VERIFIED
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """Each test starts in Arabic, the portal's language, whatever the test before it did."""
    from django.utils import translation

    with translation.override("ar"):
        yield


@pytest.fixture
def django_assert_num_queries():
    """`with django_assert_num_queries(6):` the page runs exactly 6 queries; when the number
    changes, the failure lists every query, numbered (as Zulip's assert_database_query_count
    does), without having to rerun under -v."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def check(expected: int):
        with CaptureQueriesContext(connection) as context:
            yield context
        if len(context) != expected:
            listing = "\n".join(
                f"{n}. {query['sql']}" for n, query in enumerate(context.captured_queries, 1)
            )
            pytest.fail(f"Expected {expected} queries, {len(context)} were run:\n{listing}")

    return check


@pytest.fixture
def providers(settings):
    """The stand-in SMS and WhatsApp providers on 127.0.0.1, with the portal set to use them
    (Taqnyat for SMS, the Cloud API for WhatsApp) and a short timeout for the slow answer."""
    from tests.makin import fake_providers as fake

    server = fake.FakeProviders().start()
    settings.MAKIN_SMS_BACKEND = "makin.sms_gateway.TaqnyatSmsBackend"
    settings.MAKIN_TAQNYAT_BASE_URL = server.url
    settings.MAKIN_TAQNYAT_TOKEN = fake.TAQNYAT_TOKEN
    settings.MAKIN_TAQNYAT_SENDER = "MAKIN"
    settings.MAKIN_TAQNYAT_HOOK_SECRET = "taqnyat-hook-secret"
    settings.MAKIN_WHATSAPP_BACKEND = "makin.whatsapp.CloudApiWhatsAppBackend"
    settings.MAKIN_WHATSAPP_BASE_URL = server.url
    settings.MAKIN_WHATSAPP_PHONE_NUMBER_ID = fake.PHONE_NUMBER_ID
    settings.MAKIN_WHATSAPP_TOKEN = fake.WHATSAPP_TOKEN
    settings.MAKIN_WHATSAPP_APP_SECRET = fake.APP_SECRET
    settings.MAKIN_WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.MAKIN_SMS_TIMEOUT = 0.5
    yield server
    server.stop()
