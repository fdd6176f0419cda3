"""The database keeps its own rules: a value outside an enum, a negative amount, written
around the forms and services with QuerySet.update, is refused by PostgreSQL itself."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from beneficiaries.models import Beneficiary, Document, HouseholdMember, IncomeSource
from makin.models import Delivery, Notification, User
from requests.models import ContactLog, ResearchReport, Service, StatusChange, SupportRequest
from surveys.models import Feedback
from tests.factories import (
    ContactLogFactory,
    DocumentFactory,
    FileFactory,
    HouseholdMemberFactory,
    ResearchReportFactory,
    ServiceFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(applicant):
    request = SupportRequestFactory()
    StatusChange.objects.create(request=request, from_status="draft", to_status="submitted")
    ResearchReportFactory(request=request)
    ContactLogFactory()
    beneficiary = FileFactory()
    IncomeSource.objects.create(beneficiary=beneficiary, source="عمل", monthly_amount=100)
    HouseholdMemberFactory(beneficiary=beneficiary)
    DocumentFactory(beneficiary=beneficiary)
    ServiceFactory()
    notification = Notification.objects.create(
        user=applicant, event="e", key="k", language="ar", subject="s", body="b"
    )
    Delivery.objects.create(notification=notification, medium="sms", address="+966", text="t")
    Feedback.objects.create(reference="F-1", kind="complaint", subject="تأخر", body="شكوى")


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (SupportRequest, {"status": "approvedd"}),
        (SupportRequest, {"status": ""}),
        (SupportRequest, {"channel": "fax"}),
        (SupportRequest, {"amount_requested": Decimal("-1")}),
        (StatusChange, {"to_status": "closed!"}),
        (StatusChange, {"from_status": "nowhere"}),
        (ResearchReport, {"recommendation": "yes"}),
        (ResearchReport, {"visit_kind": "remote"}),
        (ResearchReport, {"proposed_amount": Decimal("-5")}),
        (ContactLog, {"channel": "pigeon"}),
        (ContactLog, {"kind": "gossip"}),
        (Service, {"max_amount": Decimal("-100")}),
        (Beneficiary, {"gender": "x"}),
        (Beneficiary, {"housing": "castle"}),
        (Beneficiary, {"registered_via": "fax"}),
        (Beneficiary, {"rent_amount": Decimal("-1")}),
        (IncomeSource, {"monthly_amount": Decimal("-0.5")}),
        (HouseholdMember, {"relation": "cousin2"}),
        (HouseholdMember, {"monthly_income": Decimal("-1")}),
        (Document, {"status": "approved"}),
        (Delivery, {"state": "lost"}),
        (Delivery, {"medium": "fax"}),
        (User, {"language": "fr"}),
        (Feedback, {"status": "ignored"}),
        (Feedback, {"channel": "fax"}),
    ],
)
def test_a_bad_value_written_around_the_services_is_refused(rows, model, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**values)


def test_every_choice_field_of_the_portal_has_its_check_in_the_database():
    """A field added with choices and no migration for its check fails here."""
    missing = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label not in {
                "beneficiaries",
                "committee",
                "makin",
                "requests",
                "surveys",
            } or model.__name__.startswith("Historical"):
                continue
            table = model._meta.db_table
            checks = {
                name
                for name, info in connection.introspection.get_constraints(cursor, table).items()
                if info["check"]
            }
            for field in model._meta.local_fields:
                name = f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_valid"
                if field.choices and name not in checks:
                    missing.append(name)
    assert missing == []
