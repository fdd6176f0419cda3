from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from makin.admin import CalendarDatesAdmin

from .models import ContactLog, Referral, ResearchReport, Service, StaffTool, SupportRequest


@admin.register(Service)
class ServiceAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    list_display = ("name_ar", "name_en", "code", "needs_committee", "is_active")
    filter_horizontal = ("required_document_kinds",)


@admin.register(StaffTool)
class StaffToolAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    list_display = ("name_ar", "kind", "is_public", "is_active")


@admin.register(SupportRequest)
class SupportRequestAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    """Read-only: statuses change only through the portal's actions."""

    list_display = ("reference", "beneficiary", "service", "status", "channel", "decision_due")
    list_filter = ("status", "service", "channel")
    search_fields = ("reference", "beneficiary__national_id")
    list_select_related = ("beneficiary", "service")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContactLog, Referral, ResearchReport)
class ReadOnlyAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
