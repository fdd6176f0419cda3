from django.contrib import admin

from .models import InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "provider", "state", "beneficiary", "handled_by")
    list_filter = ("provider", "state")
    date_hierarchy = "received_at"
    raw_id_fields = ("beneficiary", "contact", "handled_by")
    readonly_fields = ("provider", "provider_message_id", "sender", "text", "received_at")

    def has_add_permission(self, request):
        return False
