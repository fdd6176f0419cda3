"""Reads that pages share, authorising as they read: 404 for "not yours" and "does not
exist" alike."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from makin.rules import holds

from .models import Feedback, FeedbackChange, Survey, SurveyVersion


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


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(version_count=Count("versions"))


def versions_of(*, survey: Survey) -> QuerySet[SurveyVersion]:
    return survey.versions.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    )
