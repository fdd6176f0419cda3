import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES, PNG_BYTES, FileFactory, jpeg_bytes

# Small files of each accepted type that open.
JPEG_BYTES = jpeg_bytes()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def own_file(applicant):
    """The applicant's own file."""
    return FileFactory(owner=applicant, national_id=applicant.national_id, consent_version="2026-1")


@pytest.fixture
def other_file(other_applicant):
    return FileFactory(owner=other_applicant, national_id=other_applicant.national_id)


def upload(name="id.pdf", data=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def big_pdf(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (size - len(PDF_BYTES)))


__all__ = ["JPEG_BYTES", "PNG_BYTES", "big_pdf", "io", "upload"]
