"""A saved move stays a success: a `request_moved` receiver that fails after the commit is
logged and tried again; the person who moved the request sees their action done."""

import logging

import pytest
from django.urls import reverse

from requests.models import Status, StatusChange
from requests.signals import request_moved
from tests.factories import ApplicantFactory, BeneficiaryFactory, signed_request

pytestmark = pytest.mark.django_db

CALLS = []


def flaky_hook(sender, *, request, source, target, actor, **kwargs):
    """Fails the first time it is called for a request, works the second."""
    CALLS.append((request.reference, str(source), str(target)))
    if len(CALLS) == 1:
        raise ConnectionError("the survey service is down")


def broken_hook(sender, *, request, source, target, actor, **kwargs):
    CALLS.append((request.reference, "broken"))
    raise ConnectionError("always down")


@pytest.fixture
def hook():
    CALLS.clear()
    request_moved.connect(flaky_hook, dispatch_uid="tests.flaky_hook")
    yield
    request_moved.disconnect(dispatch_uid="tests.flaky_hook")


@pytest.fixture
def owner():
    applicant = ApplicantFactory(email="owner@example.com")
    BeneficiaryFactory(owner=applicant)
    return applicant


def test_a_failing_hook_is_logged_and_retried_and_the_move_stays_saved(
    hook, owner, client_for, caplog, django_capture_on_commit_callbacks
):
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    with (
        caplog.at_level(logging.ERROR, logger="requests.signals"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(owner).post(
            reverse("requests:withdraw", args=[req.reference]), {"expected": "submitted"}
        )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN
    assert StatusChange.objects.filter(request=req, to_status=Status.WITHDRAWN).count() == 1
    # Called, failed, logged, called again by the retry task, which succeeded.
    assert [
        (req.reference, "submitted", "withdrawn"),
        (req.reference, "submitted", "withdrawn"),
    ] == CALLS
    assert [r.getMessage() for r in caplog.records if r.name == "requests.signals"] == [
        "After-move hook tests.requests.test_after_commit.flaky_hook failed for request "
        f"{req.reference} (submitted -> withdrawn); it will be tried again"
    ]


def test_a_hook_that_keeps_failing_gives_up_in_the_log_not_in_the_page(
    owner, client_for, caplog, django_capture_on_commit_callbacks
):
    CALLS.clear()
    request_moved.connect(broken_hook, dispatch_uid="tests.broken_hook")
    req = signed_request(beneficiary=owner.beneficiary, status=Status.SUBMITTED)
    try:
        with (
            caplog.at_level(logging.ERROR),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client_for(owner).post(
                reverse("requests:withdraw", args=[req.reference]), {"expected": "submitted"}
            )
    finally:
        request_moved.disconnect(dispatch_uid="tests.broken_hook")
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.WITHDRAWN
    assert [(req.reference, "broken"), (req.reference, "broken")] == CALLS
    assert (
        f"After-move hook tests.requests.test_after_commit.broken_hook gave up for request {req.pk}"
    ) in [r.getMessage() for r in caplog.records]
