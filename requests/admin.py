from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from makin.admin import CalendarDatesAdmin, ReadOnlyMixin

from .models import ContactLog, Referral, ResearchReport, Service, StaffTool, SupportRequest


@admin.register(Service)
class ServiceAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    list_display = ("name_ar", "name_en", "code", "needs_committee", "is_active")
    filter_horizontal = ("required_document_kinds",)


@admin.register(StaffTool)
class StaffToolAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    list_display = ("name_ar", "kind", "is_public", "is_active")


@admin.register(ContactLog, Referral, ResearchReport)
class ReadOnlyAdmin(ReadOnlyMixin, CalendarDatesAdmin, SimpleHistoryAdmin):
    pass


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    """Read-only: statuses change only through the portal's actions."""

    list_display = ("reference", "beneficiary", "service", "status", "channel", "decision_due")
    list_filter = ("status", "service", "channel")
    search_fields = ("reference", "beneficiary__national_id")
    list_select_related = ("beneficiary", "service")
