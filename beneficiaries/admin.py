from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from makin.admin import CalendarDatesAdmin

from .models import Beneficiary, BeneficiaryCategory, DocumentKind


@admin.register(BeneficiaryCategory, DocumentKind)
class ManagedListAdmin(CalendarDatesAdmin, admin.ModelAdmin):
    list_display = ("name_ar", "name_en", "code", "is_active")


@admin.register(Beneficiary)
class BeneficiaryAdmin(CalendarDatesAdmin, SimpleHistoryAdmin):
    list_display = ("national_id", "first_name", "family_name", "mobile", "created_at")
    search_fields = ("national_id", "first_name", "family_name")
    readonly_fields = ("name_normalized",)
