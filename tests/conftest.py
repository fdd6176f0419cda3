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
