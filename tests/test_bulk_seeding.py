"""The benchmarks' bulk seeding (`demo.bulk`) writes files as the portal's services would: each
with the normalised name a search reads, and calls from different numbers seed different
people."""

import pytest

from beneficiaries.arabic import normalize_arabic_name
from beneficiaries.models import Beneficiary
from demo.bulk import REPORT_FILES_FROM, files_copy

pytestmark = pytest.mark.django_db


def test_every_seeded_file_has_its_normalised_name_and_the_reports_files_are_other_people():
    files_copy(200)
    files_copy(200, first_number=REPORT_FILES_FROM)
    files = list(Beneficiary.objects.order_by("pk"))
    assert len(files) == 400
    assert [f for f in files if f.name_normalized == ""] == []
    assert [f.pk for f in files if f.name_normalized != normalize_arabic_name(f.full_name)] == []
    first, reports = files[:200], files[200:]
    assert {f.national_id[1:3] for f in reports} == {"60"}
    assert len({f.mobile for f in files}) == 400
    # Not the same people again: other names and birth dates.
    same = {(f.name_normalized, f.birth_date) for f in first} & {
        (f.name_normalized, f.birth_date) for f in reports
    }
    assert same == set()
    assert len({f.birth_date for f in reports}) > 190
