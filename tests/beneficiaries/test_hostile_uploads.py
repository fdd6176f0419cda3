"""Hostile uploads: every one refused with a clear Arabic message, nothing stored, and a stored
document downloads under the extension of its real type."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter

from beneficiaries.models import Document
from makin.files import download_name, upload_content_type
from tests.factories import PDF_BYTES, PNG_BYTES, DocumentFactory, document_kind, jpeg_bytes

pytestmark = pytest.mark.django_db

ARABIC = {
    "file_type": "لا تُقبل إلا ملفات PDF أو JPEG أو PNG.",
    "pdf_broken": "تعذّر فتح ملف PDF هذا أو ليس فيه صفحات. أرسل المستند مرة أخرى.",
    "pdf_encrypted": "ملف PDF هذا محمي بكلمة مرور. أرسله من غير كلمة مرور.",
    "image_broken": "تعذّر فتح هذه الصورة. صوّرها أو امسحها ضوئيًا مرة أخرى.",
    "image_too_large": "أبعاد الصورة كبيرة جدًا. أرسل صورة أصغر.",
    "file_name": (
        "اسم الملف فيه رموز غير مسموح بها. غيّر اسم الملف إلى حروف وأرقام ثم أرسله مرة أخرى."
    ),
    "empty": "الملف فارغ. اختر الملف مرة أخرى.",
    "too_large": "حجم الملف أكبر من 1 ميغابايت. يرجى إرسال ملف أصغر.",
}


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int, pixels: bytes = b"\x00") -> bytes:
    """A PNG whose header claims width × height whatever its data holds."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(pixels))
        + png_chunk(b"IEND", b"")
    )


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(PDF_BYTES))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_NO_PAGES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Count 0 /Kids [ ] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/my/')</script></body></html>"

# (what it is, name, content, the refusal's code)
HOSTILE = [
    ("an executable named .pdf", "id.pdf", b"MZ\x90\x00\x03\x00\x00\x00 program", "file_type"),
    ("text that starts with %PDF", "id.pdf", b"%PDF-1.7 only some text", "pdf_broken"),
    ("a %PDF header over a web page", "id.pdf", b"%PDF-1.4\n" + HTML, "file_type"),
    ("a PDF with a zip appended", "id.pdf", PDF_BYTES + zip_bytes(), "file_type"),
    ("a PNG with a web page appended", "id.png", PNG_BYTES + HTML, "file_type"),
    ("a JPEG with a zip appended", "id.jpg", jpeg_bytes() + zip_bytes(), "file_type"),
    ("a JPEG with PHP in it", "id.jpg", jpeg_bytes() + b"<?php system($_GET[0]); ?>", "file_type"),
    ("an SVG with a script", "id.svg", SVG, "file_type"),
    ("an SVG renamed .png", "id.png", SVG, "file_type"),
    ("a web page renamed .pdf", "id.pdf", HTML, "file_type"),
    ("a web page renamed .jpg", "id.jpg", HTML, "file_type"),
    ("a zip archive renamed .pdf", "id.pdf", zip_bytes(), "file_type"),
    ("a GIF", "id.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "file_type"),
    (
        "a PDF that runs JavaScript",
        "id.pdf",
        PDF_BYTES.replace(b"/Producer", b"/JavaScript"),
        "file_type",
    ),
    (
        "a PDF that launches a program",
        "id.pdf",
        PDF_BYTES.replace(b"/Producer", b"/Launch"),
        "file_type",
    ),
    ("a PDF with no pages", "id.pdf", PDF_NO_PAGES, "pdf_broken"),
    ("a PDF cut in half", "id.pdf", PDF_BYTES[:200], "pdf_broken"),
    ("a PDF with a password", "id.pdf", encrypted_pdf(), "pdf_encrypted"),
    ("a PNG header only", "id.png", PNG_BYTES[:33], "image_broken"),
    (
        "a PNG with broken data",
        "id.png",
        PNG_BYTES[:41] + b"\x00" * 12 + PNG_BYTES[53:],
        "image_broken",
    ),
    ("a JPEG cut short", "id.jpg", jpeg_bytes()[:120], "image_broken"),
    ("a decompression bomb", "id.png", png_claiming(100_000, 100_000), "image_too_large"),
    ("a picture over the pixel limit", "id.png", png_claiming(8000, 6000), "image_too_large"),
    ("a name with a right-to-left override", "invoice\u202efdp.exe", PDF_BYTES, "file_name"),
    ("a name with a zero-width space", "id\u200b.pdf", PDF_BYTES, "file_name"),
    ("a name with a control character", "id\x07.pdf", PDF_BYTES, "file_name"),
    ("an empty file", "id.pdf", b"", "empty"),
    ("one byte over the limit", "id.pdf", PDF_BYTES + b" " * (1024 * 1024 - 428), "too_large"),
]
# Names Django's own upload handling already cuts to their last part; refused when they reach
# the rule whole (a service called with a name from elsewhere).
TRAVERSAL = ["../../etc/passwd.pdf", "..\\..\\windows\\id.pdf", "..", "/var/www/x.pdf"]


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.MAKIN_DOCUMENT_MAX_BYTES = 1024 * 1024
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(("what", "name", "content", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_upload_is_refused_in_arabic(what, name, content, code):
    with pytest.raises(ValidationError) as excinfo, translation.override("ar"):
        upload_content_type(SimpleUploadedFile(name, content))
    assert excinfo.value.code == code
    with translation.override("ar"):
        assert excinfo.value.messages == [ARABIC[code]]


def test_a_broken_picture_is_refused_even_once_pillow_was_told_to_accept_truncated_ones():
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when it is imported (a process that has
    loaded it before any PDF is made): the upload check does not depend on that."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    broken = PNG_BYTES[:41] + b"\x00" * 12 + PNG_BYTES[53:]
    with pytest.raises(ValidationError) as excinfo:
        upload_content_type(SimpleUploadedFile("id.png", broken))
    assert excinfo.value.code == "image_broken"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize("name", TRAVERSAL)
def test_a_name_with_folders_is_refused(name):
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    upload._name = name  # as a caller outside Django's upload handling could pass it
    with pytest.raises(ValidationError) as excinfo:
        upload_content_type(upload)
    assert excinfo.value.code == "file_name"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("هويتي.pdf", PDF_BYTES, "application/pdf"),
        ("scan.png", PNG_BYTES, "image/png"),
        ("photo.jpg", jpeg_bytes(800, 600), "image/jpeg"),
        ("at-the-limit.pdf", PDF_BYTES + b" " * (1024 * 1024 - 429), "application/pdf"),
    ],
)
def test_real_documents_are_accepted(name, content, content_type):
    assert upload_content_type(SimpleUploadedFile(name, content)) == content_type


# Django's upload handling drops invisible characters from names before the form sees them.
THROUGH_THE_PAGE = [h for h in HOSTILE if h[3] != "file_name"]


@pytest.mark.parametrize(
    ("what", "name", "content", "code"), THROUGH_THE_PAGE, ids=[h[0] for h in THROUGH_THE_PAGE]
)
def test_a_hostile_upload_through_the_page_stores_nothing(
    what, name, content, code, client_for, own_file, applicant, settings
):
    response = client_for(applicant).post(
        "/my/file/documents/",
        {"kind": document_kind("other").pk, "upload": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    # An empty upload is stopped by Django's own FileField first, in its own Arabic words.
    message = "الملف الذي قمت بإرساله فارغ." if code == "empty" else ARABIC[code]
    assert message in response.content.decode()
    assert not Document.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_invisible_override_never_reaches_the_stored_name(client_for, own_file, applicant):
    response = client_for(applicant).post(
        "/my/file/documents/",
        {
            "kind": document_kind("other").pk,
            "upload": SimpleUploadedFile("invoice\u202efdp.exe", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "invoicefdp.exe"
    download = client_for(applicant).get(f"/documents/{document.uuid}/?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="invoicefdp.pdf"'


def test_a_traversal_name_through_the_page_is_stored_under_its_own_name(
    client_for, own_file, applicant, settings
):
    response = client_for(applicant).post(
        "/my/file/documents/",
        {
            "kind": document_kind("other").pk,
            "upload": SimpleUploadedFile("../../../etc/passwd.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "passwd.pdf"
    assert re.fullmatch(rf"documents/{own_file.pk}/\d{{6}}/{document.uuid}", document.file.name)
    stored = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert stored == [settings.MEDIA_ROOT / document.file.name]


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("x.html", "application/pdf", "x.pdf"),
        ("scan.PDF", "application/pdf", "scan.pdf"),
        ("photo", "image/jpeg", "photo.jpg"),
        ("photo.png.exe", "image/png", "photo.png.png"),
        ("invoice\u202efdp.exe", "application/pdf", "invoicefdp.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("..", "image/png", "file.png"),
        ("هويتي الوطنية.jpeg", "image/jpeg", "هويتي الوطنية.jpg"),
        ("report.pdf", "", "report"),
    ],
)
def test_a_download_name_has_the_extension_of_the_real_type(name, content_type, expected):
    assert download_name(name, content_type) == expected


def test_a_document_named_html_downloads_as_pdf(client_for, own_file, applicant):
    document = DocumentFactory(beneficiary=own_file, original_name="x.html")
    response = client_for(applicant).get(f"/documents/{document.uuid}/?download=1")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'


def test_a_failed_transaction_leaves_no_file_behind(own_file, settings):
    from django.core.files.base import ContentFile
    from django.db import transaction

    from makin.files import files_removed_on_error

    def write_then_fail():
        with files_removed_on_error() as saved, transaction.atomic():
            document = Document(beneficiary=own_file, kind=document_kind("other"))
            document.file.save("x.pdf", ContentFile(PDF_BYTES), save=False)
            saved.append(document.file)
            assert any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
            raise RuntimeError("the row could not be written")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
