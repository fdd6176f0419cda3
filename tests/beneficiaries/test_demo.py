"""The demo data: the demo applicant's file and walk-ins, one a near-duplicate in the queue."""

import pytest
from django.core.management import call_command

from beneficiaries.demo import WALK_INS, _id
from beneficiaries.models import Beneficiary, DuplicateCandidate, DuplicateStatus
from tests.factories import document_kind


@pytest.mark.django_db
def test_demo_files_load_once_with_a_near_duplicate_waiting_for_review():
    document_kind("id_copy")  # seeded by a migration; transactional tests flush it
    call_command("load_demo_data", stdout=None)
    call_command("load_demo_data", stdout=None)
    own = Beneficiary.objects.get(owner__national_id="1000000008")
    assert own.household.count() == 2
    # The requests demo adds the documents its demo requests need.
    assert own.documents.filter(kind__code="id_copy").count() == 1
    walk_ins = {_id(f"10{n + 4}00770{n}") for n in range(len(WALK_INS))}
    assert Beneficiary.objects.filter(national_id__in=walk_ins, owner__isnull=True).count() == 4
    candidate = DuplicateCandidate.objects.get()
    assert candidate.status == DuplicateStatus.OPEN
    assert {candidate.file.family_name, candidate.other.family_name} == {"الجهني", "الجهنى"}
