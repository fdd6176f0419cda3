"""The desk: walk-in intake, the contact log and referrals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from makin.roles import Role

from .. import selectors, services
from ..filters import ContactFilter
from ..forms import (
    ContactForm,
    ReferralAnswerForm,
    WalkInForm,
)
from .base import DESK, PAGE_SIZE, RESEARCH, RoleView, error_text


class WalkInView(RoleView):
    roles = frozenset({Role.RECEPTION})

    def get(self, request):
        initial = {"national_id": request.GET.get("national_id", "")}
        return render(
            request, "requests/request_walk_in.html", {"form": WalkInForm(initial=initial)}
        )

    def post(self, request):
        form = WalkInForm(request.POST)
        if not form.is_valid():
            return render(request, "requests/request_walk_in.html", {"form": form})
        created = services.request_start(
            beneficiary=form.cleaned_data["beneficiary"],
            service=form.cleaned_data["service"],
            actor=request.user,
            token=form.cleaned_data["token"],
            channel=form.cleaned_data["channel"],
        )
        return redirect("requests:step_details", reference=created.reference)


# ---------------------------------------------------------------------------------------------
# Contact log and referrals.


class ContactListView(RoleView):
    roles = DESK

    def get(self, request):
        filterset = ContactFilter(request.GET, queryset=selectors.contacts(user=request.user))
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "requests/contact_list.html", {"filter": filterset, "page": page})


class ContactCreateView(RoleView):
    roles = DESK

    def get(self, request):
        form = ContactForm(initial={"reference": request.GET.get("reference", "")})
        return render(request, "requests/contact_create.html", {"form": form})

    def post(self, request):
        form = ContactForm(request.POST)
        if not form.is_valid():
            return render(request, "requests/contact_create.html", {"form": form})
        data = form.cleaned_data
        services.contact_log(
            actor=request.user,
            channel=data["channel"],
            kind=data["kind"],
            summary=data["summary"],
            beneficiary=data["beneficiary"],
            request=data["request"],
            visitor_name=data["visitor_name"],
            visitor_phone=data["visitor_phone"],
            refer_question=data["refer_question"],
            researcher=data["researcher"],
        )
        messages.success(request, _("The contact was logged."))
        return redirect("requests:contacts")


class ReferralListView(RoleView):
    roles = DESK

    def get(self, request):
        rows = selectors.referrals(user=request.user)
        if request.GET.get("open"):
            rows = rows.filter(answered_at__isnull=True)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "requests/referral_list.html",
            {
                "page": page,
                "form": ReferralAnswerForm(),
                "can_answer": request.user.has_role(Role.RESEARCHER),
            },
        )


class ReferralAnswerView(RoleView):
    roles = RESEARCH

    def post(self, request, pk):
        referral = get_object_or_404(selectors.referrals(user=request.user), pk=pk)
        form = ReferralAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please write the answer."))
            return redirect("requests:referrals")
        try:
            services.referral_answer(
                referral=referral, actor=request.user, answer=form.cleaned_data["answer"]
            )
            messages.success(request, _("Your answer was saved."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("requests:referrals")


# ---------------------------------------------------------------------------------------------
# Managers: the catalogue and the officer's tools.
