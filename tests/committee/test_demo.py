"""The committee's demo data loads, and loads again without duplicates."""

from io import StringIO

import pytest
from django.core.management import call_command

from committee.models import CommitteeMember, Meeting, MeetingStatus
from requests.models import ResearchReport, Status, SupportRequest


@pytest.mark.django_db
def test_demo_committee_loads_once():
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_data", stdout=StringIO())
    serving = CommitteeMember.objects.filter(is_active=True).select_related("user")
    assert sorted(m.user.username for m in serving) == ["chair", "member1", "member2"]
    assert [m.user.username for m in serving if m.is_chair] == ["chair"]
    assert list(Meeting.objects.values_list("status", flat=True)) == [MeetingStatus.SCHEDULED]
    # The committee's own demo requests (the requests app's demo adds others).
    ready = SupportRequest.objects.filter(
        status=Status.READY_FOR_COMMITTEE, reference__startswith="MK-DEMO-C"
    )
    assert ready.count() == 3
    assert ResearchReport.objects.filter(request__in=ready).count() == 3
    assert ready.filter(beneficiary__owner__national_id="1000000008").count() == 1
