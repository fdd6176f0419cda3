import datetime
import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView, View

from . import dates, selectors, services
from .case import home_read
from .forms import CalendarFirstForm, QueuedPasswordResetForm, SignupForm
from .http import client_ip
from .pdf import pdf_response, render_pdf
from .ratelimit import (
    RESET_PER_ADDRESS,
    RESET_PER_EMAIL,
    SIGNUP_PER_ADDRESS,
    SIGNUP_PER_ID,
    RateLimited,
    rate_limit_take,
)
from .roles import Role
from .rules import holds


def check_capability(request, capability: str):
    """The one gate of every page: a redirect to log in for an anonymous visitor, 403 for a
    person whose role does not hold the capability, None to go on. Objects that are not the
    person's are "not found" (404): the selector that fetches them decides that."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not holds(request.user, capability):
        raise PermissionDenied
    return None


class CapabilityRequiredMixin:
    """A page that names the capability (a `rules` permission) it needs."""

    capability: str = ""

    def get_capability(self) -> str:
        return self.capability

    def dispatch(self, request, *args, **kwargs):
        refused = check_capability(request, self.get_capability())
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)


def capability_required(capability: str):
    """The same gate for a function view."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refused = check_capability(request, capability)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def report_error(request, error: ValidationError, form=None) -> None:
    """A service's refusal shown on the page: errors of a field the form has next to that
    field, the rest as messages at the top of the page."""
    if form is not None and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for message in error.messages:
        messages.error(request, message)


def report_form_errors(request, form) -> None:
    """An invalid form on a page that redirects instead of showing the form again."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


class PageView(TemplateView):
    """A public page: a template and a title."""


class PolicyPdfView(View):
    """The public policy as a PDF. It changes only with the language and the day printed on
    it, so it is rendered once a day per language (WeasyPrint takes ~140 ms) and kept in the
    cache; an ETag lets a browser or a proxy reuse its copy."""

    def get(self, request):
        today = timezone.localdate()
        key = f"policy-pdf:{get_language()}:{today.isoformat()}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = render_pdf("pages/pdf/policy.html", {"printed_on": today}, request=request)
            cache.set(key, pdf, 24 * 3600)
        etag = quote_etag(hashlib.sha256(pdf).hexdigest()[:32])
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = pdf_response(pdf, "makin-beneficiary-relations-policy")
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=3600)
        return response


class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("makin:landing")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            rate_limit_take(
                (SIGNUP_PER_ADDRESS, client_ip(self.request)), (SIGNUP_PER_ID, data["national_id"])
            )
        except RateLimited:
            return _limited(self, form)
        # The same answer whether or not the ID number was registered (see the service).
        services.applicant_signup(
            national_id=data["national_id"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            mobile=data["mobile"],
            email=data["email"],
            password=data["password1"],
        )
        return redirect("accounts:signup_done")


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"


def _limited(view, form):
    """The form again, with "too many attempts" (429), the same for every address and target."""
    return view.render_to_response(view.get_context_data(form=form, limited=True), status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per address and per e-mail address (someone who floods one
    person's mailbox varies the address they send from, not the e-mail)."""

    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            rate_limit_take(
                (RESET_PER_ADDRESS, client_ip(self.request)),
                (RESET_PER_EMAIL, form.cleaned_data["email"]),
            )
        except RateLimited:
            return _limited(self, form)
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account and address: the real pause, in minutes."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset link; a new password also lifts the account's log-in locks, which is how
    a locked-out person gets back in before the pause ends."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.login_lockouts_clear(user=form.user)
        return response


ROLE_HOME_URLS = {
    Role.APPLICANT: "makin:home_applicant",
    Role.RECEPTION: "makin:home_reception",
    Role.RESEARCHER: "makin:home_researcher",
    Role.COMMITTEE: "makin:home_committee",
    Role.MANAGER: "makin:home_manager",
    Role.ADMIN: "makin:home_admin",
}


@never_cache
def landing(request):
    """Where a person arrives after logging in: their role's home."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={reverse('makin:landing')}")
    role = request.user.primary_role
    if role is None:
        messages.warning(
            request, _("Your account has no role yet. Please contact the association.")
        )
        return redirect("makin:home")
    return redirect(ROLE_HOME_URLS[role])


class RoleHomeView(CapabilityRequiredMixin, TemplateView):
    """A role's home page; its capability and template come from the URL configuration."""

    role: Role = Role.APPLICANT

    def get_capability(self):
        return f"makin.view_{self.role.value}_home"

    def get_template_names(self):
        return [f"dashboards/{self.role.value}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, today=timezone.localdate(), **kwargs)


class ApplicantHomeView(RoleHomeView):
    """The applicant's home: for a person whose only role is applicant, each part other apps
    add (their requests, their file, the committee's letters) drawn from one statement
    (`makin.case.home_read`); a person with other roles too sees the panels those roles add,
    drawn by their tags."""

    role = Role.APPLICANT

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.roles == {Role.APPLICANT}:
            kwargs["home"] = home_read(user=user)
        return super().get_context_data(**kwargs)


def health(request):
    """Plain `ok` when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database means unhealthy
        return HttpResponse("database unreachable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


class NotificationListView(CapabilityRequiredMixin, ListView):
    """The person's own notifications, newest first, unread ones marked."""

    capability = "makin.view_own_notifications"
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notifications_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unread=selectors.unread_count(user=self.request.user), **kwargs
        )


class NotificationReadView(CapabilityRequiredMixin, View):
    capability = "makin.view_own_notifications"

    def post(self, request, pk):
        notification = selectors.notification_get(user=request.user, pk=pk)
        services.notification_mark_read(notification=notification, actor=request.user)
        return redirect("makin:notifications")


class NotificationReadAllView(CapabilityRequiredMixin, View):
    capability = "makin.view_own_notifications"

    def post(self, request):
        services.notifications_mark_all_read(actor=request.user)
        messages.success(request, _("All your notifications are marked as read."))
        return redirect("makin:notifications")


@never_cache
def notification_badge(request):
    """The unread count in the header, fetched by htmx after the page loads, so that no page
    pays a query for it."""
    count = selectors.unread_count(user=request.user) if request.user.is_authenticated else 0
    return render(request, "notifications/includes/_badge.html", {"count": count})


def date_echo(request):
    """The date typed in a date field, shown in both calendars beside it as the person types
    (Hijri or Gregorian, either digits). Public: it reads nothing but its own argument."""
    return JsonResponse({"text": dates.other_calendar(request.GET.get("value", "")[:40])})


class AccountView(LoginRequiredMixin, View):
    """The person's own account: the calendar shown first in their lists and files, and the
    ways to their password and second factor."""

    def get(self, request):
        form = CalendarFirstForm(initial={"calendar_first": request.user.calendar_first})
        return render(request, "accounts/account.html", {"form": form})

    def post(self, request):
        form = CalendarFirstForm(request.POST)
        if not form.is_valid():
            return render(request, "accounts/account.html", {"form": form})
        services.user_calendar_choose(
            user=request.user, calendar_first=form.cleaned_data["calendar_first"]
        )
        messages.success(request, _("Your choice of calendar is saved."))
        return redirect("accounts:account")


def date_month(request):
    """One month of the date picker beside a date field, in the calendar asked for (Hijri Umm
    al-Qura or Gregorian; by default the calendar of the typed date, else the person's first
    calendar), holding the day asked for (by default the typed date, else today). Public,
    like the echo: it reads nothing but its arguments."""
    typed = request.GET.get("value", "")[:40]
    calendar = request.GET.get("calendar")
    if calendar not in dates.CALENDARS:
        preferred = getattr(request.user, "calendar_first", dates.HIJRI)
        calendar = dates.calendar_of(typed) or preferred
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", "")[:10])
    except ValueError:
        day = dates.parse(typed) or timezone.localdate()
    selected = dates.parse(typed)
    return render(
        request,
        "makin/includes/_calendar_month.html",
        {
            "month": dates.month(calendar, day),
            "focus": day,
            "selected": selected,
            "today": timezone.localdate(),
            "other": dates.GREGORIAN if calendar == dates.HIJRI else dates.HIJRI,
        },
    )
