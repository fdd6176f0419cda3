"""The researcher's home lists the files with a document still to verify
(`beneficiaries.selectors.files_awaiting_verification`)."""

import datetime

import pytest
from django.utils import timezone

from beneficiaries.selectors import files_awaiting_verification
from makin.roles import Role
from tests.factories import DocumentFactory, FileFactory, VerifiedDocumentFactory, staff

pytestmark = pytest.mark.django_db


def _file(first_name, days_ago, **kwargs):
    file = FileFactory(first_name=first_name, **kwargs)
    type(file).objects.filter(pk=file.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return file


def test_each_file_with_a_pending_document_once_oldest_first(django_assert_num_queries):
    older, newer, verified = _file("أحمد", 5), _file("خالد", 2), _file("سعد", 9)
    DocumentFactory(beneficiary=newer)
    DocumentFactory(beneficiary=older)
    DocumentFactory(beneficiary=older)
    VerifiedDocumentFactory(beneficiary=verified)
    merged = _file("فهد", 7, merged_into=older)
    DocumentFactory(beneficiary=merged)
    with django_assert_num_queries(1):
        rows = [(f.pk, f.full_name, f.national_id) for f in files_awaiting_verification()]
    assert rows == [
        (older.pk, "أحمد عبدالله سالم الحربي", older.national_id),
        (newer.pk, "خالد عبدالله سالم الحربي", newer.national_id),
    ]


def test_the_researchers_home_links_the_files_to_verify(client_for):
    file = _file("أحمد", 3)
    DocumentFactory(beneficiary=file)
    page = client_for(staff(Role.RESEARCHER)).get("/staff/research/").content.decode()
    assert "ملفات فيها مستندات تنتظر التحقق" in page
    assert f'<a href="/staff/files/{file.pk}/"><bdi>أحمد عبدالله سالم الحربي</bdi></a>' in page
    assert f'<span class="text-muted small" dir="ltr">{file.national_id}</span>' in page
