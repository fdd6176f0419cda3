"""Who may open each page of the requests app: anonymous visitors, every role, and another
applicant (who must get "not found", exactly like for a request that does not exist)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from makin.roles import Role
from requests.models import ResearchAttachment, Status
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    BeneficiaryFactory,
    ReferralFactory,
    ResearchReportFactory,
    ServiceFactory,
    StaffToolFactory,
    VerifiedDocumentFactory,
    signed_request,
    staff,
)

OTHER = "other applicant"
ANON = None
ALL_STAFF = {Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE, Role.MANAGER, Role.ADMIN}
EVERYONE = {ANON, Role.APPLICANT, OTHER, *ALL_STAFF}


@pytest.fixture
def world(db):
    """People of every role, and requests at the stages the pages need."""
    people = {role: staff(role) for role in ALL_STAFF}
    people[Role.APPLICANT] = ApplicantFactory()
    people[OTHER] = ApplicantFactory()
    mine = BeneficiaryFactory(owner=people[Role.APPLICANT])
    BeneficiaryFactory(owner=people[OTHER])
    researcher = people[Role.RESEARCHER]
    draft = signed_request(beneficiary=mine)
    submitted = signed_request(
        beneficiary=mine, status=Status.SUBMITTED, submitted_at=timezone.now()
    )
    submitted.signed_form.save("form.pdf", ContentFile(PDF_BYTES))
    in_research = signed_request(
        beneficiary=mine,
        status=Status.IN_RESEARCH,
        researcher=researcher,
        submitted_at=timezone.now(),
    )
    report = ResearchReportFactory(request=in_research, author=researcher)
    attachment = ResearchAttachment.objects.create(
        report=report,
        file=ContentFile(PDF_BYTES, name="a.pdf"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    document = VerifiedDocumentFactory(beneficiary=mine)
    public_tool = StaffToolFactory(is_public=True)
    private_tool = StaffToolFactory(is_public=False, kind="research_guide")
    ReferralFactory()
    return {
        "people": people,
        "draft": draft.reference,
        "submitted": submitted.reference,
        "in_research": in_research.reference,
        "attachment": attachment.pk,
        "document": document.uuid,
        "public_tool": public_tool.pk,
        "private_tool": private_tool.pk,
        "service": ServiceFactory().pk,
    }


DESK = {Role.RECEPTION, Role.RESEARCHER, Role.MANAGER}
QUEUE = {Role.RECEPTION, Role.RESEARCHER, Role.MANAGER, Role.COMMITTEE}
# name, kwargs (keys of `world`), who gets 200, who gets 404 (the rest: login or 403)
PAGES = [
    ("requests:track", {}, EVERYONE, set()),
    ("requests:catalogue", {}, EVERYONE, set()),
    ("requests:tools", {}, EVERYONE, set()),
    ("requests:tool_download", {"pk": "public_tool"}, EVERYONE, set()),
    (
        "requests:tool_download",
        {"pk": "private_tool"},
        ALL_STAFF,
        {ANON, Role.APPLICANT, OTHER},
    ),
    ("requests:my_list", {}, {Role.APPLICANT, OTHER}, set()),
    ("requests:new", {}, {Role.APPLICANT, OTHER}, set()),
    ("requests:my_detail", {"reference": "submitted"}, {Role.APPLICANT}, {OTHER}),
    ("requests:withdraw", {"reference": "submitted"}, {Role.APPLICANT}, {OTHER}),
    ("requests:step_details", {"reference": "draft"}, {Role.APPLICANT, Role.RECEPTION}, {OTHER}),
    (
        "requests:step_documents",
        {"reference": "draft"},
        {Role.APPLICANT, Role.RECEPTION},
        {OTHER},
    ),
    ("requests:step_review", {"reference": "draft"}, {Role.APPLICANT, Role.RECEPTION}, {OTHER}),
    (
        "requests:step_declaration",
        {"reference": "draft"},
        {Role.APPLICANT, Role.RECEPTION},
        {OTHER},
    ),
    ("requests:receipt", {"reference": "submitted"}, {Role.APPLICANT, *ALL_STAFF}, {OTHER}),
    ("requests:queue", {}, QUEUE, set()),
    ("requests:queue_export", {}, QUEUE, set()),
    ("requests:research_queue", {}, {Role.RESEARCHER}, set()),
    ("requests:research_queue_export", {}, {Role.RESEARCHER}, set()),
    ("requests:walk_in", {}, {Role.RECEPTION}, set()),
    ("requests:detail", {"reference": "submitted"}, ALL_STAFF, set()),
    (
        "requests:move",
        {"reference": "submitted", "target": Status.INCOMPLETE},
        {Role.RECEPTION, Role.RESEARCHER},
        set(),
    ),
    ("requests:assign", {"reference": "submitted"}, DESK, set()),
    ("requests:research", {"reference": "in_research"}, {Role.RESEARCHER}, set()),
    # Through the same door as /documents/<uuid>/: the same people, the rest "not found".
    (
        "requests:signed_form",
        {"reference": "submitted"},
        {Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE},
        {Role.MANAGER, Role.ADMIN},
    ),
    (
        "requests:attachment",
        {"pk": "attachment"},
        {Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE},
        {Role.MANAGER, Role.ADMIN},
    ),
    (
        "requests:document_file",
        {"reference": "submitted", "uuid": "document"},
        {Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE},
        {Role.MANAGER, Role.ADMIN},
    ),
    ("requests:form_pdf", {"reference": "draft"}, {Role.RECEPTION}, set()),
    ("requests:contacts", {}, DESK, set()),
    ("requests:contact_new", {}, DESK, set()),
    ("requests:referrals", {}, DESK, set()),
    ("requests:services", {}, {Role.MANAGER}, set()),
    ("requests:service_new", {}, {Role.MANAGER}, set()),
    ("requests:service_edit", {"pk": "service"}, {Role.MANAGER}, set()),
    ("requests:tool_new", {}, {Role.MANAGER}, set()),
    ("requests:tool_edit", {"pk": "public_tool"}, {Role.MANAGER}, set()),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed", "hidden"),
    PAGES,
    ids=[f"{p[0]}-{'-'.join(p[1])}" for p in PAGES],
)
def test_each_page_opens_only_for_whom_it_is_meant(
    world, client_for, name, kwargs, allowed, hidden
):
    url = reverse(name, kwargs={k: world.get(v, v) for k, v in kwargs.items()})
    for who in EVERYONE:
        client = client_for(None if who is ANON else world["people"][who])
        response = client.get(url)
        if who in allowed:
            expected = 200
        elif who in hidden:
            expected = 404
        elif who is ANON:
            expected = 302
        else:
            expected = 403
        assert response.status_code == expected, f"{who}: {response.status_code} at {url}"
        if expected == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


def test_posts_are_refused_to_roles_outside_the_action(world, client_for):
    """POST-only actions: reviewing a document and answering a referral."""
    from requests.models import Referral, SupportRequest

    req = SupportRequest.objects.get(reference=world["submitted"])
    document = VerifiedDocumentFactory(beneficiary=req.beneficiary, status="pending")
    review = reverse("requests:document_review", args=[req.reference, document.uuid])
    answer = reverse("requests:referral_answer", args=[Referral.objects.get().pk])
    for who in (Role.APPLICANT, Role.MANAGER, Role.COMMITTEE):
        client = client_for(world["people"][who])
        assert client.post(review, {"verified": "1"}).status_code == 403
        assert client.post(answer, {"answer": "x"}).status_code == 403
    document.refresh_from_db()
    assert document.status == "pending"
    assert not Referral.objects.get().answer
