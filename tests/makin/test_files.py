"""One rule for uploaded files across the apps, and private responses."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from makin.files import private_file_response, upload_content_type
from tests.factories import PNG_BYTES as PNG


def test_accepted_by_content_not_by_name():
    assert upload_content_type(SimpleUploadedFile("scan.txt", PNG)) == "image/png"
    with pytest.raises(ValidationError) as excinfo:
        upload_content_type(SimpleUploadedFile("id.pdf", b"MZ\x90\x00 an executable"))
    assert excinfo.value.code == "file_type"


def test_the_size_limit_is_a_setting(settings):
    settings.MAKIN_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        upload_content_type(SimpleUploadedFile("scan.png", PNG))
    assert excinfo.value.code == "too_large"


# Closing a response sends request_finished, whose receiver (close_old_connections) touches the
# database connection an earlier test left open.
@pytest.mark.django_db
def test_a_private_response_is_not_sniffed_nor_cached():
    name = default_storage.save("tests/private.png", ContentFile(PNG))
    try:
        with default_storage.open(name) as field:
            response = private_file_response(
                field, filename='a"b\r\n.png', content_type="image/png", as_attachment=True
            )
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"] == "private, no-store"
            assert "\n" not in response["Content-Disposition"]
            assert response["Content-Disposition"].startswith("attachment;")
            response.close()
    finally:
        default_storage.delete(name)
