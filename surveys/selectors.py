"""Reads that pages share, authorising as they read: 404 for "not yours" and "does not
exist" alike."""

import datetime

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from beneficiaries.models import Beneficiary
from makin.rules import holds

from .models import Feedback, FeedbackChange, ReportExport, Survey, SurveyVersion


def feedback_for_owner(*, user, reference: str) -> Feedback:
    feedback = (
        Feedback.objects.prefetch_related("history").filter(reference=reference, user=user).first()
    )
    if feedback is None:
        raise Http404
    return feedback


def feedback_list_for_owner(*, user) -> QuerySet[Feedback]:
    return Feedback.objects.filter(user=user)


def feedback_queue(*, status: str | None = None) -> QuerySet[Feedback]:
    qs = Feedback.objects.select_related("handled_by")
    return qs.filter(status=status) if status else qs


def feedback_for_staff(*, user, reference: str) -> Feedback:
    """One complaint or suggestion with its history, for those who handle them."""
    if not holds(user, "surveys.handle_feedback"):
        raise Http404
    feedback = (
        Feedback.objects.select_related("handled_by")
        .prefetch_related(
            Prefetch("history", queryset=FeedbackChange.objects.select_related("actor"))
        )
        .filter(reference=reference)
        .first()
    )
    if feedback is None:
        raise Http404
    return feedback


def feedback_person(*, feedback: Feedback) -> Beneficiary | None:
    """Whose case a complaint belongs to: the file of the account that wrote it, else the one
    file with the mobile number it gave (the case page's own match, the other way round)."""
    match = Q(owner_id=feedback.user_id) if feedback.user_id else Q(pk__in=[])
    if feedback.mobile:
        match |= Q(mobile=feedback.mobile)
    files = list(Beneficiary.objects.filter(match, merged_into__isnull=True)[:2])
    owned = [f for f in files if feedback.user_id and f.owner_id == feedback.user_id]
    if owned:
        return owned[0]
    return files[0] if len(files) == 1 else None


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(version_count=Count("versions"))


def versions_of(*, survey: Survey) -> QuerySet[SurveyVersion]:
    return survey.versions.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    )


def report_exports_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    """Reports PDFs asked for before this moment are expired."""
    now = now or timezone.now()
    return now - datetime.timedelta(hours=settings.MAKIN_REPORT_EXPORT_HOURS)


def report_export_for(*, user, pk) -> ReportExport | None:
    """The reports PDF `pk` for the manager who asked for it, while it is kept; None when it
    does not exist, is someone else's or has expired (the pages say "not found" alike)."""
    export = ReportExport.objects.filter(pk=pk, created_at__gte=report_exports_expiry()).first()
    if export is None or not holds(user, "surveys.view_report_export", export):
        return None
    return export
