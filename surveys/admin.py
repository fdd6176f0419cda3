from django.contrib import admin

from makin.admin import CalendarDatesAdmin, ReadOnlyMixin

from .models import Feedback, Invitation, Survey, SurveyVersion


@admin.register(Survey)
class SurveyAdmin(CalendarDatesAdmin, admin.ModelAdmin):
    list_display = ("name_ar", "name_en", "is_active")


@admin.register(SurveyVersion)
class SurveyVersionAdmin(CalendarDatesAdmin, admin.ModelAdmin):
    list_display = ("survey", "number", "published_at")
    readonly_fields = ("published_at",)


@admin.register(Invitation)
class InvitationAdmin(CalendarDatesAdmin, admin.ModelAdmin):
    list_display = ("beneficiary", "channel", "created_at", "answered_at")
    list_select_related = ("beneficiary",)
    exclude = ("nonce",)
    readonly_fields = ("created_at", "answered_at", "reminded_at")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyMixin, CalendarDatesAdmin, admin.ModelAdmin):
    """Read-only: a complaint moves only through `feedback_transition`, which keeps its history;
    nor is it deleted here."""

    list_display = ("reference", "kind", "subject", "status", "created_at", "resolved_at")
    list_filter = ("kind", "status")
    exclude = ("source_key",)
