"""Every write on support requests. `request_transition` is the one door to a status change."""

import base64
import binascii
import datetime
import uuid
from decimal import Decimal
from typing import Required, TypedDict, Unpack

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import services as beneficiary_services
from beneficiaries.arabic import normalize_arabic_name
from beneficiaries.models import (
    Beneficiary,
    Document,
    DocumentKind,
    FileAccess,
    VerificationStatus,
)
from beneficiaries.selectors import beneficiary_recipient
from makin.audience import Audience
from makin.channels import Channel
from makin.files import file_removed_after_commit, files_removed_on_error
from makin.notifications import notify
from makin.roles import Role
from makin.rules import holds, require
from makin.workflow import move_lookup

from . import selectors
from .deadlines import WAITING_FOR_DECISION
from .models import (
    ContactLog,
    MissingItem,
    ReferenceCounter,
    Referral,
    ResearchAttachment,
    ResearchDraft,
    ResearchReport,
    Service,
    SignatureMethod,
    StaffTool,
    Status,
    StatusChange,
    SupportRequest,
    TrackingAttempt,
)
from .open_counts import open_count_move, open_key
from .rollup import counted, rollup_move
from .signals import announce_move
from .text import DECLARATION_VERSION
from .workflow import DECISION_DAYS, EDITABLE, FINAL, MOVE_TABLE


class TransitionError(ValidationError):
    """A move that is not allowed now, with the reasons a person can read."""


def request_transition(
    *,
    request: SupportRequest,
    to: Status,
    actor,
    note: str = "",
    event: str = "",
    params: dict | None = None,
    audience: Audience | None = None,
    expected: Status | None = None,
    notify_applicant: bool = True,
) -> SupportRequest:
    """Move `request` to `to` on behalf of `actor`.

    `note` is what the actor typed, kept as typed; `event` and `params` are what the system says
    about the move (`requests.timeline`), rendered in each reader's language. `audience` says who
    may read them; by default the move's own (`workflow.Move.audience`), and the applicant's when
    the applicant acts. Only the applicant's audience reaches the applicant's pages and messages.

    The applicant is told of the move (their account, or the file's contacts for a walk-in)
    unless the caller sends its own message about it (`notify_applicant=False`, e.g. the
    committee's decision letter).

    The row is locked and re-read, so two people acting at once cannot both win: the second sees
    the status the first left and gets a TransitionError. `expected` is the status the actor saw
    on their page; if the request moved meanwhile, the move is refused rather than applied to a
    state they did not see."""
    with transaction.atomic():
        locked, current, move = move_lookup(
            queryset=SupportRequest.objects.select_related("beneficiary", "service"),
            pk=request.pk,
            status=Status,
            to=to,
            moves=MOVE_TABLE,
            error=TransitionError,
            expected=expected,
            stale_text=_(
                "This request was changed by someone else meanwhile; it is now “%(status)s”. "
                "Please review it again."
            ),
            refused_text=_("A request that is “%(current)s” cannot become “%(target)s”."),
        )
        if not (actor.roles & move.roles):
            raise PermissionDenied(_("Your role does not allow this action."))
        if move.roles & actor.roles == {Role.APPLICANT} and locked.beneficiary.owner_id != actor.pk:
            raise PermissionDenied(_("Your role does not allow this action."))
        if move.note_required and not (note.strip() or event):
            raise TransitionError(_("Please write the reason."), code="reason_required")
        # Each reason carries its guard's name as code ("documents_verified", ...).
        problems = [
            ValidationError(problem, code=guard.__name__.removeprefix("guard_"))
            for guard in move.guards
            for problem in guard(locked)
        ]
        if problems:
            raise TransitionError(problems)

        now = timezone.now()
        before, open_before = counted(locked), open_key(locked)
        locked.status = to
        if to == Status.SUBMITTED and locked.submitted_at is None:
            locked.submitted_at = now
        if to == Status.VERIFIED:
            locked.completed_at = now
            locked.decision_due = timezone.localdate(now) + datetime.timedelta(days=DECISION_DAYS)
        if to in (Status.APPROVED, Status.REJECTED):
            locked.decided_at = now
        # django-simple-history keeps at most 100 characters of a reason; the timeline keeps all.
        locked._change_reason = (note or event)[:100]
        locked.save()
        # The reports' rollup moves with the request, in the same transaction.
        rollup_move(before=before, after=counted(locked))
        # And the homes' open requests by status, researcher and deadline.
        open_count_move(before=open_before, after=open_key(locked))
        if to in FINAL:
            _research_drafts_discard(locked)
        if audience is None:
            audience = Audience.APPLICANT if actor.roles == {Role.APPLICANT} else move.audience
        change = StatusChange.objects.create(
            request=locked,
            from_status=current,
            to_status=to,
            actor=actor,
            note=note,
            event=event,
            params=params or {},
            audience=audience,
        )
        # After commit and robust: a failing hook is logged and retried, the move stays saved.
        transaction.on_commit(
            lambda: announce_move(request=locked, source=current, target=to, actor=actor),
            robust=True,
        )
        if notify_applicant:
            notify(
                user=beneficiary_recipient(locked.beneficiary),
                event="request_status_changed",
                context={
                    "request": locked,
                    "change": change if change.for_applicant else None,
                    "url": _applicant_url(locked),
                    # What the applicant is asked for, in their language (message and SMS).
                    "missing": _open_item_names(locked) if to == Status.INCOMPLETE else [],
                },
                sms=True,
                key=f"status-change:{change.pk}",
            )
    return locked


def _open_item_names(request: SupportRequest) -> list[str]:
    return [
        item.name
        for item in request.missing_items.filter(document__isnull=True).select_related("kind")
    ]


def _applicant_url(request: SupportRequest) -> str:
    """Where the applicant reads about their request: their account, or the tracking page."""
    if request.beneficiary.owner_id:
        path = reverse("requests:my_detail", kwargs={"reference": request.reference})
    else:
        path = reverse("requests:track")
    return settings.MAKIN_SITE_URL.rstrip("/") + path


# ---------------------------------------------------------------------------------------------
# Intake: reference numbers, drafts, the declaration, documents, submission.


class RateLimited(Exception):
    """Too many look-ups from one address."""


def reference_next(*, today: datetime.date | None = None) -> str:
    """The next reference number, MK-<Hijri year>-<six digits>, counted per Hijri year.

    One atomic upsert, so concurrent intakes never get the same number."""
    from hijridate import Gregorian

    today = today or timezone.localdate()
    year = Gregorian(today.year, today.month, today.day).to_hijri().year
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReferenceCounter._meta.db_table} (year, value) VALUES (%s, 1) "  # noqa: S608
            "ON CONFLICT (year) DO UPDATE SET value = "
            f"{ReferenceCounter._meta.db_table}.value + 1 RETURNING value",
            [year],
        )
        (value,) = cursor.fetchone()
    return f"MK-{year}-{value:06d}"


def _lock_editable(request: SupportRequest, actor) -> SupportRequest:
    """Lock and re-read the row: a draft or an incomplete request may be edited by its
    applicant or by reception. The caller holds a transaction. Re-reading matters: a page (or a
    second tab) may hold a copy of the request that was submitted meanwhile."""
    locked = (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("beneficiary", "service")
        .get(pk=request.pk)
    )
    if locked.beneficiary.owner_id != actor.pk and not holds(actor, "requests.fill_for_visitor"):
        raise PermissionDenied(_("Your role does not allow this action."))
    if Status(locked.status) not in EDITABLE:
        raise TransitionError(_("This request can no longer be changed."), code="not_editable")
    return locked


def request_start(
    *,
    beneficiary: Beneficiary,
    service: Service,
    actor,
    token: uuid.UUID,
    channel: str = Channel.WEBSITE,
) -> SupportRequest:
    """Open a draft request. The intake form's `token` is unique in the database: posting the
    same form again returns the request it already made."""
    if holds(actor, "requests.fill_for_visitor"):
        received_by = actor
    elif beneficiary.owner_id == actor.pk:
        received_by, channel = None, Channel.WEBSITE
    else:
        raise PermissionDenied(_("Your role does not allow this action."))
    if not service.is_active:
        raise TransitionError(
            _("This service is not offered at the moment."), code="service_unavailable"
        )
    existing = SupportRequest.objects.filter(intake_token=token).first()
    if existing is not None:
        if existing.beneficiary_id != beneficiary.pk:
            raise PermissionDenied(_("Your role does not allow this action."))
        return existing
    try:
        with transaction.atomic():
            created = SupportRequest.objects.create(
                reference=reference_next(),
                beneficiary=beneficiary,
                service=service,
                channel=channel,
                created_by=actor,
                received_by=received_by,
                intake_token=token,
            )
            StatusChange.objects.create(
                request=created,
                from_status="",
                to_status=Status.DRAFT,
                actor=actor,
                audience=Audience.APPLICANT,
            )
    except IntegrityError:
        # The same form posted twice at once: the other post made the request.
        return SupportRequest.objects.get(intake_token=token)
    return created


def request_update_details(
    *, request: SupportRequest, actor, details: str, amount_requested: Decimal | None
) -> SupportRequest:
    with transaction.atomic():
        locked = _lock_editable(request, actor)
        locked.details = details
        locked.amount_requested = amount_requested
        locked._change_reason = "details"
        locked.save(update_fields=["details", "amount_requested", "updated_at"])
    return locked


def request_sign_declaration(
    *,
    request: SupportRequest,
    actor,
    typed_name: str,
    signature: str = "",
    sign_by_typing: bool = False,
    ip: str | None,
) -> SupportRequest:
    """The applicant's on-screen signature: the full name typed as in the file, and either a
    drawn signature or the ticked statement that the typed name is the signature (the way that
    needs no drawing, for keyboards and screen readers); the time, address, the declaration's
    version and the way it was signed are kept with it."""
    with transaction.atomic():
        locked = _lock_editable(request, actor)
        problems = {}
        if normalize_arabic_name(typed_name) != normalize_arabic_name(locked.beneficiary.full_name):
            problems["typed_name"] = ValidationError(
                _("Type your full name exactly as it is in your file."), code="name_mismatch"
            )
        if signature:
            method = SignatureMethod.DRAWN
            if not signature_is_valid(signature):
                problems["signature"] = ValidationError(
                    _("Please sign in the box."), code="signature_required"
                )
        elif sign_by_typing:
            method = SignatureMethod.TYPED
        else:
            problems["sign_by_typing"] = ValidationError(
                _("Tick the statement to sign with your typed name, or draw your signature."),
                code="signature_required",
            )
        if problems:
            raise ValidationError(problems)
        locked.declaration_signed_at = timezone.now()
        locked.declaration_version = DECLARATION_VERSION
        locked.declaration_name = " ".join(typed_name.split())
        locked.declaration_ip = ip
        locked.declaration_method = method
        locked.signature = signature if method == SignatureMethod.DRAWN else ""
        locked._change_reason = "declaration signed"
        locked.save(update_fields=[*DECLARATION_FIELDS, "signature", "updated_at"])
    return locked


DECLARATION_FIELDS = [
    "declaration_signed_at",
    "declaration_version",
    "declaration_name",
    "declaration_ip",
    "declaration_method",
]


SIGNATURE_PREFIX = "data:image/png;base64,"
SIGNATURE_MAX_LENGTH = 200_000


def signature_is_valid(signature: str) -> bool:
    if not signature.startswith(SIGNATURE_PREFIX) or len(signature) > SIGNATURE_MAX_LENGTH:
        return False
    try:
        data = base64.b64decode(signature.removeprefix(SIGNATURE_PREFIX), validate=True)
    except (ValueError, binascii.Error):
        return False
    return data.startswith(b"\x89PNG")


def signed_form_open(*, request: SupportRequest, user):
    """The scanned signed form, through the file's door: the check of the file's documents
    and the same access-log entry ("not found" when there is none or it is not theirs)."""
    if not request.signed_form:
        raise Http404
    beneficiary_services.file_paper_open(
        user=user, beneficiary=request.beneficiary, action=FileAccess.Action.SIGNED_FORM
    )
    return request.signed_form


def research_attachment_open(*, user, pk: int) -> ResearchAttachment:
    """A research attachment (of a report, or of a draft for its author only), through the
    file's door like `signed_form_open`: the same check and the same access-log entry."""
    attachment = selectors.research_attachment_get(user=user, pk=pk)
    owner = attachment.report or attachment.draft
    beneficiary_services.file_paper_open(
        user=user, beneficiary=owner.request.beneficiary, action=FileAccess.Action.ATTACHMENT
    )
    return attachment


def request_attach_signed_form(*, request: SupportRequest, actor, file) -> SupportRequest:
    """A walk-in signed the printed form; reception attaches the scan instead of an on-screen
    signature."""
    require(actor, "requests.attach_signed_form")
    with files_removed_on_error() as saved, transaction.atomic():
        locked = _lock_editable(request, actor)
        locked.signed_form = file
        locked.declaration_version = DECLARATION_VERSION
        locked._change_reason = "signed form attached"
        locked.save(update_fields=["signed_form", "declaration_version", "updated_at"])
        saved.append(locked.signed_form)
    return locked


def request_submit(*, request: SupportRequest, actor) -> SupportRequest:
    """Submit a draft, or submit again after completing what was missing."""
    return request_transition(request=request, to=Status.SUBMITTED, actor=actor)


def document_add(
    *, request: SupportRequest, actor, kind: DocumentKind, file, expiry_date=None
) -> Document:
    """A document added to the beneficiary's file from the request (it serves later requests
    too), through the file's own upload service (type by content, size, expiry); staff verify
    it."""
    with transaction.atomic():
        locked = _lock_editable(request, actor)
        return beneficiary_services.document_upload(
            beneficiary=locked.beneficiary,
            actor=actor,
            kind=kind,
            upload=file,
            expiry_date=expiry_date,
        )


def document_review(*, document: Document, actor, verified: bool, reason: str = "") -> Document:
    """Staff verify or reject a document from the request's checklist, by the file's own rules
    (an expired document cannot be verified)."""
    require(actor, "requests.review_document")
    if not verified and not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Please write the reason."), code="reason_required")}
        )
    return beneficiary_services.document_verify(
        document=document,
        actor=actor,
        status=VerificationStatus.VERIFIED if verified else VerificationStatus.REJECTED,
        reason=reason,
        today=timezone.localdate(),
    )


# ---------------------------------------------------------------------------------------------
# Staff actions around the status machine.


def request_mark_incomplete(
    *,
    request: SupportRequest,
    actor,
    kinds: list[DocumentKind] | tuple = (),
    labels: list[str] | tuple = (),
    note: str = "",
    expected: Status | None = None,
) -> SupportRequest:
    """Return the request to the applicant with what is missing, as items they answer one by
    one: document kinds the service requires, and free items staff type (kept as typed). The
    timeline and the applicant's message list them."""
    labels = [label.strip() for label in labels if label and label.strip()]
    kinds = list(dict.fromkeys(kinds))
    if not kinds and not labels:
        raise TransitionError(_("List at least one missing item."), code="nothing_missing")
    if any(len(label) > MISSING_LABEL_MAX for label in labels):
        raise TransitionError(
            _("Each missing item may have at most %(max)s characters.")
            % {"max": MISSING_LABEL_MAX},
            code="item_too_long",
        )
    required = set(request.service.required_document_kinds.values_list("pk", flat=True))
    if any(kind.pk not in required for kind in kinds):
        raise TransitionError(
            _("Choose only documents this service requires."), code="kind_not_required"
        )
    with transaction.atomic():
        # The items are written first, under the request's lock, so that the move's message
        # (sent from request_transition) lists them; a refused move rolls them back.
        locked = SupportRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        now = timezone.now()
        items = [
            MissingItem(request=locked, kind=kind, asked_by=actor, asked_at=now) for kind in kinds
        ] + [
            MissingItem(request=locked, label=label, asked_by=actor, asked_at=now)
            for label in labels
        ]
        for item in items:
            item._history_user = actor
            item.save()
        return request_transition(
            request=locked,
            to=Status.INCOMPLETE,
            actor=actor,
            note=note.strip(),
            event="missing_items",
            params={"items": [_item_params(item) for item in items]},
            expected=expected,
        )


MISSING_LABEL_MAX = 200


def _item_params(item: MissingItem) -> dict:
    """An item as the timeline keeps it: a kind's names in both languages, or the label."""
    if item.kind_id:
        return {"kind_ar": item.kind.name_ar, "kind_en": item.kind.name_en}
    return {"label": item.label}


def missing_item_answer(
    *, item: MissingItem, actor, upload, expiry_date: datetime.date | None = None
) -> MissingItem:
    """The applicant (or reception for a walk-in) answers one missing item with a document: it
    goes into the person's file with the item's kind, or as "other" titled with the item's
    label, through the file's own upload rules, and the item records it as its answer."""
    request = item.request
    if request.beneficiary.owner_id == actor.pk:
        require(actor, "requests.answer_own_missing_item")
    else:
        require(actor, "requests.answer_missing_item_for_visitor")
    with files_removed_on_error() as saved, transaction.atomic():
        locked_request = _lock_editable(request, actor)
        if locked_request.status != Status.INCOMPLETE:
            raise TransitionError(
                _("This request is not waiting for missing items."), code="not_incomplete"
            )
        locked = (
            MissingItem.objects.select_for_update(of=("self",))
            .select_related("kind")
            .get(pk=item.pk, request=locked_request)
        )
        if locked.is_answered:
            raise TransitionError(
                _("This item has already been answered."), code="already_answered"
            )
        document = beneficiary_services.document_upload(
            beneficiary=locked_request.beneficiary,
            actor=actor,
            kind=locked.kind or DocumentKind.objects.get(code=OTHER_KIND),
            upload=upload,
            expiry_date=expiry_date,
            title=locked.label,
        )
        saved.append(document.file)
        locked.document = document
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked._history_user = actor
        locked._change_reason = "answered"
        locked.save(update_fields=["document", "answered_by", "answered_at"])
    return locked


# The document kind a free item's answer is filed under (a managed list entry, seeded).
OTHER_KIND = "other"


def request_assign_researcher(
    *, request: SupportRequest, actor, researcher, expected: Status | None = None
) -> SupportRequest:
    """Assign the social researcher; a verified request then goes to research."""
    require(actor, "requests.assign_researcher")
    if not holds(researcher, "requests.write_research_report"):
        raise ValidationError(
            {
                "researcher": ValidationError(
                    _("Choose a social researcher."), code="researcher_required"
                )
            }
        )
    with transaction.atomic():
        locked = SupportRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if Status(locked.status) in FINAL:
            raise TransitionError(_("This request can no longer be changed."), code="not_editable")
        open_before = open_key(locked)
        locked.researcher = researcher
        locked._change_reason = "researcher assigned"
        locked.save(update_fields=["researcher", "updated_at"])
        open_count_move(before=open_before, after=open_key(locked))
        if locked.status == Status.VERIFIED:
            locked = request_transition(
                request=locked, to=Status.IN_RESEARCH, actor=actor, expected=expected
            )
        notify(user=researcher, event="request_assigned", context={"request": locked})
    return locked


def research_report_create(
    *,
    request: SupportRequest,
    actor,
    data: dict,
    files: list | None = None,
    expected: Status | None = None,
) -> ResearchReport:
    """The interview or home-visit report with the recommendation; it sends the request to the
    committee in the same transaction."""
    require(actor, "requests.write_research_report")
    with files_removed_on_error() as saved, transaction.atomic():
        request = SupportRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if request.status != Status.IN_RESEARCH or (
            expected is not None and request.status != expected
        ):
            raise TransitionError(
                _("Only a request in social research takes a report."), code="not_in_research"
            )
        report = ResearchReport.objects.create(request=request, author=actor, **data)
        for upload in files or []:
            saved.append(_research_attachment_store(upload, report=report).file)
        # The photos chosen while it was a draft become the report's (stored once, moved).
        draft = ResearchDraft.objects.filter(request=request, author=actor).first()
        if draft is not None:
            ResearchAttachment.objects.filter(draft=draft).update(report=report, draft=None)
            draft.delete()
        # A service the committee does not decide stays in research for the manager's decision.
        if request.service.needs_committee:
            request_transition(
                request=request,
                to=Status.READY_FOR_COMMITTEE,
                actor=actor,
                event="recommendation",
                params={"recommendation": report.recommendation},
                audience=Audience.STAFF,
                expected=expected,
            )
    return report


def _research_drafts_discard(request: SupportRequest) -> None:
    """A closed request takes no report: its unfinished drafts go, and their photos with them
    once the move is saved."""
    photos = [a.file for a in ResearchAttachment.objects.filter(draft__request=request)]
    ResearchDraft.objects.filter(request=request).delete()
    for field in photos:
        file_removed_after_commit(field)


def _research_attachment_store(upload, **owner) -> ResearchAttachment:
    return ResearchAttachment.objects.create(
        file=upload,
        original_name=upload.name[:255],
        content_type=getattr(upload, "content_type", "") or "",
        size=upload.size,
        **owner,
    )


def research_draft_save(
    *,
    request: SupportRequest,
    actor,
    data: dict,
    files: list | None = None,
    remove: list[int] | None = None,
) -> ResearchDraft:
    """Keep what the researcher typed (the fields given in `data`) and the photos they chose,
    take off the draft's photos they ticked (`remove`), without moving the request; the draft
    is theirs alone."""
    require(actor, "requests.write_research_report")
    with files_removed_on_error() as saved, transaction.atomic():
        request = SupportRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if request.status != Status.IN_RESEARCH:
            raise TransitionError(
                _("Only a request in social research takes a report."), code="not_in_research"
            )
        draft, _created = ResearchDraft.objects.select_for_update().get_or_create(
            request=request, author=actor
        )
        for name, value in data.items():
            setattr(draft, name, value)
        draft.updated_at = timezone.now()
        draft.full_clean(exclude=["request", "author"])
        draft.save()
        for attachment in ResearchAttachment.objects.filter(draft=draft, pk__in=remove or []):
            attachment.delete()
            file_removed_after_commit(attachment.file)
        for upload in files or []:
            saved.append(_research_attachment_store(upload, draft=draft).file)
    return draft


# ---------------------------------------------------------------------------------------------
# The contact log and referrals to the social researcher.


def contact_log(
    *,
    actor,
    channel: str,
    kind: str,
    summary: str,
    beneficiary: Beneficiary | None = None,
    request: SupportRequest | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    refer_question: str = "",
    researcher=None,
) -> ContactLog:
    """Log one contact; with a question, refer it to the social researcher as well."""
    require(actor, "requests.log_contact")
    if request is not None:
        beneficiary = request.beneficiary
    with transaction.atomic():
        contact = ContactLog.objects.create(
            channel=channel,
            kind=kind,
            summary=summary,
            beneficiary=beneficiary,
            request=request,
            visitor_name=visitor_name,
            visitor_phone=visitor_phone,
            officer=actor,
        )
        if refer_question.strip():
            referral_create(
                actor=actor,
                question=refer_question,
                contact=contact,
                beneficiary=beneficiary,
                request=request,
                researcher=researcher,
            )
    return contact


def referral_create(
    *,
    actor,
    question: str,
    contact: ContactLog | None = None,
    beneficiary: Beneficiary | None = None,
    request: SupportRequest | None = None,
    researcher=None,
) -> Referral:
    require(actor, "requests.refer_question")
    referral = Referral.objects.create(
        contact=contact,
        beneficiary=beneficiary,
        request=request,
        question=question.strip(),
        asked_by=actor,
        researcher=researcher,
    )
    if researcher is not None:
        notify(user=researcher, event="referral_created", context={"referral": referral})
    return referral


def referral_answer(*, referral: Referral, actor, answer: str) -> Referral:
    require(actor, "requests.answer_referral")
    if not answer.strip():
        raise ValidationError(
            {"answer": ValidationError(_("Please write the answer."), code="answer_required")}
        )
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.is_answered:
            raise ValidationError(
                _("This question has already been answered."), code="already_answered"
            )
        locked.answer = answer.strip()
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        if locked.researcher_id is None:
            locked.researcher = actor
        locked.save()
        notify(user=locked.asked_by, event="referral_answered", context={"referral": locked})
    return locked


# ---------------------------------------------------------------------------------------------
# The catalogue and the officer's tools (managers).


def catalogue_save(*, form, actor):
    """Save a service or an officer's tool from its validated form."""
    require(actor, "requests.manage_catalogue")
    with files_removed_on_error() as saved, transaction.atomic():
        instance = form.save(commit=False)
        upload = form.cleaned_data.get("file")
        if isinstance(instance, StaffTool) and upload and hasattr(upload, "content_type"):
            instance.original_name = upload.name[:255]
            instance.content_type = upload.content_type or ""
        instance.save()
        if isinstance(instance, StaffTool) and upload and hasattr(upload, "content_type"):
            saved.append(instance.file)
        form.save_m2m()
    return instance


# ---------------------------------------------------------------------------------------------
# Public tracking.

TRACKING_LIMIT = 10
TRACKING_WINDOW = datetime.timedelta(minutes=15)
# The first key of the advisory lock that serialises one address's look-ups.
TRACKING_LOCK = 7301


def tracking_lookup(*, reference: str, national_id: str, ip: str) -> SupportRequest | None:
    """Find a request by its reference and the beneficiary's ID number. Every look-up is
    counted per address in the database; past the limit the look-up is refused."""
    with transaction.atomic():
        # One look-up per address at a time: without this lock, simultaneous look-ups all count
        # the same rows before any inserts its own and many more than the limit get through.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [TRACKING_LOCK, ip])
        now = timezone.now()
        TrackingAttempt.objects.filter(created_at__lt=now - TRACKING_WINDOW * 4).delete()
        recent = TrackingAttempt.objects.filter(ip=ip, created_at__gte=now - TRACKING_WINDOW)
        if recent.count() >= TRACKING_LIMIT:
            raise RateLimited
        TrackingAttempt.objects.create(ip=ip, created_at=now)
    return (
        SupportRequest.objects.select_related("service")
        .filter(reference__iexact=reference.strip(), beneficiary__national_id=national_id)
        .exclude(status=Status.DRAFT)
        .first()
    )


class Declaration(TypedDict, total=False):
    """What `request_sign_declaration` takes besides the request and the actor."""

    typed_name: Required[str]
    signature: str
    sign_by_typing: bool
    ip: Required[str | None]


def request_declare_and_submit(
    *, request: SupportRequest, actor, **declaration: Unpack[Declaration]
) -> SupportRequest:
    """Sign the declaration on screen (`request_sign_declaration`) and submit, in one
    transaction."""
    with transaction.atomic():
        signed = request_sign_declaration(request=request, actor=actor, **declaration)
        return request_submit(request=signed, actor=actor)


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as a PNG data URI, one pixel a module (documents embed it; nothing is
    fetched), for a document to scale up with `image-rendering: pixelated` (the PDF then tells
    viewers not to smooth it, so the modules stay sharp at any size). WeasyPrint places a PNG
    in a fraction of the time it takes to draw the SVG path, and a small one faster still."""
    import segno

    return segno.make(url, error="m").png_data_uri(scale=1, border=2)


# ---------------------------------------------------------------------------------------------
# The two-week clock reminds the people who hold a request.


def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell, in the portal and by e-mail, the researcher of their requests near the deadline,
    the chair of the requests waiting for a meeting near it, and the managers of every overdue
    request. One message per person per day (the notification key holds the date), so the
    maintenance timer may run this as often as it likes. Returns how many people were told."""
    today = today or timezone.localdate()
    near = today + datetime.timedelta(days=settings.MAKIN_DEADLINE_REMINDER_DAYS)
    waiting = SupportRequest.objects.filter(
        status__in=WAITING_FOR_DECISION, decision_due__isnull=False
    ).order_by("decision_due", "reference")
    User = get_user_model()
    lists: dict[int, list[SupportRequest]] = {}
    people: dict[int, object] = {}

    def add(user, request):
        people[user.pk] = user
        lists.setdefault(user.pk, []).append(request)

    for request in waiting.filter(
        status__in=[Status.IN_RESEARCH, Status.DEFERRED], decision_due__lte=near
    ).select_related("researcher"):
        if request.researcher is not None and request.researcher.is_active:
            add(request.researcher, request)
    for_meeting = list(waiting.filter(status=Status.READY_FOR_COMMITTEE, decision_due__lte=near))
    for chair in User.objects.filter(is_committee_chair=True, is_active=True):
        for request in for_meeting:
            add(chair, request)
    overdue = list(waiting.filter(decision_due__lt=today))
    for manager in User.objects.filter(groups__name=Role.MANAGER, is_active=True).distinct():
        for request in overdue:
            add(manager, request)

    with transaction.atomic():
        for pk, requests in lists.items():
            notify(
                user=people[pk],
                event="deadline_reminder",
                context={
                    "rows": [
                        {
                            "request": r,
                            "days_left": (r.decision_due - today).days,
                            "overdue_by": (today - r.decision_due).days,
                            "url": settings.MAKIN_SITE_URL.rstrip("/")
                            + reverse("requests:detail", kwargs={"reference": r.reference}),
                        }
                        for r in requests
                    ]
                },
                key=f"deadline-reminder:{today.isoformat()}",
            )
    return len(lists)
