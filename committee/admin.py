from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from makin.admin import CalendarDatesAdmin, ReadOnlyMixin

from .models import CommitteeMember, Decision, Meeting, RejectionReason


@admin.register(RejectionReason)
class RejectionReasonAdmin(CalendarDatesAdmin, admin.ModelAdmin):
    list_display = ("name_ar", "name_en", "code", "is_active")
    list_filter = ("is_active",)


# Read-only views for the record; every change goes through the portal's pages and services.
class ReadOnlyAdmin(ReadOnlyMixin, CalendarDatesAdmin, SimpleHistoryAdmin):
    pass


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ReadOnlyAdmin):
    list_display = ("user", "is_chair", "term_start", "term_end", "is_active")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("number", "starts_at", "status")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("item", "outcome", "decided_by", "decided_at", "within_deadline")
