"""Uploaded files, one rule for every app: accepted by content (a PDF that opens with at least
one page, a JPEG or PNG that decodes fully within a pixel limit), within
MAKIN_DOCUMENT_MAX_BYTES, under a name without hidden characters, and served privately (never
from a public URL) under a name whose extension is the file's real type."""

import contextlib
import os
import re
import unicodedata
import warnings

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageFile
from pypdf import PdfReader

# Accepted types and the extension each is stored and downloaded under.
ACCEPTED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

# Markers of a file that is also a web page, a script or an archive (a polyglot): a browser or
# an unpacker could read it as something other than the document it claims to be.
POLYGLOT_MARKERS = re.compile(
    rb"<\s*(script|html|svg|iframe|object|embed|body)\b|<\?php|<!doctype\s+html|javascript:",
    re.IGNORECASE,
)
# A zip archive is read from its end: its directory's signature in the last bytes.
ZIP_DIRECTORY = b"PK\x05\x06"
ZIP_TAIL_BYTES = 65_557
# A PDF that runs a script or a program when opened.
PDF_ACTIONS = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?)\b")

# Characters that change how a name reads without being seen: bidirectional overrides and
# isolates, zero-width characters, and control characters.
HIDDEN_CHARACTERS = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def check_file_name(name: str) -> None:
    """A name without folders, hidden or control characters: "invoice\u202efdp.exe" reads as
    "invoiceexe.pdf" and "../../x.pdf" points outside the upload folder."""
    if HIDDEN_CHARACTERS.search(name) or "/" in name or "\\" in name or name.strip(". ") == "":
        _refuse(
            _(
                "The file name contains characters that are not allowed. Rename the file "
                "using letters and numbers, then send it again."
            ),
            "file_name",
        )


def _check_pdf(upload) -> None:
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            _refuse(
                _("This PDF is protected by a password. Please send it without a password."),
                "pdf_encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds for a broken file
        pages = 0
    if pages < 1:
        _refuse(
            _("This PDF cannot be opened or has no pages. Please send the document again."),
            "pdf_broken",
        )


def _check_image(upload) -> None:
    limit = settings.MAKIN_IMAGE_MAX_PIXELS
    # A truncated picture is a broken one, whatever was imported before: WeasyPrint, once
    # imported, turns Pillow's acceptance of truncated images on for the whole process.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > limit:
                    raise Image.DecompressionBombError
                image.load()  # the whole picture, not only its header
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(
            _("The picture is too large in pixels. Please send a smaller picture."),
            "image_too_large",
        )
    except Exception:  # Pillow raises many kinds for a broken file
        _refuse(
            _("This picture cannot be opened. Please take or scan it again."),
            "image_broken",
        )


def upload_content_type(upload) -> str:
    """The file's real type, read from its content; ValidationError unless a PDF that opens,
    or a JPEG or PNG that decodes, of 1 byte to MAKIN_DOCUMENT_MAX_BYTES, under a clean name."""
    limit = settings.MAKIN_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        _refuse(
            _("The file is larger than %(size)s MB. Please send a smaller file.")
            % {"size": limit // (1024 * 1024)},
            "too_large",
        )
    if not upload.size:
        _refuse(_("The file is empty. Please choose the file again."), "empty")
    check_file_name(upload.name or "")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = filetype.guess(content[:2048])
    if (
        kind is None
        or kind.mime not in ACCEPTED_TYPES
        or POLYGLOT_MARKERS.search(content)
        or ZIP_DIRECTORY in content[-ZIP_TAIL_BYTES:]
        or (kind.mime == "application/pdf" and PDF_ACTIONS.search(content))
    ):
        _refuse(_("Only PDF, JPEG or PNG files are accepted."), "file_type")
    try:
        if kind.mime == "application/pdf":
            _check_pdf(upload)
        else:
            _check_image(upload)
    finally:
        upload.seek(0)
    return kind.mime


def download_name(name: str, content_type: str) -> str:
    """The name a file downloads under: its own name without folders or hidden characters,
    with the extension of its real type ("x.html" that is a PDF downloads as "x.pdf")."""
    name = unicodedata.normalize("NFC", name or "")
    name = HIDDEN_CHARACTERS.sub("", name.replace("\\", "/")).split("/")[-1].strip(" .")
    stem = os.path.splitext(name)[0].strip(" .") or "file"
    extension = ACCEPTED_TYPES.get(content_type)
    return f"{stem}.{extension}" if extension else stem


def stored_content_type(field) -> str:
    """The real type of a stored file, read from its first bytes ("" when not accepted)."""
    with field.open("rb") as handle:
        kind = filetype.guess(handle.read(2048))
    return kind.mime if kind and kind.mime in ACCEPTED_TYPES else ""


@contextlib.contextmanager
def files_removed_on_error(*fields):
    """Files written in the block are deleted again if the block fails, so a rolled-back
    transaction leaves no file without its row. Yields a list; append each saved FieldFile."""
    saved = list(fields)
    try:
        yield saved
    except BaseException:
        for field in saved:
            if field and field.name:
                with contextlib.suppress(OSError):
                    field.storage.delete(field.name)
        raise


def file_removed_after_commit(field) -> None:
    """Delete a stored file once the transaction that removed its row commits (never before:
    a rolled-back delete keeps both). A file already gone is not an error."""
    storage, name = field.storage, field.name
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def private_file_response(
    field, *, filename: str, content_type: str | None = None, as_attachment: bool = False
) -> FileResponse:
    """A stored file for the person the view has already authorised: its real type, a name
    whose extension matches it, a safe Content-Disposition from Django, no type sniffing, no
    caching on the way."""
    try:
        content_type = content_type or stored_content_type(field)
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        as_attachment=as_attachment,
        filename=download_name(filename, content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
