"""Every write to the beneficiary file. Keyword-only, typed, atomic; each takes the acting user,
checks what it must, and leaves a history row (django-simple-history) naming that user."""

import datetime
import hashlib
import logging
import os
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from makin.case import Write
from makin.channels import Channel
from makin.files import (
    ACCEPTED_TYPES,
    file_removed_after_commit,
    files_removed_on_error,
    upload_content_type,
)
from makin.notifications import notify
from makin.rules import holds, require

from . import selectors
from .arabic import normalize_arabic_name
from .models import (
    ActivationInvite,
    Beneficiary,
    Document,
    DocumentKind,
    DuplicateCandidate,
    DuplicateStatus,
    FieldGroup,
    FieldGroupVerification,
    FileAccess,
    HouseholdMember,
    IncomeSource,
    MessageMedium,
    VerificationStatus,
)
from .selectors import (
    FIELD_GROUP_FIELDS,
    FILE_FIELDS,
    beneficiary_recipient,
    duplicates_find,
    file_related_objects,
)

logger = logging.getLogger(__name__)


# The file -------------------------------------------------------------------------------------


def _save(obj, actor, reason: str = "") -> None:
    obj._history_user = actor
    if reason:
        obj._change_reason = reason[:100]
    obj.save()


def _reset_verifications(*, beneficiary: Beneficiary, groups: Iterable[str], actor) -> None:
    """A verified part of the file that changes must be verified again."""
    for verification in FieldGroupVerification.objects.filter(
        beneficiary=beneficiary, group__in=list(groups)
    ).exclude(status=VerificationStatus.PENDING):
        verification.status = VerificationStatus.PENDING
        verification.reason = ""
        verification.verified_by = None
        verification.verified_at = None
        _save(verification, actor, "changed after verification")


def _sync_rows(*, model, beneficiary: Beneficiary, rows: list[dict], actor) -> bool:
    """Apply a form set's rows: each dict has the fields, `id` (None for a new row) and
    `delete`. Returns whether anything changed."""
    existing = {obj.pk: obj for obj in model.objects.filter(beneficiary=beneficiary)}
    changed = False
    for row in rows:
        row = dict(row)
        pk, delete = row.pop("id", None), row.pop("delete", False)
        obj = existing.get(pk) if pk else None
        if pk and obj is None:
            raise PermissionDenied  # a row of another file
        if delete:
            if obj is not None:
                obj._history_user = actor
                obj.delete()
                changed = True
            continue
        if obj is None:
            obj = model(beneficiary=beneficiary)
        elif all(getattr(obj, name) == value for name, value in row.items()):
            continue
        for name, value in row.items():
            setattr(obj, name, value)
        obj.full_clean()
        _save(obj, actor)
        changed = True
    return changed


def _record_duplicates(*, beneficiary: Beneficiary) -> list[DuplicateCandidate]:
    check = duplicates_find(
        national_id=None,
        name=beneficiary.full_name,
        mobile=beneficiary.mobile,
        birth_date=beneficiary.birth_date,
        exclude_pk=beneficiary.pk,
    )
    found = []
    for other in check.similar:
        first, second = sorted([beneficiary, other], key=lambda b: b.pk)
        candidate, created = DuplicateCandidate.objects.get_or_create(
            file=first,
            other=second,
            defaults={
                "similarity": round(other.similarity, 3),
                "same_mobile": other.same_mobile,
                "same_birth_date": other.same_birth_date,
            },
        )
        if created:
            found.append(candidate)
    return found


@transaction.atomic
def beneficiary_create(
    *,
    actor,
    fields: dict,
    incomes: list[dict] | None = None,
    owner=None,
    registered_via: str = Channel.WEBSITE,
    consent_version: str,
) -> Beneficiary:
    """A new file, online (the applicant is `owner`) or by reception for a walk-in or phone
    visitor. The person's consent to the privacy notice is recorded with its version. Files that
    look like an existing one are created (staff confirmed they differ, or the applicant could
    not know) and land in the duplicate review queue."""
    if owner is None and not holds(actor, "beneficiaries.register_file"):
        raise PermissionDenied
    if owner is not None and owner != actor:
        raise PermissionDenied
    if owner is not None and Beneficiary.objects.filter(owner=owner).exists():
        raise ValidationError(_("You already have a file."), code="file_exists")
    if not consent_version:
        raise ValidationError(
            _("The privacy notice must be accepted first."), code="privacy_not_accepted"
        )
    beneficiary = Beneficiary(
        **fields,
        owner=owner,
        registered_via=registered_via,
        created_by=actor,
        consent_version=consent_version,
        consented_at=timezone.now(),
    )
    if owner is not None:
        beneficiary.national_id = owner.national_id
    beneficiary.name_normalized = normalize_arabic_name(beneficiary.full_name)
    _record_whatsapp_consent(beneficiary)
    beneficiary.full_clean()
    _save(beneficiary, actor)
    if incomes:
        _sync_rows(model=IncomeSource, beneficiary=beneficiary, rows=incomes, actor=actor)
    _record_duplicates(beneficiary=beneficiary)
    return beneficiary


def _record_whatsapp_consent(beneficiary: Beneficiary) -> None:
    """The time the person agreed to WhatsApp, kept while they keep it; choosing SMS again
    withdraws it (the file's history keeps the earlier record)."""
    if beneficiary.preferred_medium != MessageMedium.WHATSAPP:
        beneficiary.whatsapp_consented_at = None
    elif beneficiary.whatsapp_consented_at is None:
        beneficiary.whatsapp_consented_at = timezone.now()


def _can_change(actor, beneficiary) -> bool:
    return holds(actor, "beneficiaries.change_file", beneficiary)


@transaction.atomic
def beneficiary_update(
    *,
    beneficiary: Beneficiary,
    actor,
    fields: dict,
    incomes: list[dict] | None = None,
    consent_version: str | None = None,
) -> Beneficiary:
    """Change the file; the parts that changed need verifying again."""
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if not _can_change(actor, beneficiary):
        raise PermissionDenied
    fields = dict(fields)
    if beneficiary.owner_id and actor.pk == beneficiary.owner_id:
        fields.pop("national_id", None)  # the applicant's ID number is their account's
    changed_groups = {
        group
        for group, names in FIELD_GROUP_FIELDS.items()
        for name in names
        if name in fields and getattr(beneficiary, name) != fields[name]
    }
    for name, value in fields.items():
        setattr(beneficiary, name, value)
    if consent_version:
        beneficiary.consent_version = consent_version
        beneficiary.consented_at = timezone.now()
    beneficiary.name_normalized = normalize_arabic_name(beneficiary.full_name)
    _record_whatsapp_consent(beneficiary)
    beneficiary.full_clean()
    _save(beneficiary, actor)
    if incomes is not None and _sync_rows(
        model=IncomeSource, beneficiary=beneficiary, rows=incomes, actor=actor
    ):
        changed_groups.add(FieldGroup.SITUATION)
    _reset_verifications(beneficiary=beneficiary, groups=changed_groups, actor=actor)
    if changed_groups & {FieldGroup.IDENTITY, FieldGroup.CONTACT}:
        _record_duplicates(beneficiary=beneficiary)
    return beneficiary


@transaction.atomic
def household_save(*, beneficiary: Beneficiary, actor, rows: list[dict]) -> bool:
    """The household form set, saved whole or not at all."""
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if not _can_change(actor, beneficiary):
        raise PermissionDenied
    changed = _sync_rows(model=HouseholdMember, beneficiary=beneficiary, rows=rows, actor=actor)
    if changed:
        _reset_verifications(beneficiary=beneficiary, groups=[FieldGroup.HOUSEHOLD], actor=actor)
    return changed


def beneficiary_record_access(
    *, beneficiary: Beneficiary, user, action: str, document: Document | None = None
) -> None:
    """Log a staff member's look at a file (the applicant's own looks are not logged)."""
    if user.pk == beneficiary.owner_id:
        return
    FileAccess.objects.create(beneficiary=beneficiary, user=user, action=action, document=document)


# The INSERT of `file_access_write`: the row `beneficiary_record_access` writes, for the file
# `%s` (the fourth value) when it exists and is not the user's own.
FILE_ACCESS_SQL = (
    'INSERT INTO "beneficiaries_fileaccess" ("beneficiary_id", "user_id", "action", '
    '"document_id", "at") SELECT "id", CAST(%s AS bigint), CAST(%s AS varchar), NULL, '
    'CAST(%s AS timestamp with time zone) FROM "beneficiaries_beneficiary" WHERE "id" = %s '
    'AND "owner_id" IS DISTINCT FROM CAST(%s AS bigint)'
)


def file_access_write(*, user, beneficiary_id: int, action: str) -> Write:
    """A staff member's look at a file logged as `beneficiary_record_access` logs it (the same
    row; none for the applicant's own look, nor for a file that does not exist), written by
    the statement that reads the page (`makin.case.Write`): no round trip of its own, and the
    page fails if the row cannot be written."""
    return Write(FILE_ACCESS_SQL, (user.pk, action, timezone.now(), beneficiary_id, user.pk))


# Documents ------------------------------------------------------------------------------------


def document_open(*, user, uuid, beneficiary_id: int | None = None) -> Document:
    """The one door to a document's bytes, whatever page links to it: the document if this
    person may see it ("not found" otherwise, and when it is not of `beneficiary_id`'s file),
    with the staff access-log entry written."""
    document = selectors.document_get_for_user(user=user, uuid=uuid)
    if beneficiary_id is not None and document.beneficiary_id != beneficiary_id:
        raise Http404
    beneficiary_record_access(
        beneficiary=document.beneficiary,
        user=user,
        action=FileAccess.Action.DOCUMENT,
        document=document,
    )
    return document


def file_paper_open(*, user, beneficiary: Beneficiary, action: str) -> None:
    """The same door for a file's papers that other apps keep (the scanned signed form, a
    research attachment): the check of a document ("not found" to whoever may not see the
    file's documents) and the same access-log entry."""
    if not holds(user, "beneficiaries.view_file_paper", beneficiary):
        raise Http404
    beneficiary_record_access(beneficiary=beneficiary, user=user, action=action)


@transaction.atomic
def document_upload(
    *,
    beneficiary: Beneficiary,
    actor,
    kind: DocumentKind,
    upload,
    expiry_date: datetime.date | None = None,
    title: str = "",
) -> Document:
    require(actor, "beneficiaries.upload_file_document", beneficiary)
    content_type = upload_content_type(upload)
    today = timezone.localdate()
    if expiry_date and expiry_date < today:
        raise ValidationError(_("This document has expired."), code="expired")
    if kind.has_expiry and not expiry_date:
        raise ValidationError(_("Enter the expiry date of this document."), code="expiry_missing")
    document = Document(
        beneficiary=beneficiary,
        kind=kind,
        original_name=os.path.basename(upload.name)[:200] or "document",
        content_type=content_type,
        size=upload.size,
        expiry_date=expiry_date,
        title=title[:200],
        uploaded_by=actor,
    )
    with files_removed_on_error() as saved:
        document.file.save(f"{document.uuid}.{ACCEPTED_TYPES[content_type]}", upload, save=False)
        saved.append(document.file)
        _save(document, actor)
    return document


@transaction.atomic
def document_delete(*, document: Document, actor) -> None:
    """A document not yet verified can be withdrawn by its owner or staff."""
    require(actor, "beneficiaries.delete_file_document", document)
    document._history_user = actor
    document.delete()
    file_removed_after_commit(document.file)


def _check_verifier(actor) -> None:
    require(actor, "beneficiaries.verify_file")


def _verdict_check(*, status: str, reason: str) -> None:
    """Staff's verdict is verified, or rejected with a reason."""
    if status == VerificationStatus.REJECTED and not reason.strip():
        raise ValidationError(_("Give the reason for rejecting."), code="reason_required")
    if status not in (VerificationStatus.VERIFIED, VerificationStatus.REJECTED):
        raise ValidationError(_("Choose verified or rejected."), code="unknown_status")


def _verdict_record(row, *, status: str, reason_field: str, reason: str, actor) -> None:
    """Keep the verdict on a document or a part of the file: who, when, and the reason of a
    rejection (none is kept for a verified one)."""
    row.status = status
    setattr(row, reason_field, reason.strip() if status == VerificationStatus.REJECTED else "")
    row.verified_by = actor
    row.verified_at = timezone.now()
    _save(row, actor)


@transaction.atomic
def document_verify(
    *, document: Document, actor, status: str, reason: str = "", today: datetime.date
) -> Document:
    """Staff mark a document verified or rejected (with a reason). An expired document, or one
    whose expiry date is unknown when its kind has one, cannot be verified."""
    _check_verifier(actor)
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("kind", "beneficiary")
        .get(pk=document.pk)
    )
    if document.beneficiary.merged_into_id:
        raise ValidationError(_("This file was merged into another."), code="merged")
    _verdict_check(status=status, reason=reason)
    if status == VerificationStatus.VERIFIED:
        if document.kind.has_expiry and document.expiry_date is None:
            raise ValidationError(
                _("This document's expiry date is unknown."), code="expiry_unknown"
            )
        if not document.is_valid_on(today):
            raise ValidationError(
                _("This document has expired: it cannot be verified."), code="expired"
            )
    _verdict_record(
        document, status=status, reason_field="rejection_reason", reason=reason, actor=actor
    )
    return document


@transaction.atomic
def field_group_verify(
    *,
    beneficiary: Beneficiary,
    group: str,
    actor,
    status: str,
    reason: str = "",
    today: datetime.date,
) -> FieldGroupVerification:
    """Staff mark one part of the file verified or rejected (with a reason); the identity
    cannot be verified while the ID is expired."""
    _check_verifier(actor)
    if group not in FieldGroup.values:
        raise ValidationError(_("Unknown part of the file."), code="unknown_group")
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if beneficiary.merged_into_id:
        raise ValidationError(_("This file was merged into another."), code="merged")
    _verdict_check(status=status, reason=reason)
    if status == VerificationStatus.VERIFIED:
        if group == FieldGroup.IDENTITY and not beneficiary.id_valid_on(today):
            raise ValidationError(
                _("The ID has expired: the identity cannot be verified."), code="id_expired"
            )
        if group == FieldGroup.BANK and not beneficiary.iban:
            raise ValidationError(_("There is no IBAN to verify."), code="no_iban")
    verification, _created = FieldGroupVerification.objects.get_or_create(
        beneficiary=beneficiary, group=group
    )
    _verdict_record(verification, status=status, reason_field="reason", reason=reason, actor=actor)
    return verification


# Duplicates -----------------------------------------------------------------------------------


def _check_reviewer(actor, reason: str) -> None:
    require(actor, "beneficiaries.handle_duplicates")
    if not reason.strip():
        raise ValidationError(_("Give the reason for your decision."), code="reason_required")


@transaction.atomic
def duplicate_mark_distinct(*, candidate: DuplicateCandidate, actor, reason: str):
    _check_reviewer(actor, reason)
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateStatus.OPEN:
        raise ValidationError(_("This pair was already decided."), code="already_decided")
    candidate.status = DuplicateStatus.DISTINCT
    candidate.resolved_by = actor
    candidate.resolved_at = timezone.now()
    candidate.reason = reason.strip()
    _save(candidate, actor)
    return candidate


# Optional fields the kept file takes from the merged one when it has none.
MERGE_FILL_FIELDS = tuple(name for name in FILE_FIELDS if Beneficiary._meta.get_field(name).blank)


@transaction.atomic
def duplicate_merge(
    *, candidate: DuplicateCandidate, keep: Beneficiary, actor, reason: str
) -> Beneficiary:
    """Merge the pair into `keep`: the other file's household, income, documents, requests and
    every other row that points at it move to `keep`; `keep`'s empty optional fields are filled
    from it; its online account moves if `keep` has none. The other file stays, read-only,
    marked as merged, so nothing is lost and the decision is on record."""
    _check_reviewer(actor, reason)
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateStatus.OPEN:
        raise ValidationError(_("This pair was already decided."), code="already_decided")
    if keep.pk not in (candidate.file_id, candidate.other_id):
        raise ValidationError(_("Keep one of the two files."), code="keep_one")
    drop_pk = candidate.other_id if keep.pk == candidate.file_id else candidate.file_id
    locked = {
        b.pk: b for b in Beneficiary.objects.select_for_update().filter(pk__in=[keep.pk, drop_pk])
    }
    keep, drop = locked[keep.pk], locked[drop_pk]
    if keep.merged_into_id or drop.merged_into_id:
        raise ValidationError(
            _("One of these files was already merged into another."), code="merged"
        )
    if keep.owner_id and drop.owner_id:
        raise ValidationError(
            _(
                "Both files have an online account; they cannot be merged. Mark them distinct "
                "or ask the administrator."
            ),
            code="both_have_accounts",
        )
    for relation, rows in file_related_objects(beneficiary=drop):
        if relation.related_model in (FieldGroupVerification, DuplicateCandidate):
            continue  # verifications belong to the data they checked
        for row in rows:
            setattr(row, relation.field.name, keep)
            if hasattr(row, "history"):
                _save(row, actor, "merged duplicate")
            else:
                row.save(update_fields=[relation.field.name])
    for name in MERGE_FILL_FIELDS:
        if getattr(keep, name) in (None, "") and getattr(drop, name) not in (None, ""):
            setattr(keep, name, getattr(drop, name))
    owner = None
    if drop.owner_id and not keep.owner_id:
        owner, drop.owner = drop.owner, None
    now = timezone.now()
    drop.merged_into, drop.merged_at = keep, now
    _save(drop, actor, "merged into another file")
    if owner is not None:
        keep.owner = owner
    _save(keep, actor, "merged a duplicate")
    candidate.status = DuplicateStatus.MERGED
    candidate.resolved_by = actor
    candidate.resolved_at = now
    candidate.reason = reason.strip()
    _save(candidate, actor)
    return keep


# Activation of an online account for a walk-in ------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def activation_invite_create(*, beneficiary: Beneficiary, actor) -> tuple[ActivationInvite, str]:
    """A single-use link for a walk-in file without an online account, sent through `notify`
    by SMS to the file's mobile and by e-mail where there is one, and returned so staff can hand
    it over (or print it when the file has no mobile). `invite.sent_by` lists the media the
    message was queued on (empty: nothing was sent). The link's token is stored hashed on the
    invitation; the messages carry it to the person."""
    require(actor, "beneficiaries.invite_holder")
    if beneficiary.owner_id:
        raise ValidationError(_("This file already has an online account."), code="has_account")
    if beneficiary.merged_into_id:
        raise ValidationError(_("This file was merged into another."), code="merged")
    token = secrets.token_urlsafe(32)
    invite = ActivationInvite.objects.create(
        token=_token_hash(token),
        beneficiary=beneficiary,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.MAKIN_ACTIVATION_DAYS),
    )
    link = settings.MAKIN_SITE_URL.rstrip("/") + reverse(
        "beneficiaries:activate", kwargs={"token": token}
    )
    notification = notify(
        user=beneficiary_recipient(beneficiary),
        event="activation_invite",
        context={"activation_url": link, "days": settings.MAKIN_ACTIVATION_DAYS},
        sms=True,
        key=f"activation-invite:{invite.pk}",
    )
    invite.sent_by = sorted(notification.deliveries.values_list("medium", flat=True))
    return invite, token


def activation_invite_get(*, token: str) -> ActivationInvite | None:
    invite = (
        ActivationInvite.objects.select_related("beneficiary")
        .filter(token=_token_hash(token or ""))
        .first()
    )
    if invite is None or not invite.is_usable(timezone.now()):
        return None
    if invite.beneficiary.owner_id or invite.beneficiary.merged_into_id:
        return None
    return invite


@transaction.atomic
def activation_invite_accept(
    *, token: str, national_id: str, password: str | None = None, email: str = "", user=None
):
    """Link the walk-in file to an online account: a new one made with `password`, or the
    logged-in `user` whose ID number is the file's. The person proves the file is theirs with
    the link (sent to the file's mobile) and its ID number."""
    from makin.services import applicant_signup

    invite = activation_invite_get(token=token)
    if invite is None:
        raise ValidationError(
            _("This link is no longer valid. Ask reception for a new one."), code="invite_invalid"
        )
    invite = ActivationInvite.objects.select_for_update().get(pk=invite.pk)
    beneficiary = Beneficiary.objects.select_for_update().get(pk=invite.beneficiary_id)
    if national_id != beneficiary.national_id:
        raise ValidationError(
            _("The ID number does not match the file of this link."), code="id_mismatch"
        )
    if user is None:
        from django.contrib.auth import get_user_model

        if get_user_model().objects.filter(national_id=national_id).exists():
            raise ValidationError(
                _(
                    "An account with this ID number already exists: log in, then open the link "
                    "again."
                ),
                code="account_exists",
            )
        user = applicant_signup(
            national_id=national_id,
            first_name=beneficiary.first_name,
            last_name=beneficiary.family_name,
            mobile=beneficiary.mobile,
            email=email,
            password=password,
        )
    elif user.national_id != national_id or Beneficiary.objects.filter(owner=user).exists():
        raise ValidationError(_("This account cannot take this file."), code="account_mismatch")
    beneficiary.owner = user
    _save(beneficiary, user, "online account activated")
    invite.used_at = timezone.now()
    invite.save(update_fields=["used_at"])
    return user
