"""The database refuses a committee value the code does not know, even from QuerySet.update."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from committee import services
from committee.models import Decision, Meeting, Opinion, Outcome, SupportKind, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(board, item):
    services.vote_cast(item=item, actor=board.m1, opinion=Opinion.APPROVE)
    return services.decision_record(
        item=item,
        outcome=Outcome.APPROVE,
        actor=board.chair,
        support_kind=SupportKind.INSTALMENTS,
        amount=Decimal("3000"),
        instalments=3,
    )


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Meeting, {"status": "cancelled"}),
        (Meeting, {"status": ""}),
        (Meeting, {"mode": "by_fax"}),
        (Vote, {"opinion": "maybe"}),
        (Decision, {"outcome": "approved"}),
        (Decision, {"support_kind": "gold"}),
        (Decision, {"amount": Decimal("-0.01")}),
        (Decision, {"instalments": 1}),
        (Decision, {"instalments": 61}),
        (Decision, {"duration_months": 0}),
        (Decision, {"duration_months": 121}),
    ],
)
def test_a_bad_value_written_around_the_services_is_refused(decided, model, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**values)


def test_the_limits_themselves_are_allowed(decided):
    assert Decision.objects.update(instalments=60, duration_months=120, amount=0) == 1
    assert Decision.objects.update(instalments=None, duration_months=None, amount=None) == 1
