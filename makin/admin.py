from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("national_id", "mobile", "language", "is_committee_chair")}),
    )
    list_display = ("username", "national_id", "first_name", "last_name", "is_active")
    list_filter = ("groups", "is_active", "is_committee_chair")
    search_fields = ("username", "national_id", "first_name", "last_name", "email")


admin.site.site_header = _("Makin portal administration")
admin.site.site_title = _("Makin portal")
