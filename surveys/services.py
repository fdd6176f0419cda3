"""Every write of the surveys app: question sets and their versions, invitations and their
answers, complaints and suggestions."""

import datetime
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beneficiaries.selectors import beneficiary_recipient
from makin.audience import Audience
from makin.channels import Channel
from makin.notifications import Recipient, notify
from makin.pdf import render_pdf
from makin.rules import holds, require
from makin.workflow import move_lookup
from requests.models import Service

from .charts import printed_chart_styles, report_charts, report_tables
from .models import (
    Answer,
    Feedback,
    FeedbackChange,
    FeedbackStatus,
    Invitation,
    Question,
    QuestionKind,
    ReportExport,
    ReportExportState,
    Response,
    Survey,
    SurveyVersion,
)
from .reports import ReportFilter, report_build
from .rollup import invitations_add, rollup_add
from .selectors import report_exports_expiry
from .tasks import make_report_pdf
from .workflow import MOVE_TABLE

logger = logging.getLogger(__name__)

INVITATION_DAYS = 30
REMINDER_AFTER_DAYS = 7
FEEDBACK_PER_HOUR = 5
_signer = signing.Signer(salt="surveys.invitation", sep=".")


# Question sets ------------------------------------------------------------------------------


def survey_create(*, name_ar: str, name_en: str = "", actor) -> Survey:
    require(actor, "surveys.manage_surveys")
    with transaction.atomic():
        survey = Survey.objects.create(name_ar=name_ar, name_en=name_en)
        SurveyVersion.objects.create(survey=survey, number=1, created_by=actor)
    return survey


def version_save_questions(
    *, version: SurveyVersion, questions: list[dict], actor
) -> SurveyVersion:
    """Save the questions of `version`. A draft is changed in place; a published version is
    never changed: the questions go into a new draft version, to be published when ready.

    Each question is a dict of Question fields (code, kind, text_ar, text_en, choices_ar,
    choices_en, required); their order is the list's."""
    require(actor, "surveys.manage_surveys")
    if not questions:
        raise ValidationError(_("A survey needs at least one question."), code="no_questions")
    with transaction.atomic():
        locked = SurveyVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_published:
            number = (
                SurveyVersion.objects.filter(survey_id=locked.survey_id).aggregate(Max("number"))[
                    "number__max"
                ]
                + 1
            )
            target = SurveyVersion.objects.create(
                survey_id=locked.survey_id, number=number, created_by=actor
            )
        else:
            target = locked
            target.questions.all().delete()
        codes = set()
        for position, data in enumerate(questions, start=1):
            is_choice = data["kind"] == QuestionKind.CHOICE
            code = data.get("code") or f"q{secrets.token_hex(3)}"
            if code in codes:
                code = f"{code}-{position}"
            codes.add(code)
            Question.objects.create(
                version=target,
                code=code,
                position=position,
                kind=data["kind"],
                text_ar=data["text_ar"],
                text_en=data.get("text_en", ""),
                choices_ar=data.get("choices_ar", "") if is_choice else "",
                choices_en=data.get("choices_en", "") if is_choice else "",
                required=data.get("required", True),
            )
    return target


def version_publish(*, version: SurveyVersion, actor) -> SurveyVersion:
    """Publish a draft: new invitations use it from now on; the versions before it stay as
    they were, with their answers."""
    require(actor, "surveys.manage_surveys")
    with transaction.atomic():
        locked = SurveyVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_published:
            raise ValidationError(_("This version is already published."), code="already_published")
        if not locked.questions.exists():
            raise ValidationError(_("A survey needs at least one question."), code="no_questions")
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
    return locked


def current_version() -> SurveyVersion | None:
    """The newest published version of an active survey: the one new invitations ask."""
    return (
        SurveyVersion.objects.filter(published_at__isnull=False, survey__is_active=True)
        .order_by("-published_at", "-pk")
        .first()
    )


# Invitations --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return _signer.sign(f"{invitation.pk}-{invitation.nonce}")


def invitation_url(invitation: Invitation) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("surveys:answer", kwargs={"token": invitation_token(invitation)})
    return settings.MAKIN_SITE_URL.rstrip("/") + path


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None when the link is forged or unknown."""
    try:
        value = _signer.unsign(token)
    except signing.BadSignature:
        return None
    pk, _sep, nonce = value.partition("-")
    if not pk.isdigit():
        return None
    invitation = (
        Invitation.objects.select_related("version", "beneficiary").filter(pk=int(pk)).first()
    )
    if invitation is None or not hmac.compare_digest(invitation.nonce, nonce):
        return None
    return invitation


def invitation_create(
    *,
    beneficiary,
    channel: Channel | str,
    staff,
    actor=None,
    request=None,
    service=None,
) -> Invitation | None:
    """Invite `beneficiary` to rate the service they received through `channel` from `staff`,
    by e-mail and SMS. None when no survey is published yet, or when the request already has
    its invitation (one per request)."""
    if actor is not None:
        require(actor, "surveys.send_invitation")
    version = current_version()
    if version is None:
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                beneficiary=beneficiary,
                request=request,
                version=version,
                channel=channel,
                service=service or (request.service if request else None),
                staff=staff,
                nonce=secrets.token_urlsafe(18),
                created_by=actor,
                created_at=now,
                expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
            )
            invitations_add(invitation=invitation, sent=1, answered=0)
            notify(
                user=beneficiary_recipient(beneficiary),
                event="survey_invitation",
                context={"url": invitation_url(invitation), "days": INVITATION_DAYS},
                sms=True,
            )
    except IntegrityError:
        if request is not None and Invitation.objects.filter(request=request).exists():
            return None
        raise
    return invitation


def invitation_for_request(*, request) -> Invitation | None:
    """The invitation after a request is delivered or closed; once per request."""
    if Invitation.objects.filter(request=request).exists():
        return None
    return invitation_create(
        beneficiary=request.beneficiary,
        channel=request.channel,
        staff=request.received_by,
        request=request,
    )


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind, once, everyone whose invitation is a week old, unanswered and not expired."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("beneficiary__owner")
            .filter(
                answered_at__isnull=True,
                reminded_at__isnull=True,
                created_at__lte=now - datetime.timedelta(days=REMINDER_AFTER_DAYS),
                expires_at__gt=now,
            )
        )
        for invitation in due:
            invitation.reminded_at = now
            invitation.save(update_fields=["reminded_at"])
            notify(
                user=beneficiary_recipient(invitation.beneficiary),
                event="survey_reminder",
                context={"url": invitation_url(invitation), "expires_at": invitation.expires_at},
                sms=True,
            )
            sent += 1
    return sent


class InvitationUnavailable(ValidationError):
    """The invitation was answered already or has expired."""


def response_submit(*, invitation: Invitation, answers: dict[int, object]) -> Response:
    """Record the answers to an invitation, once. `answers` maps question ids of the
    invitation's version to a rating (1-5), True/False, a choice index or a text.

    The invitation row is locked, so two submissions at once cannot both count."""
    now = timezone.now()
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.answered_at is not None:
            raise InvitationUnavailable(
                _("This survey has already been answered. Thank you."), code="answered"
            )
        if locked.expires_at <= now:
            raise InvitationUnavailable(_("This survey link has expired."), code="expired")
        questions = list(locked.version.questions.all())
        rows = []
        for question in questions:
            value = answers.get(question.pk)
            if value in (None, ""):
                if question.required:
                    raise ValidationError(
                        _("Please answer every required question."), code="answer_required"
                    )
                continue
            answer = Answer(question=question)
            if question.kind == QuestionKind.RATING:
                if value not in (1, 2, 3, 4, 5):
                    raise ValidationError(
                        _("A rating is a number from 1 to 5."), code="rating_out_of_range"
                    )
                answer.rating = value
            elif question.kind == QuestionKind.YES_NO:
                answer.yes = bool(value)
            elif question.kind == QuestionKind.CHOICE:
                if not (isinstance(value, int) and 0 <= value < len(question.options)):
                    raise ValidationError(
                        _("Please choose one of the options."), code="unknown_option"
                    )
                answer.choice = value
            else:
                answer.text = str(value).strip()[:4000]
            rows.append(answer)
        response = Response.objects.create(
            invitation=locked, version=locked.version, submitted_at=now
        )
        for answer in rows:
            answer.response = response
            answer.save()
        locked.answered_at = now
        locked.save(update_fields=["answered_at"])
        rollup_add(invitation=locked, answers=rows, day=timezone.localdate(now))
        invitations_add(invitation=locked, sent=0, answered=1)
    return response


# Complaints and suggestions -----------------------------------------------------------------


def feedback_source_key(address: str) -> str:
    """A keyed hash of a sender's network address: enough to count, not to identify."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256
    ).hexdigest()


def _feedback_reference(now: datetime.datetime) -> str:
    return f"FB-{timezone.localdate(now):%y%m}-{secrets.randbelow(10**6):06d}"


def feedback_submit(
    *,
    kind: str,
    subject: str,
    body: str,
    name: str = "",
    email: str = "",
    mobile: str = "",
    user=None,
    source_key: str = "",
) -> Feedback:
    """Receive a complaint or suggestion. Anonymous senders are welcome; one address may send
    only a few an hour, against spam."""
    now = timezone.now()
    if source_key and user is None:
        recent = Feedback.objects.filter(
            source_key=source_key, created_at__gte=now - datetime.timedelta(hours=1)
        ).count()
        if recent >= FEEDBACK_PER_HOUR:
            raise ValidationError(
                _(
                    "We have received several messages from you in the last hour. "
                    "Please try again later."
                ),
                code="too_many_messages",
            )
    if user is not None:
        name = name or user.get_full_name()
        email = email or user.email
        mobile = mobile or str(user.mobile or "")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    reference=_feedback_reference(now),
                    kind=kind,
                    subject=subject,
                    body=body,
                    name=name,
                    email=email,
                    mobile=mobile,
                    user=user,
                    source_key=source_key,
                    created_at=now,
                )
                # The first line of its history: received (the person's own words are the body).
                FeedbackChange.objects.create(
                    feedback=feedback,
                    to_status=FeedbackStatus.OPEN,
                    actor=user,
                    audience=Audience.APPLICANT,
                    created_at=now,
                )
                return feedback
        except IntegrityError:  # the random reference was taken; draw again
            continue
    raise RuntimeError("could not draw a free feedback reference")


class FeedbackMoveError(ValidationError):
    """A complaint's move that is not allowed now, with a reason a person can read."""


def feedback_transition(
    *,
    feedback: Feedback,
    to: FeedbackStatus,
    actor,
    note: str = "",
    reply: str = "",
    expected: FeedbackStatus | None = None,
) -> Feedback:
    """Move a complaint or suggestion to `to` on behalf of `actor`, as `surveys.workflow.MOVES`
    allows. The row is locked and re-read, so two people acting at once cannot both win; the
    second, and anyone whose page showed another status (`expected`), is told it changed.

    `note` is staff's own (kept in the history, never shown to the person); `reply` is what the
    person is sent when the item is resolved (by e-mail or SMS after commit, where they left a
    way to reach them), which also stops the resolution clock."""
    require(actor, "surveys.handle_feedback")
    note, reply = note.strip(), reply.strip()
    with transaction.atomic():
        locked, current, move = move_lookup(
            queryset=Feedback.objects.select_related("user"),
            pk=feedback.pk,
            status=FeedbackStatus,
            to=to,
            moves=MOVE_TABLE,
            error=FeedbackMoveError,
            expected=expected,
            stale_text=_(
                "This item was changed by someone else meanwhile; it is now “%(status)s”. "
                "Please review it again."
            ),
            refused_text=_("An item that is “%(current)s” cannot become “%(target)s”."),
        )
        if not holds(actor, move.capability):
            raise PermissionDenied(_("Your role does not allow this action."))
        if move.reply_required and not reply:
            raise FeedbackMoveError(
                {
                    "reply": ValidationError(
                        _("Please write the reply to the person."), code="reply_required"
                    )
                }
            )
        if move.note_required and not note:
            raise FeedbackMoveError(
                {"note": ValidationError(_("Please write the reason."), code="reason_required")}
            )
        now = timezone.now()
        locked.status = to
        locked.handled_by = actor
        fields = ["status", "handled_by"]
        if move.reply_required:
            locked.reply = reply
            locked.resolved_at = now
            fields += ["reply", "resolved_at"]
        locked.save(update_fields=fields)
        FeedbackChange.objects.create(
            feedback=locked,
            from_status=current,
            to_status=to,
            actor=actor,
            note=note,
            audience=Audience.STAFF,
            created_at=now,
        )
        if move.reply_required:
            recipient = locked.user or (
                Recipient(email=locked.email, mobile=locked.mobile, first_name=locked.name)
                if locked.email or locked.mobile
                else None
            )
            if recipient is not None:
                # Written in this transaction, sent by the worker after commit.
                notify(
                    user=recipient,
                    event="feedback_reply",
                    context={"feedback": locked, "reply": locked.reply},
                    sms=True,
                    key=f"feedback-reply:{locked.pk}",
                )
    return locked


# ---------------------------------------------------------------------------------------------
# The reports PDF is made by the worker (it takes seconds at national volume): the manager asks,
# follows its progress on a page, downloads it, and it is deleted after a day.


def report_filter_dump(f) -> dict:
    return {
        "start": f.start.isoformat(),
        "end": f.end.isoformat(),
        "service": f.service.pk if f.service else None,
        "channel": f.channel,
        "calendar": f.calendar,
    }


def report_filter_load(data: dict):
    return ReportFilter(
        start=datetime.date.fromisoformat(data["start"]),
        end=datetime.date.fromisoformat(data["end"]),
        service=Service.objects.filter(pk=data["service"]).first() if data["service"] else None,
        channel=data["channel"],
        calendar=data["calendar"],
    )


def report_export_start(*, report_filter, actor) -> ReportExport:
    """Queue the reports PDF of `report_filter` for `actor`, in the language they use now."""
    require(actor, "surveys.view_reports")
    export = ReportExport.objects.create(
        requested_by=actor,
        filter=report_filter_dump(report_filter),
        language=translation.get_language(),
    )
    transaction.on_commit(lambda: make_report_pdf.enqueue(str(export.pk)))
    return export


def report_pdf_render(*, report_filter) -> bytes:
    """The reports PDF of `report_filter`, in the active language."""
    built = report_build(report_filter)
    return render_pdf(
        "surveys/pdf/report.html",
        {
            "report": built,
            "charts": report_charts(built, printed=True),
            "chart_styles": printed_chart_styles(),
            "tables": report_tables(built),
            "printed_on": timezone.localdate(),
        },
    )


def report_export_make(*, export_id: str) -> str:
    """Make one queued reports PDF (the worker's task). The row is claimed under a lock so
    that two workers never make the same file; a failure is logged and shown to the manager
    as such. Expired files are deleted first."""
    report_exports_delete_expired()
    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update(skip_locked=True)
            .filter(pk=export_id, state=ReportExportState.QUEUED)
            .first()
        )
        if export is None:
            return "gone"
        export.state = ReportExportState.RUNNING
        export.save(update_fields=["state"])
    try:
        with translation.override(export.language):
            pdf = report_pdf_render(report_filter=report_filter_load(export.filter))
        export.file.save(f"{export.pk}.pdf", ContentFile(pdf), save=False)
    except Exception:
        logger.exception("The reports PDF %s could not be made", export.pk)
        export.state = ReportExportState.FAILED
    else:
        export.state = ReportExportState.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["state", "file", "finished_at"])
    return export.state


def report_exports_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the expired reports PDFs, files and rows. Returns how many."""
    expired = list(ReportExport.objects.filter(created_at__lt=report_exports_expiry(now)))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(expired)
