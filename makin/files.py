"""Uploaded files, one rule for every app: accepted by content (PDF, JPEG, PNG), within
MAKIN_DOCUMENT_MAX_BYTES, and served privately (never from a public URL)."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# Accepted types and the extension each is stored under.
ACCEPTED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def upload_content_type(upload) -> str:
    """The file's real type, read from its first bytes; ValidationError unless PDF, JPEG or
    PNG of at most MAKIN_DOCUMENT_MAX_BYTES."""
    limit = settings.MAKIN_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Please send a smaller file.")
            % {"size": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(2048))
    upload.seek(0)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted."), code="file_type")
    return kind.mime


def private_file_response(
    field, *, filename: str, content_type: str | None = None, as_attachment: bool = False
) -> FileResponse:
    """A stored file for the person the view has already authorised: a safe
    Content-Disposition from Django, no type sniffing, no caching on the way."""
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type or None,
        as_attachment=as_attachment,
        filename=filename or "file",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
