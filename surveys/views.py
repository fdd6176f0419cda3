from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from makin import dates
from makin.confirm import Confirmation, confirm_page, is_confirmed
from makin.files import private_file_response
from makin.http import client_ip
from makin.views import capability_required, report_error

from . import exports, reports, selectors, services
from .charts import report_charts, report_tables
from .forms import (
    FeedbackForm,
    FeedbackMoveForm,
    InvitationForm,
    QuestionFormSet,
    ReportFilterForm,
    ResponseForm,
    SurveyForm,
    report_filter_fields,
)
from .models import FeedbackStatus, QuestionKind, ReportExportState, Survey, SurveyVersion
from .workflow import FINAL

# Answering a survey -------------------------------------------------------------------------


UNAVAILABLE = {
    "answered": (
        gettext_lazy("This survey has already been answered"),
        gettext_lazy(
            "Each invitation can be answered once, and yours has been received. Thank you."
        ),
    ),
    "expired": (
        gettext_lazy("This survey link has expired"),
        gettext_lazy(
            "Invitations can be answered within 30 days. You can still tell us your opinion "
            "through our complaints and suggestions form."
        ),
    ),
    "invalid": (
        gettext_lazy("This survey link is not valid"),
        gettext_lazy(
            "Please open the link exactly as it reached you in the message. If it still does "
            "not work, contact us."
        ),
    ),
}


def _unavailable(request, reason: str, status: int):
    """A clear page, and nothing changes."""
    title, text = UNAVAILABLE[reason]
    context = {"title": title, "text": text}
    return render(request, "surveys/invitation_unavailable.html", context, status=status)


@never_cache
def answer(request, token: str):
    """The page a beneficiary reaches from the invitation's link, without logging in."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return _unavailable(request, "invalid", 404)
    if invitation.answered_at is not None:
        return _unavailable(request, "answered", 410)
    if invitation.expires_at <= timezone.now():
        return _unavailable(request, "expired", 410)
    questions = list(invitation.version.questions.all())
    form = ResponseForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(invitation=invitation, answers=form.answers())
        except services.InvitationUnavailable:
            return _unavailable(request, "answered", 410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:thanks")
    return render(
        request,
        "surveys/response_form.html",
        {"form": form, "invitation": invitation, "rating_kind": QuestionKind.RATING},
    )


def thanks(request):
    return render(request, "surveys/response_thanks.html")


# Complaints and suggestions -----------------------------------------------------------------


def feedback_public(request):
    """The public form: anyone, with or without an account, named or anonymous."""
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.feedback_submit(
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
                name=data["name"],
                email=data["email"],
                mobile=data["mobile"],
                user=request.user if request.user.is_authenticated else None,
                source_key=services.feedback_source_key(client_ip(request)),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["feedback_reference"] = feedback.reference
            return redirect("surveys:feedback_thanks")
    return render(request, "surveys/feedback_form.html", {"form": form})


def feedback_thanks(request):
    reference = request.session.pop("feedback_reference", None)
    return render(request, "surveys/feedback_thanks.html", {"reference": reference})


@capability_required("surveys.send_account_feedback")
def my_feedback(request):
    form = FeedbackForm(request.POST or None, account=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        feedback = services.feedback_submit(
            kind=data["kind"], subject=data["subject"], body=data["body"], user=request.user
        )
        messages.success(
            request,
            _("We received it under the number %(reference)s and will answer you here.")
            % {"reference": feedback.reference},
        )
        return redirect("surveys:my_feedback")
    items = selectors.feedback_list_for_owner(user=request.user)
    return render(request, "surveys/feedback_mine.html", {"form": form, "items": items})


@capability_required("surveys.send_account_feedback")
def my_feedback_detail(request, reference: str):
    feedback = selectors.feedback_for_owner(user=request.user, reference=reference)
    return render(request, "surveys/feedback_detail_mine.html", {"feedback": feedback})


@capability_required("surveys.handle_feedback")
def feedback_queue(request):
    status = request.GET.get("status") or None
    if status not in FeedbackStatus.values:
        status = None
    page = Paginator(selectors.feedback_queue(status=status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/feedback_list.html",
        {"page": page, "status": status, "statuses": FeedbackStatus.choices},
    )


def _feedback_confirmation(feedback, form) -> Confirmation:
    """What resolving or closing a complaint does, and who is told, before it is done."""
    move = form.move
    happens = [
        _("“%(reference)s” becomes “%(status)s” and can no longer be changed.")
        % {"reference": feedback.reference, "status": move.target.label}
    ]
    told = []
    if move.reply_required:
        happens.append(_("The reply: %(reply)s") % {"reply": form.cleaned_data["reply"]})
        if feedback.user_id or feedback.email or feedback.mobile:
            told.append(_("The person who wrote in: the reply, by e-mail or text message."))
    if form.cleaned_data["note"]:
        happens.append(
            _("Your note, for staff only: %(note)s") % {"note": form.cleaned_data["note"]}
        )
    return Confirmation(
        title=_("%(action)s: %(reference)s")
        % {"action": move.label, "reference": feedback.reference},
        happens=happens,
        told=told,
        back=reverse("surveys:feedback_handle", args=[feedback.reference]),
        button=str(move.label),
    )


@capability_required("surveys.handle_feedback")
def feedback_handle(request, reference: str):
    """A complaint's page: what was written, its history, and the moves this person may make
    now. Resolving or closing asks for confirmation first."""
    feedback = selectors.feedback_for_staff(user=request.user, reference=reference)
    form = FeedbackMoveForm(
        request.POST or None,
        feedback=feedback,
        user=request.user,
        initial={"expected": feedback.status, "reply": feedback.reply},
    )
    if request.method == "POST" and form.is_valid():
        if form.move.target in FINAL and not is_confirmed(request):
            return confirm_page(request, _feedback_confirmation(feedback, form))
        try:
            moved = services.feedback_transition(
                feedback=feedback,
                to=form.move.target,
                actor=request.user,
                note=form.cleaned_data["note"],
                reply=form.cleaned_data["reply"],
                expected=FeedbackStatus(form.cleaned_data["expected"]),
            )
        except ValidationError as error:
            report_error(request, error, form)
        else:
            messages.success(
                request,
                _("Done: the item is now “%(status)s”.")
                % {"status": FeedbackStatus(moved.status).label},
            )
            return redirect("surveys:feedback_handle", reference=feedback.reference)
    return render(
        request,
        "surveys/feedback_handle.html",
        {
            "feedback": feedback,
            "form": form,
            "person": selectors.feedback_person(feedback=feedback),
        },
    )


# Invitations after a visit or call ----------------------------------------------------------


@capability_required("surveys.send_invitation")
def invite(request):
    # Opened from a beneficiary's file, the form comes with the file's ID number.
    form = InvitationForm(
        request.POST or None, initial={"national_id": request.GET.get("national_id", "")}
    )
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_create(
            beneficiary=form.cleaned_data["beneficiary"],
            channel=form.cleaned_data["channel"],
            staff=request.user,
            actor=request.user,
        )
        if invitation is None:
            form.add_error(None, _("No survey is published yet; ask a manager to publish one."))
        else:
            messages.success(
                request,
                _("The survey was sent to %(name)s by e-mail and SMS.")
                % {"name": invitation.beneficiary.full_name},
            )
            return redirect("surveys:invite")
    return render(request, "surveys/invitation_form.html", {"form": form})


# Question sets ------------------------------------------------------------------------------


@capability_required("surveys.manage_surveys")
def survey_list(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(
            name_ar=form.cleaned_data["name_ar"],
            name_en=form.cleaned_data["name_en"],
            actor=request.user,
        )
        return redirect("surveys:survey_detail", pk=survey.pk)
    current = services.current_version()
    return render(
        request,
        "surveys/survey_list.html",
        {"surveys": selectors.survey_list(), "form": form, "current": current},
    )


@capability_required("surveys.manage_surveys")
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "versions": selectors.versions_of(survey=survey),
            "current": services.current_version(),
        },
    )


@capability_required("surveys.manage_surveys")
def version_edit(request, pk: int):
    version = get_object_or_404(SurveyVersion.objects.select_related("survey"), pk=pk)
    initial = [
        {
            "code": q.code,
            "kind": q.kind,
            "text_ar": q.text_ar,
            "text_en": q.text_en,
            "choices_ar": q.choices_ar,
            "choices_en": q.choices_en,
            "required": q.required,
            "ORDER": q.position,
        }
        for q in version.questions.all()
    ]
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="q")
    if request.method == "POST" and formset.is_valid():
        saved = services.version_save_questions(
            version=version, questions=formset.questions(), actor=request.user
        )
        if saved.pk != version.pk:
            messages.info(
                request,
                _(
                    "Version %(old)s is published, so your changes were saved as version "
                    "%(new)s, a draft. Publish it when it is ready."
                )
                % {"old": version.number, "new": saved.number},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("surveys:version_edit", pk=saved.pk)
    return render(request, "surveys/version_edit.html", {"version": version, "formset": formset})


@capability_required("surveys.manage_surveys")
@require_POST
def version_publish(request, pk: int):
    version = get_object_or_404(SurveyVersion, pk=pk)
    try:
        services.version_publish(version=version, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Published: new invitations ask this version."))
    return redirect("surveys:survey_detail", pk=version.survey_id)


# Reports ------------------------------------------------------------------------------------


def _filter_for(request):
    preferred = request.user.calendar_first
    default = replace(reports.default_filter(), calendar=preferred)
    form = ReportFilterForm(
        request.GET or None,
        initial={
            "start": dates.as_typed(default.start, preferred),
            "end": dates.as_typed(default.end, preferred),
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        f = reports.ReportFilter(
            start=data["start"] or default.start,
            end=data["end"] or default.end,
            service=data["service"],
            channel=data["channel"] or None,
            calendar=data["calendar"] or preferred,
        )
    else:
        f = default
    return form, f


def _report_for(request):
    form, f = _filter_for(request)
    # The form's list of services, read once for its choices and the report's service names.
    return form, reports.report_build(f, services=form.fields["service"].queryset)


@capability_required("surveys.view_reports")
def report(request):
    form, built = _report_for(request)
    return render(
        request,
        "surveys/report.html",
        {
            "form": form,
            # After the report: the service list is read with it.
            "fields": report_filter_fields(form),
            "report": built,
            "charts": report_charts(built),
            "tables": report_tables(built),
        },
    )


@capability_required("surveys.view_reports")
@require_POST
def report_pdf(request):
    """Ask the worker for the reports PDF of the filter in the query string."""
    _form, f = _filter_for(request)
    export = services.report_export_start(report_filter=f, actor=request.user)
    return redirect("surveys:report_export", pk=export.pk)


def _export_gone(request):
    return render(
        request,
        "surveys/report_export_gone.html",
        {"hours": settings.MAKIN_REPORT_EXPORT_HOURS},
        status=404,
    )


@never_cache
@capability_required("surveys.view_reports")
def report_export(request, pk):
    """The reports PDF's progress, and its link once ready. htmx asks for the status alone
    every two seconds and stops (status 286) once the PDF is ready or has failed."""
    export = selectors.report_export_for(user=request.user, pk=pk)
    if export is None:
        return _export_gone(request)
    context = {
        "export": export,
        "hours": settings.MAKIN_REPORT_EXPORT_HOURS,
        "report_filter": services.report_filter_load(export.filter),
    }
    if request.headers.get("HX-Request"):
        status = 200 if export.is_working else 286
        return render(request, "surveys/report_export.html#status", context, status=status)
    return render(request, "surveys/report_export.html", context)


@capability_required("surveys.view_reports")
def report_export_file(request, pk):
    export = selectors.report_export_for(user=request.user, pk=pk)
    if export is None or export.state != ReportExportState.READY:
        return _export_gone(request)
    f = export.filter
    return private_file_response(
        export.file,
        filename=f"makin-satisfaction-{f['start']}-{f['end']}.pdf",
        content_type="application/pdf",
    )


@capability_required("surveys.view_reports")
def report_xlsx(request):
    _form, built = _report_for(request)
    response = HttpResponse(
        exports.report_xlsx(built, first=request.user.calendar_first),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="makin-satisfaction-{built.filter.start}-{built.filter.end}.xlsx"'
    )
    return response
