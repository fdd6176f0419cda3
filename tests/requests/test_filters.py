"""The queues' filter sets: each request gets its own copies of the filters and a form of its
own fields, without django-filter's deep copies, and nothing a page changes reaches the next."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from makin.roles import Role
from requests.filters import ContactFilter, RequestFilter
from requests.models import Status, SupportRequest
from tests.factories import ServiceFactory, signed_request, staff

pytestmark = pytest.mark.django_db


def _filter(user, query="", **kwargs):
    request = RequestFactory().get(f"/staff/requests/?{query}")
    request.user = user
    return RequestFilter(
        request.GET, queryset=SupportRequest.objects.all(), request=request, **kwargs
    )


def test_a_page_that_changes_its_filters_leaves_the_next_page_as_declared():
    researcher = staff(Role.RESEARCHER)
    assert str(_filter(researcher, open_by_default=True).form.fields["status"].empty_label) == (
        "الطلبات المفتوحة"
    )
    assert str(_filter(researcher).form.fields["status"].empty_label) == "الكل"
    assert str(RequestFilter.base_filters["status"].extra["empty_label"]) == "الكل"


def test_a_filter_the_role_lacks_is_left_out_of_that_page_only():
    assert "mine" not in _filter(staff(Role.RECEPTION)).form.fields
    assert "mine" in _filter(staff(Role.RESEARCHER)).form.fields
    assert "mine" in RequestFilter.base_filters


def test_each_filter_set_has_its_own_fields_and_filters():
    user = staff(Role.RECEPTION)
    first, second = _filter(user), _filter(user)
    assert first.form.fields["service"] is not second.form.fields["service"]
    assert first.filters["status"] is not second.filters["status"]
    assert first.filters["q"].filter.f is first.filters["q"]
    assert first.filters["q"].parent is first
    assert list(first.form.fields) == [
        "q",
        "status",
        "service",
        "channel",
        "submitted_from",
        "submitted_to",
        "due",
        "order",
    ]


def test_the_filters_filter_by_their_method_and_their_field():
    user = staff(Role.RESEARCHER)
    service = ServiceFactory()
    mine = signed_request(status=Status.IN_RESEARCH, researcher=user, service=service)
    signed_request(status=Status.IN_RESEARCH)
    signed_request(status=Status.SUBMITTED, service=service)
    assert list(_filter(user, "mine=on").qs) == [mine]
    assert list(_filter(user, f"service={service.pk}&status=in_research").qs) == [mine]


def test_bad_input_is_refused_with_arabic_errors():
    filterset = _filter(staff(Role.RECEPTION), "status=bogus&submitted_from=zz&service=999999")
    assert filterset.is_valid() is False
    assert filterset.errors["status"] == ["انتق خياراً صحيحاً. bogus ليس أحد الخيارات المتاحة."]
    assert "submitted_from" in filterset.errors
    assert "service" in filterset.errors


def test_an_unbound_filter_set_has_an_unbound_form():
    filterset = ContactFilter(None, queryset=None)
    assert filterset.is_bound is False
    assert filterset.form.is_bound is False
    assert filterset.form.data == {}
    assert isinstance(filterset.data, QueryDict)
