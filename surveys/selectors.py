"""Reads that pages share, authorising as they read: 404 for "not yours" and "does not
exist" alike."""

from django.db.models import Count, QuerySet
from django.http import Http404

from .models import Feedback, Survey, SurveyVersion


def feedback_for_owner(*, user, reference: str) -> Feedback:
    feedback = Feedback.objects.filter(reference=reference, user=user).first()
    if feedback is None:
        raise Http404
    return feedback


def feedback_list_for_owner(*, user) -> QuerySet[Feedback]:
    return Feedback.objects.filter(user=user)


def feedback_queue(*, status: str | None = None) -> QuerySet[Feedback]:
    qs = Feedback.objects.select_related("handled_by")
    return qs.filter(status=status) if status else qs


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(version_count=Count("versions"))


def versions_of(*, survey: Survey) -> QuerySet[SurveyVersion]:
    return survey.versions.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    )
