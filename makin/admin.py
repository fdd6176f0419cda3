from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Delivery, Notification, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("national_id", "mobile", "language", "is_committee_chair")}),
    )
    list_display = ("username", "national_id", "first_name", "last_name", "is_active")
    list_filter = ("groups", "is_active", "is_committee_chair")
    search_fields = ("username", "national_id", "first_name", "last_name", "email")


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = (
        "medium",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "delivered_at",
        "last_error",
    )
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "user", "event", "created_at", "read_at")
    list_filter = ("event", "deliveries__state")
    date_hierarchy = "created_at"
    raw_id_fields = ("user",)
    readonly_fields = (
        "user",
        "event",
        "key",
        "language",
        "subject",
        "body",
        "created_at",
        "read_at",
    )
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "notification",
        "medium",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "delivered_at",
        "last_error",
    )
    list_filter = ("state", "medium")
    search_fields = ("provider_message_id",)
    readonly_fields = (
        "notification",
        "medium",
        "address",
        "text",
        "template",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
        "delivered_at",
        "last_error",
    )
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the failed deliveries again"), permissions=["change"])
    def retry(self, request, queryset):
        for delivery in queryset.filter(state=Delivery.State.FAILED):
            services.delivery_retry(delivery=delivery, actor=request.user)


admin.site.site_header = _("Makin portal administration")
admin.site.site_title = _("Makin portal")
