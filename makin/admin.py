from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import second_factor, services
from .forms import (
    CalendarDateField,
    CalendarDateInput,
    CalendarDateTimeField,
    CalendarDateTimeInput,
)
from .models import Delivery, Notification, SecondFactorEvent, User
from .notifications import EVENT_LABELS, event_label
from .roles import Role


class ReadOnlyMixin:
    """An admin for the record only: every change goes through the portal's pages and
    services (which keep the history and the rules)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarDatesAdmin:
    """The admin's date fields as the portal's: a date typed or picked in Hijri (Umm al-Qura) or
    Gregorian, echoed in the other calendar, stored as Gregorian; a date and time likewise with
    its time. Mixed into each app's ModelAdmin before `admin.ModelAdmin`."""

    formfield_overrides = {
        models.DateField: {"form_class": CalendarDateField, "widget": CalendarDateInput},
        models.DateTimeField: {
            "form_class": CalendarDateTimeField,
            "widget": CalendarDateTimeInput,
        },
    }

    class Media:
        js = [forms.Script("js/dates.js", defer=True)]


def group_label(group: Group) -> str:
    """A role's group by the role's name in the reader's language, not its stored code."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


class GroupsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__name=self.value())
        return queryset


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return sorted(
            ((code, str(label)) for code, label in EVENT_LABELS.items()), key=lambda c: c[1]
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(event=self.value())
        return queryset


admin.site.unregister(Group)
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's list, with the one column it names in English only translated."""

    list_display = (
        "id",
        "task_label",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    @admin.display(description=_("task name"))
    def task_label(self, obj):
        # The task's function name, as django-tasks-db shows it, read without loading the task.
        return obj.task_path.rpartition(".")[2]


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    list_display = ("role_name", "name")

    @admin.display(description=_("role"), ordering="name")
    def role_name(self, obj):
        return group_label(obj)


def grantable_groups(actor):
    """The groups `actor` may give: those whose every permission `actor` holds, so no one can
    hand out more than they have (a superuser may give any)."""
    groups = Group.objects.prefetch_related("permissions__content_type").order_by("name")
    if actor.is_superuser:
        return groups
    held = actor.get_all_permissions()
    allowed = [
        g.pk
        for g in groups
        if all(f"{p.content_type.app_label}.{p.codename}" in held for p in g.permissions.all())
    ]
    return Group.objects.filter(pk__in=allowed).order_by("name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People's accounts. Someone who is not a superuser (the admin role) cannot escalate here:
    the superuser flag and single permissions are not offered, only groups whose permissions
    they hold themselves, superusers' accounts are read-only to them, and they cannot set the
    password of an applicant or a superuser (applicants reset their own)."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("national_id", "mobile", "language", "is_committee_chair")}),
    )
    list_display = ("username", "national_id", "first_name", "last_name", "is_active")
    list_filter = (RoleFilter, "is_active", "is_committee_chair")
    search_fields = ("username", "national_id", "first_name", "last_name", "email")
    actions = ["reset_second_factor"]

    @admin.action(
        description=_("Reset the second factor (a lost phone): enrol again at next log-in"),
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        for person in queryset:
            if person.is_superuser and not request.user.is_superuser:
                continue
            second_factor.second_factor_reset(user=person, actor=request.user)
        self.message_user(request, _("The second factor was reset."))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
            kwargs["form_class"] = GroupsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        # The groups field lists only what the editor may grant; keep the person's other groups
        # (e.g. a manager's) rather than silently taking them away.
        kept = []
        if change and not request.user.is_superuser:
            grantable = set(grantable_groups(request.user).values_list("pk", flat=True))
            kept = [g for g in form.instance.groups.all() if g.pk not in grantable]
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)

    def user_change_password(self, request, id, form_url=""):
        person = self.get_object(request, unquote(id))
        if (
            person is not None
            and not request.user.is_superuser
            and (person.is_superuser or person.has_role(Role.APPLICANT))
        ):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit record of enrolments and resets: read only."""

    list_display = ("created_at", "user", "action", "actor")
    list_filter = ("action",)
    date_hierarchy = "created_at"
    search_fields = ("user__username", "actor__username")
    readonly_fields = ("user", "action", "actor", "created_at")


# What a delivery shows, under its notification and in the list of deliveries.
DELIVERY_COLUMNS = (
    "medium",
    "state",
    "attempts",
    "next_attempt_at",
    "sent_at",
    "delivered_at",
    "last_error",
)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = DELIVERY_COLUMNS
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "user", "event_name", "created_at", "read_at")
    list_filter = (EventFilter, "deliveries__state")
    date_hierarchy = "created_at"
    raw_id_fields = ("user",)
    readonly_fields = (
        "user",
        "event_name",
        "key",
        "language",
        "subject",
        "body",
        "created_at",
        "read_at",
    )
    inlines = [DeliveryInline]
    exclude = ("event",)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("event"), ordering="event")
    def event_name(self, obj):
        return event_label(obj.event)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", *DELIVERY_COLUMNS)
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
