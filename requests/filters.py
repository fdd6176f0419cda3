"""The staff queues' filters: status, service, channel, dates, due, and a search box."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from makin.channels import Channel
from makin.validators import western_digits

from .deadlines import NEAR_DUE_DAYS, WAITING_FOR_DECISION, DueState
from .models import ContactKind, ContactLog, Service, Status, SupportRequest

# "Near" takes in the requests due today.
DUE_CHOICES = [(s.value, s.label) for s in (DueState.OVERDUE, DueState.NEAR, DueState.OK)]
ALL = _("All")
DATE = forms.DateInput(attrs={"type": "date", "dir": "ltr"})


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=ALL,
        choices=[c for c in Status.choices if c[0] != Status.DRAFT],
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"), empty_label=ALL, queryset=Service.objects.all()
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), empty_label=ALL, choices=Channel.choices
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="date__gte", widget=DATE
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted until"), field_name="submitted_at", lookup_expr="date__lte", widget=DATE
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"), empty_label=ALL, choices=DUE_CHOICES, method="filter_due"
    )

    class Meta:
        model = SupportRequest
        fields = ["q", "status", "service", "channel", "submitted_from", "submitted_to", "due"]

    def search(self, queryset, name, value):
        value = western_digits(value).strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(beneficiary__national_id=value)
            | Q(beneficiary__mobile__contains=value.lstrip("0"))
            | Q(beneficiary__first_name__icontains=value)
            | Q(beneficiary__family_name__icontains=value)
        )

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        waiting = queryset.filter(status__in=WAITING_FOR_DECISION, decision_due__isnull=False)
        near = today + datetime.timedelta(days=NEAR_DUE_DAYS)
        if value == DueState.OVERDUE:
            return waiting.filter(decision_due__lt=today)
        if value == DueState.NEAR:
            return waiting.filter(decision_due__gte=today, decision_due__lte=near)
        return waiting.filter(decision_due__gt=near)


class ContactFilter(django_filters.FilterSet):
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), empty_label=ALL, choices=Channel.choices
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of contact"), empty_label=ALL, choices=ContactKind.choices
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="created_at", lookup_expr="date__lte", widget=DATE
    )
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
