from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View

from . import services
from .forms import SignupForm
from .pdf import pdf_response, render_pdf
from .roles import Role


class PageView(TemplateView):
    """A public page: a template and a title."""


class PolicyPdfView(View):
    def get(self, request):
        pdf = render_pdf(
            "pages/pdf/policy.html", {"printed_on": timezone.localdate()}, request=request
        )
        return pdf_response(pdf, "makin-beneficiary-relations-policy")


class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("makin:landing")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        user = services.applicant_signup(
            national_id=data["national_id"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            mobile=data["mobile"],
            email=data["email"],
            password=data["password1"],
        )
        login(self.request, user, backend="makin.backends.IdentifierBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect("makin:landing")


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


class RoleHomeView(PermissionRequiredMixin, TemplateView):
    """A role's home page; its permission and template come from the URL configuration."""

    role: Role = Role.APPLICANT

    def get_permission_required(self):
        return [f"makin.view_{self.role.value}_home"]

    def get_template_names(self):
        return [f"dashboards/{self.role.value}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, today=timezone.localdate(), **kwargs)


def health(request):
    """Plain `ok` when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database means unhealthy
        return HttpResponse("database unreachable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
