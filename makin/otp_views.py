"""The second factor's pages: the code at log-in, enrolment, and the person's own settings."""

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from . import second_factor
from .forms import SecondFactorCodeForm
from .views import locked_out


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("makin:landing")


def _typed_next(request) -> str:
    return request.POST.get("next") or request.GET.get("next", "")


@method_decorator(never_cache, name="dispatch")
class SecondFactorVerifyView(LoginRequiredMixin, View):
    """The code from the authenticator app (or a recovery code) after the password."""

    template_name = "accounts/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not second_factor.is_pending(request):
                return redirect(_next_url(request))
            if not second_factor.has_second_factor(request.user):
                # Staff who have not enrolled yet do it now.
                query = urlencode({"next": request.GET.get("next", "")})
                return redirect(f"{reverse('accounts:otp_setup')}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(SecondFactorCodeForm())

    def post(self, request):
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return locked_out(request)
        form = SecondFactorCodeForm(request.POST)
        if form.is_valid():
            if second_factor.second_factor_verify(request=request, code=form.cleaned_data["code"]):
                return redirect(_next_url(request))
            if AxesProxyHandler.is_locked(request, credentials):
                logout(request)
                return locked_out(request)
            form.add_error("code", _("This code is not right. Try the newest code in your app."))
        return self._render(form)

    def _render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "next": _typed_next(self.request),
            },
        )


@method_decorator(never_cache, name="dispatch")
class SecondFactorSetupView(LoginRequiredMixin, View):
    """Enrolment: the QR code and the secret, confirmed with a first code. Then the recovery
    codes, shown once. Open to a person without a second factor (staff at their first log-in,
    applicants who turn it on)."""

    template_name = "accounts/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and second_factor.has_second_factor(request.user):
            return redirect("accounts:otp_account")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        device = second_factor.totp_enrolment_start(user=request.user)
        return self._render(device, SecondFactorCodeForm())

    def post(self, request):
        device = second_factor.totp_enrolment_start(user=request.user)
        form = SecondFactorCodeForm(request.POST)
        if form.is_valid():
            try:
                codes = second_factor.totp_enrolment_confirm(
                    request=request, device=device, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                return render(
                    request,
                    "accounts/otp_recovery_codes.html",
                    {"codes": codes, "next": _next_url(request)},
                )
        return self._render(device, form)

    def _render(self, device, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "qr": second_factor.totp_qr_svg(device),
                "secret": second_factor.secret_text(device),
                "next": _typed_next(self.request),
            },
        )


@method_decorator(never_cache, name="dispatch")
class SecondFactorAccountView(LoginRequiredMixin, View):
    """The person's own page: whether the second factor is on, how many recovery codes are
    left, new recovery codes."""

    def get(self, request):
        return render(
            request,
            "accounts/otp_account.html",
            {
                "enabled": second_factor.has_second_factor(request.user),
                "codes_left": second_factor.recovery_codes_left(user=request.user),
            },
        )

    def post(self, request):
        if not second_factor.has_second_factor(request.user):
            return redirect("accounts:otp_setup")
        codes = second_factor.recovery_codes_replace(user=request.user)
        messages.success(
            request, _("New recovery codes were made; the former ones no longer work.")
        )
        return render(
            request, "accounts/otp_recovery_codes.html", {"codes": codes, "next": "makin:landing"}
        )
