"""The reports read the filter form's list of services with their own statements
(`surveys.reports._catalogue_statement`): every service in the model's order by SQL made once
per process, any other list of services by its own SQL."""

import pytest
from django.db.models import Q

from requests.models import Service
from surveys import reports

pytestmark = pytest.mark.django_db


def test_every_service_is_read_by_the_sql_made_once():
    every = Service.objects.all()
    sql, params = reports._catalogue_statement(every)
    assert (sql, tuple(params)) == every.query.sql_with_params()
    assert (sql, params) == reports._whole_catalogue()[1]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Service.objects.filter(is_active=True),
        lambda: Service.objects.filter(Q(code__startswith="zz")),
        lambda: Service.objects.order_by("-code"),
        lambda: Service.objects.all()[:1],
        lambda: Service.objects.distinct(),
        lambda: Service.objects.filter(pk__in=Service.objects.filter(is_active=False)),
    ],
)
def test_any_other_list_of_services_is_read_by_its_own_sql(make):
    other = make()
    sql, params = reports._catalogue_statement(other)
    assert (sql, tuple(params)) == other.query.sql_with_params()
    assert sql != reports._whole_catalogue()[1][0]


def test_the_report_filter_forms_list_is_read_by_the_sql_made_once():
    """The reports page's own list (the filter form's services) is not compiled for the page:
    its statement is the one made once, the SQL the ORM would send."""
    from surveys.forms import ReportFilterForm

    services = ReportFilterForm().fields["service"].queryset
    statement = reports._catalogue_statement(services)
    assert services.query.alias_map == {}  # not compiled
    assert statement == reports._whole_catalogue()[1]
    assert (statement[0], tuple(statement[1])) == services.query.sql_with_params()
