"""The staff queues' filters: status, service, channel, dates, due, "assigned to me", the
order, and a search box (reference, ID number, mobile or Arabic name, as the file search)."""

import copy
import datetime
import functools

import django_filters
import django_filters.constants
import django_filters.fields
from django import forms
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from beneficiaries.selectors import beneficiary_search
from makin.bilingual import in_language
from makin.channels import Channel
from makin.forms import CalendarDateField, PlainChoiceIterator
from makin.rules import holds
from makin.validators import western_digits

from .deadlines import NEAR_DUE_DAYS, WAITING_FOR_DECISION, DueState
from .models import ContactKind, ContactLog, Service, Status, SupportRequest
from .selectors import assigned_to

# "Near" takes in the requests due today.
DUE_CHOICES = [(s.value, s.label) for s in (DueState.OVERDUE, DueState.NEAR, DueState.OK)]
ORDER_CHOICES = [
    ("due", _("Answer due (overdue first)")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
]
ALL = _("All")


class CalendarDateFilter(django_filters.DateFilter):
    """A date filter typed in Hijri or Gregorian, like every date field of the portal."""

    field_class = CalendarDateField


@functools.cache
def _services_sql() -> str:
    sql, params = (
        Service.objects.order_by("pk")
        .values_list("pk", "name_ar", "name_en")
        .query.sql_with_params()
    )
    if params:
        raise ValueError(params)
    return sql


def services_statement() -> tuple[str, list]:
    """The service filter's list (key, Arabic and English names) as a statement a page may read
    with its own query (`makin.keyset.keyset_rows(along=…)`), then give to the filter set
    (`RequestFilter.services_read`)."""
    return _services_sql(), []


class _ServiceIterator(PlainChoiceIterator):
    """The services, each named in the page's language as `Service.__str__` names it, read on
    every drawing by SQL compiled once per process (compiling the ORM's query and making a
    model per service cost more than reading them), unless the page read them with its own
    query for this request (`services_read`)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        services = getattr(self.field, "services_read", None)
        if services is None:
            with connection.cursor() as cursor:
                cursor.execute(_services_sql())
                services = cursor.fetchall()
        for pk, name_ar, name_en in services:
            yield (pk, in_language(name_ar, name_en))


class _ServiceChoices(django_filters.fields.ModelChoiceIterator, _ServiceIterator):
    """django-filter's choices (its "none" choice) of `_ServiceIterator`."""


class _ServiceFilterField(django_filters.fields.ModelChoiceField):
    iterator = _ServiceChoices


class ServiceFilter(django_filters.ModelChoiceFilter):
    """A filter by service (`Service`): a choice is checked against the services as any
    model choice is, the list drawn from the services' keys and names alone."""

    field_class = _ServiceFilterField


@functools.lru_cache(maxsize=64)
def _choices_in(filterset, name: str, language: str | None) -> tuple:
    """A choice filter's choices, their labels as words of `language`."""
    return tuple(
        (value, str(label)) for value, label in filterset.base_filters[name].extra["choices"]
    )


class LeanFilterSet(django_filters.FilterSet):
    """A filter set that copies its filters and builds its form without deep copies:
    django-filter deep-copies every filter (choices, querysets, labels) and then the form
    deep-copies every field it has just made, on every request. Each filter here is copied
    with its own `extra` (which a page may change), and the form is given the fields made for
    it alone."""

    # Choice filters whose choices are read as words once per process and language (a lazy
    # label is translated anew each time a form draws it).
    translated_choices: tuple = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__, but for the copies of the filters.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: self._copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
        language = translation.get_language()
        for name in self.translated_choices:
            extra = self.filters[name].extra
            extra["choices"] = _choices_in(type(self), name, language)
            if extra.get("empty_label") is not None:
                extra["empty_label"] = str(extra["empty_label"])

    @staticmethod
    def _copy(filter_):
        copied = copy.copy(filter_)
        copied.__dict__.pop("_field", None)
        copied.extra = dict(filter_.extra)
        if filter_.method is not None:
            copied.method = filter_.method  # a FilterMethod of the copy, not of the original
        return copied

    def narrowing(self) -> dict:
        """The filters the form's valid input gives a value, in the form's order, with their
        values: what `filter_queryset` applies."""
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in django_filters.constants.EMPTY_VALUES
        }

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = self._meta.form(self.data if self.is_bound else None, prefix=self.form_prefix)
            form.fields.update((name, f.field) for name, f in self.filters.items())
            self._form = form
        return self._form


class RequestFilter(LeanFilterSet):
    translated_choices = ("status", "channel", "due", "order")
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=ALL,
        choices=[c for c in Status.choices if c[0] != Status.DRAFT],
    )
    service = ServiceFilter(label=_("Service"), empty_label=ALL, queryset=Service.objects.all())
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), empty_label=ALL, choices=Channel.choices
    )
    submitted_from = CalendarDateFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="date__gte"
    )
    submitted_to = CalendarDateFilter(
        label=_("Submitted until"), field_name="submitted_at", lookup_expr="date__lte"
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"), empty_label=ALL, choices=DUE_CHOICES, method="filter_due"
    )
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), widget=forms.CheckboxInput, method="filter_mine"
    )
    # The order is applied by the page (keyset pagination); here it is only a field of the form.
    order = django_filters.ChoiceFilter(
        label=_("Order"), empty_label=None, choices=ORDER_CHOICES, method="keep"
    )

    class Meta:
        model = SupportRequest
        fields = [
            "q",
            "status",
            "service",
            "channel",
            "submitted_from",
            "submitted_to",
            "due",
            "mine",
            "order",
        ]

    def __init__(self, *args, open_by_default: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if not holds(user, "requests.view_research_queue"):
            del self.filters["mine"]
        if open_by_default:
            self.filters["status"].extra["empty_label"] = str(_("Open requests"))

    def services_read(self, rows: list) -> None:
        """The service filter's list as the page read it (`services_statement`'s rows), for
        this request's form."""
        self.form.fields["service"].services_read = rows

    @property
    def chosen_order(self) -> str:
        chosen = self.form.cleaned_data.get("order") if self.form.is_valid() else None
        return chosen or "due"

    def keep(self, queryset, name, value):
        return queryset

    def filter_mine(self, queryset, name, value):
        return assigned_to(queryset, self.request.user.pk) if value else queryset

    def search(self, queryset, name, value):
        """A reference number (or part of it), or the beneficiary as the file search finds
        them: ID number, mobile in any spelling, or the Arabic name normalised."""
        value = western_digits(value).strip()
        if not value:
            return queryset
        by_reference = Q(reference__contains=value.upper())
        if value.isascii() and not value.replace(" ", "").lstrip("+").isdigit():
            return queryset.filter(by_reference)
        files = beneficiary_search(query=value).order_by().values("pk")
        return queryset.filter(by_reference | Q(beneficiary__in=files))

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        waiting = queryset.filter(status__in=WAITING_FOR_DECISION, decision_due__isnull=False)
        near = today + datetime.timedelta(days=NEAR_DUE_DAYS)
        if value == DueState.OVERDUE:
            return waiting.filter(decision_due__lt=today)
        if value == DueState.NEAR:
            return waiting.filter(decision_due__gte=today, decision_due__lte=near)
        return waiting.filter(decision_due__gt=near)


class ContactFilter(LeanFilterSet):
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), empty_label=ALL, choices=Channel.choices
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of contact"), empty_label=ALL, choices=ContactKind.choices
    )
    date_from = CalendarDateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte"
    )
    date_to = CalendarDateFilter(label=_("Until"), field_name="created_at", lookup_expr="date__lte")
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = ContactLog
        fields = ["q", "channel", "kind", "date_from", "date_to"]

    def search(self, queryset, name, value):
        value = western_digits(value).strip()
        return queryset.filter(
            Q(summary__icontains=value)
            | Q(visitor_name__icontains=value)
            | Q(beneficiary__national_id=value)
            | Q(request__reference__icontains=value)
        )
