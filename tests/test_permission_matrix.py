"""The role × URL matrix: every named URL of the portal (Arabic, no prefix), requested with GET
by an anonymous visitor, an applicant, another applicant and each staff role, compared with the
literal table below. A URL name missing from the table fails the test, so that a new page
cannot ship without its row.

Arguments come from objects seeded in `world`: those that belong to an applicant belong to
"applicant", so the "other" column is another applicant trying the same address (the rule for
another applicant's object is 404, exactly like an object that does not exist).

Columns: anon(ymous), appl(icant), other (applicant), recep(tion), resea(rcher), comm(ittee
member), chair (of the committee), m(ana)g(e)r, admin.

Answers: 200; `login` (302 to the log-in page); 302 (a redirect elsewhere: the page sends the
person on, e.g. to create their file first); 403 (the role does not hold the page's capability);
404 (not found, or not yours); 405 (the role holds the capability of a POST-only action); 410
(a link that was valid and is used up)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from beneficiaries import services as beneficiary_services
from beneficiaries.models import DuplicateCandidate
from committee import services as committee_services
from committee.models import MeetingMode, Opinion, Outcome, SupportKind
from makin.channels import Channel
from makin.notifications import notify
from makin.roles import Role
from messaging.models import InboundMessage
from requests import services as request_services
from requests.models import ResearchAttachment, Status
from surveys import services as survey_services
from surveys.models import FeedbackKind
from surveys.reports import default_filter
from tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    BeneficiaryFactory,
    ContactLogFactory,
    FileFactory,
    ReferralFactory,
    ResearchReportFactory,
    ServiceFactory,
    StaffToolFactory,
    VerifiedDocumentFactory,
    committee_member,
    committee_request,
    published_survey,
    rejection_reason,
    signed_request,
    staff,
)

WHO = ["anon", "applicant", "other", "reception", "researcher", "committee", "chair", "manager",
       "admin"]  # fmt: skip

# Namespaces that are not the portal's own pages: Django's admin checks its own permissions
# (is_staff and model permissions), tested in tests/makin.
SKIPPED_NAMESPACES = ("admin",)

# URL name: the world's values for its arguments.
ARGS = {
    "accounts:password_reset_confirm": {"uidb64": "reset_uid", "token": "reset_token"},
    "makin:notification_read": {"pk": "notification"},
    "beneficiaries:activate": {"token": "activation_token"},
    "beneficiaries:document": {"uuid": "document"},
    "beneficiaries:document_delete": {"uuid": "document"},
    "beneficiaries:document_verify": {"uuid": "document"},
    "beneficiaries:staff_file": {"pk": "file"},
    "beneficiaries:case_pdf": {"pk": "file"},
    "beneficiaries:staff_edit": {"pk": "file"},
    "beneficiaries:staff_household": {"pk": "file"},
    "beneficiaries:staff_documents": {"pk": "file"},
    "beneficiaries:verify_group": {"pk": "file", "group": "identity"},
    "beneficiaries:history": {"pk": "file"},
    "beneficiaries:invite": {"pk": "walk_in_file"},
    "beneficiaries:staff_data": {"pk": "file"},
    "beneficiaries:duplicate": {"pk": "duplicate"},
    "requests:tool_download": {"pk": "private_tool"},
    "requests:my_detail": {"reference": "submitted"},
    "requests:withdraw": {"reference": "submitted"},
    "requests:item_answer": {"reference": "incomplete_request", "pk": "missing_item"},
    "requests:staff_item_answer": {"reference": "incomplete_request", "pk": "missing_item"},
    "requests:step_details": {"reference": "draft"},
    "requests:step_documents": {"reference": "draft"},
    "requests:step_review": {"reference": "draft"},
    "requests:step_declaration": {"reference": "draft"},
    "requests:receipt": {"reference": "submitted"},
    "requests:detail": {"reference": "submitted"},
    "requests:move": {"reference": "submitted", "target": Status.INCOMPLETE},
    "requests:assign": {"reference": "submitted"},
    "requests:research": {"reference": "in_research"},
    "requests:signed_form": {"reference": "submitted"},
    "requests:document_review": {"reference": "submitted", "uuid": "document"},
    "requests:document_file": {"reference": "submitted", "uuid": "document"},
    "requests:form_pdf": {"reference": "draft"},
    "requests:attachment": {"pk": "attachment"},
    "requests:referral_answer": {"pk": "referral"},
    "requests:service_edit": {"pk": "service"},
    "requests:tool_edit": {"pk": "public_tool"},
    "committee:meeting_detail": {"number": "meeting"},
    "committee:meeting_open": {"number": "meeting"},
    "committee:meeting_attendance": {"number": "meeting"},
    "committee:meeting_close": {"number": "meeting"},
    "committee:agenda_add": {"number": "meeting"},
    "committee:minutes_pdf": {"number": "meeting"},
    "committee:item_detail": {"pk": "item"},
    "committee:vote": {"pk": "item"},
    "committee:decide": {"pk": "item", "outcome": Outcome.APPROVE},
    "committee:member_chair": {"pk": "member_term"},
    "committee:member_end": {"pk": "member_term"},
    "committee:reason_toggle": {"pk": "reason"},
    "committee:staff_letter": {"pk": "decision"},
    "committee:letter": {"pk": "decision"},
    "committee:delivery_record": {"reference": "delivered"},
    "committee:delivery_close": {"reference": "delivered"},
    "committee:delivery_attachment": {"pk": "delivery"},
    "surveys:answer": {"token": "survey_token"},
    "surveys:my_feedback_detail": {"reference": "feedback"},
    "surveys:feedback_handle": {"reference": "feedback"},
    "surveys:survey_detail": {"pk": "survey"},
    "surveys:version_edit": {"pk": "version"},
    "surveys:version_publish": {"pk": "version"},
    "surveys:report_export": {"pk": "report_export"},
    "surveys:report_export_file": {"pk": "report_export"},
    "messaging:detail": {"pk": "inbound"},
    "messaging:read": {"pk": "inbound"},
    "messaging:attach": {"pk": "inbound"},
    "messaging:discard": {"pk": "inbound"},
    "messaging:reply": {"pk": "inbound"},
}

# fmt: off
EXPECTED = {
    #                                    anon  appl  other recep resea comm  chair mgr   admin
    "accounts:login":                   "200   302   302   302   302   302   302   302   302",
    "accounts:logout":                  "405   405   405   405   405   405   405   405   405",
    # The second factor: the account page (applicants may opt in), enrolment (a person already
    # enrolled is sent on: the world's reception, researcher, manager and admin are), the code
    # page (a signed-in session that gave its code is sent on).
    "accounts:otp_account":             "login 200   200   200   200   200   200   200   200",
    "accounts:account":                 "login 200   200   200   200   200   200   200   200",
    "accounts:otp_setup":               "login 200   200   302   302   200   200   302   302",
    "accounts:otp_verify":              "login 302   302   302   302   302   302   302   302",
    "accounts:password_change":         "login 200   200   200   200   200   200   200   200",
    "accounts:password_change_done":    "login 200   200   200   200   200   200   200   200",
    "accounts:password_reset":          "200   200   200   200   200   200   200   200   200",
    "accounts:password_reset_complete": "200   200   200   200   200   200   200   200   200",
    "accounts:password_reset_confirm":  "200   200   200   200   200   200   200   200   200",
    "accounts:password_reset_done":     "200   200   200   200   200   200   200   200   200",
    "accounts:signup":                  "200   302   302   302   302   302   302   302   302",
    # The same "check your messages" page whoever signs up, registered or not.
    "accounts:signup_done":             "200   200   200   200   200   200   200   200   200",
    "beneficiaries:activate":           "200   200   200   200   200   200   200   200   200",
    "beneficiaries:document":           "login 200   404   200   200   200   200   404   404",
    # Removing a document asks first (a page); the world's document is verified, so nobody may
    # remove it (403), and those who cannot see it get 404.
    "beneficiaries:document_delete":    "login 403   404   403   403   403   403   404   404",
    "beneficiaries:document_verify":    "login 403   403   405   405   403   403   403   403",
    "beneficiaries:duplicate":          "login 403   403   200   200   403   403   403   403",
    "beneficiaries:duplicates":         "login 403   403   200   200   403   403   403   403",
    "beneficiaries:history":            "login 403   403   200   200   403   403   200   403",
    "beneficiaries:invite":             "login 403   403   200   403   403   403   403   403",
    "beneficiaries:my_data":            "login 200   200   403   403   403   403   403   403",
    "beneficiaries:my_documents":       "login 200   200   403   403   403   403   403   403",
    "beneficiaries:my_edit":            "login 200   200   403   403   403   403   403   403",
    "beneficiaries:my_file":            "login 200   200   403   403   403   403   403   403",
    "beneficiaries:my_file_create":     "login 302   302   403   403   403   403   403   403",
    "beneficiaries:my_household":       "login 200   200   403   403   403   403   403   403",
    "beneficiaries:privacy":            "200   200   200   200   200   200   200   200   200",
    "beneficiaries:register":           "login 403   403   200   403   403   403   403   403",
    "beneficiaries:search":             "login 403   403   200   200   200   200   200   403",
    "beneficiaries:staff_data":         "login 403   403   200   200   200   200   200   403",
    "beneficiaries:staff_documents":    "login 403   403   200   200   200   200   200   403",
    "beneficiaries:staff_edit":         "login 403   403   200   200   403   403   403   403",
    "beneficiaries:staff_file":         "login 403   403   200   200   200   200   200   403",
    # The case summary on paper: whoever may open the file's page.
    "beneficiaries:case_pdf":           "login 403   403   200   200   200   200   200   403",
    "beneficiaries:staff_household":    "login 403   403   200   200   403   403   403   403",
    "beneficiaries:verify_group":       "login 403   403   405   405   403   403   403   403",
    # The agenda's candidates, a page of their own (GET) and the form that adds them (POST).
    "committee:agenda_add":             "login 403   403   403   403   403   200   403   403",
    "committee:decide":                 "login 403   403   403   403   403   405   403   403",
    "committee:decision_report":        "login 403   403   403   403   403   403   200   403",
    "committee:delivery_attachment":    "login 403   403   200   403   403   403   200   403",
    # Closing a delivered request and ending a term ask first, on a page of their own.
    "committee:delivery_close":         "login 403   403   200   403   403   403   200   403",
    "committee:delivery_queue":         "login 403   403   200   403   403   403   200   403",
    "committee:delivery_record":        "login 403   403   200   403   403   403   200   403",
    "committee:item_detail":            "login 403   403   403   403   200   200   403   403",
    "committee:letter":                 "login 200   404   403   403   403   403   403   403",
    "committee:letter_list":            "login 200   200   403   403   403   403   403   403",
    "committee:meeting_attendance":     "login 403   403   403   403   403   405   403   403",
    "committee:meeting_close":          "login 403   403   403   403   403   200   403   403",
    "committee:meeting_create":         "login 403   403   403   403   403   200   403   403",
    "committee:meeting_detail":         "login 403   403   403   403   200   200   403   403",
    "committee:meeting_list":           "login 403   403   403   403   200   200   403   403",
    "committee:meeting_open":           "login 403   403   403   403   403   405   403   403",
    "committee:member_chair":           "login 403   403   403   403   403   403   405   403",
    "committee:member_end":             "login 403   403   403   403   403   403   200   403",
    "committee:member_list":            "login 403   403   403   403   403   403   200   403",
    "committee:minutes_pdf":            "login 403   403   403   403   200   200   403   403",
    "committee:reason_list":            "login 403   403   403   403   403   403   200   403",
    "committee:reason_toggle":          "login 403   403   403   403   403   403   405   403",
    "committee:staff_letter":           "login 403   403   200   403   200   200   200   403",
    "committee:vote":                   "login 403   403   403   403   405   405   403   403",
    "health":                           "200   200   200   200   200   200   200   200   200",
    "makin:about":                      "200   200   200   200   200   200   200   200   200",
    "makin:contact":                    "200   200   200   200   200   200   200   200   200",
    # The other calendar's date echoed beside a date field as it is typed (public, no data).
    "makin:date_echo":                  "200   200   200   200   200   200   200   200   200",
    "makin:date_month":                 "200   200   200   200   200   200   200   200   200",
    "makin:faq":                        "200   200   200   200   200   200   200   200   200",
    "makin:home":                       "200   200   200   200   200   200   200   200   200",
    "makin:home_admin":                 "login 403   403   403   403   403   403   403   200",
    "makin:home_applicant":             "login 200   200   403   403   403   403   403   403",
    "makin:home_committee":             "login 403   403   403   403   200   200   403   403",
    "makin:home_manager":               "login 403   403   403   403   403   403   200   403",
    "makin:home_reception":             "login 403   403   200   403   403   403   403   403",
    "makin:home_researcher":            "login 403   403   403   200   403   403   403   403",
    "makin:landing":                    "login 302   302   302   302   302   302   302   302",
    # The desk's inbox of texts people send (reception and managers); a GET to an action
    # sends the desk back to the message.
    "messaging:inbox":                  "login 403   403   200   403   403   403   200   403",
    "messaging:detail":                 "login 403   403   200   403   403   403   200   403",
    "messaging:read":                   "login 403   403   302   403   403   403   302   403",
    "messaging:attach":                 "login 403   403   302   403   403   403   302   403",
    "messaging:discard":                "login 403   403   302   403   403   403   302   403",
    "messaging:reply":                  "login 403   403   302   403   403   403   302   403",
    # The providers' webhooks: no log-in, the provider's signature or secret instead. A GET
    # carries none (Taqnyat posts only; WhatsApp's handshake without its token is refused).
    "hooks:taqnyat":                    "405   405   405   405   405   405   405   405   405",
    "hooks:whatsapp":                   "403   403   403   403   403   403   403   403   403",
    "makin:notification_badge":         "200   200   200   200   200   200   200   200   200",
    "makin:notification_read":          "login 405   405   405   405   405   405   405   405",
    "makin:notifications":              "login 200   200   200   200   200   200   200   200",
    "makin:notifications_read_all":     "login 405   405   405   405   405   405   405   405",
    "makin:policy":                     "200   200   200   200   200   200   200   200   200",
    "makin:policy_pdf":                 "200   200   200   200   200   200   200   200   200",
    "requests:assign":                  "login 403   403   200   200   403   403   200   403",
    # A file's papers, through the same door as beneficiaries:document (404 to manager, admin).
    "requests:attachment":              "login 403   403   200   200   200   200   404   404",
    "requests:catalogue":               "200   200   200   200   200   200   200   200   200",
    "requests:contact_new":             "login 403   403   200   200   403   403   200   403",
    "requests:contacts":                "login 403   403   200   200   403   403   200   403",
    "requests:detail":                  "login 403   403   200   200   200   200   200   200",
    "requests:document_file":           "login 403   403   200   200   200   200   404   404",
    "requests:document_review":         "login 403   403   405   405   403   403   403   403",
    "requests:form_pdf":                "login 403   403   200   403   403   403   403   403",
    # Answering a missing item is a POST from the request's page; a GET sends the person back
    # to that page (another applicant's item is not found).
    "requests:item_answer":             "login 302   404   403   403   403   403   403   403",
    "requests:staff_item_answer":       "login 403   403   302   403   403   403   403   403",
    "requests:move":                    "login 403   403   200   200   403   403   403   403",
    "requests:my_detail":               "login 200   404   403   403   403   403   403   403",
    "requests:my_list":                 "login 200   200   403   403   403   403   403   403",
    "requests:new":                     "login 200   200   403   403   403   403   403   403",
    "requests:queue":                   "login 403   403   200   200   200   200   200   403",
    "requests:queue_export":            "login 403   403   200   200   200   200   200   403",
    "requests:receipt":                 "login 200   404   200   200   200   200   200   200",
    "requests:referral_answer":         "login 403   403   403   405   403   403   403   403",
    "requests:referrals":               "login 403   403   200   200   403   403   200   403",
    "requests:research":                "login 403   403   403   200   403   403   403   403",
    "requests:research_queue":          "login 403   403   403   200   403   403   403   403",
    "requests:research_queue_export":   "login 403   403   403   200   403   403   403   403",
    "requests:service_edit":            "login 403   403   403   403   403   403   200   403",
    "requests:service_new":             "login 403   403   403   403   403   403   200   403",
    "requests:services":                "login 403   403   403   403   403   403   200   403",
    "requests:signed_form":             "login 403   403   200   200   200   200   404   404",
    "requests:step_declaration":        "login 200   404   200   403   403   403   403   403",
    "requests:step_details":            "login 200   404   200   403   403   403   403   403",
    "requests:step_documents":          "login 200   404   200   403   403   403   403   403",
    "requests:step_review":             "login 200   404   200   403   403   403   403   403",
    "requests:tool_download":           "404   404   404   200   200   200   200   200   200",
    "requests:tool_edit":               "login 403   403   403   403   403   403   200   403",
    "requests:tool_new":                "login 403   403   403   403   403   403   200   403",
    "requests:tools":                   "200   200   200   200   200   200   200   200   200",
    "requests:track":                   "200   200   200   200   200   200   200   200   200",
    "requests:walk_in":                 "login 403   403   200   403   403   403   403   403",
    "requests:withdraw":                "login 200   404   403   403   403   403   403   403",
    "set_language":                     "302   302   302   302   302   302   302   302   302",
    "surveys:answer":                   "200   200   200   200   200   200   200   200   200",
    "surveys:feedback":                 "200   200   200   200   200   200   200   200   200",
    "surveys:feedback_handle":          "login 403   403   200   403   403   403   200   403",
    "surveys:feedback_queue":           "login 403   403   200   403   403   403   200   403",
    "surveys:feedback_thanks":          "200   200   200   200   200   200   200   200   200",
    "surveys:invite":                   "login 403   403   200   200   403   403   200   403",
    "surveys:my_feedback":              "login 200   200   403   403   403   403   403   403",
    "surveys:my_feedback_detail":       "login 200   404   403   403   403   403   403   403",
    "surveys:report":                   "login 403   403   403   403   403   403   200   403",
    "surveys:report_export":            "login 403   403   403   403   403   403   200   403",
    "surveys:report_export_file":       "login 403   403   403   403   403   403   200   403",
    "surveys:report_pdf":               "login 403   403   403   403   403   403   405   403",
    "surveys:report_xlsx":              "login 403   403   403   403   403   403   200   403",
    "surveys:survey_detail":            "login 403   403   403   403   403   403   200   403",
    "surveys:survey_list":              "login 403   403   403   403   403   403   200   403",
    "surveys:thanks":                   "200   200   200   200   200   200   200   200   200",
    "surveys:version_edit":             "login 403   403   403   403   403   403   200   403",
    "surveys:version_publish":          "login 403   403   403   403   403   403   405   403",
}
# fmt: on


def url_names(patterns=None, namespace=None):
    """Every named pattern of the URLconf, namespaced ("requests:detail")."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner in SKIPPED_NAMESPACES:
                continue
            name = ":".join(n for n in (namespace, inner) if n) if inner else namespace
            yield from url_names(pattern.url_patterns, name)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@pytest.fixture
def world(db, settings, tmp_path):
    """One person per column, and an object behind every URL argument."""
    settings.MEDIA_ROOT = tmp_path / "media"
    manager = staff(Role.MANAGER)
    chair = committee_member(chair=True)
    m1, m2 = committee_member(), committee_member()
    member = committee_member()
    people = {
        "applicant": ApplicantFactory(),
        "other": ApplicantFactory(),
        "reception": staff(Role.RECEPTION),
        "researcher": staff(Role.RESEARCHER),
        "committee": member,
        "chair": chair,
        "manager": manager,
        "admin": staff(Role.ADMIN),
    }
    applicant, researcher = people["applicant"], people["researcher"]
    mine = FileFactory(owner=applicant, national_id=applicant.national_id)
    FileFactory(owner=people["other"], national_id=people["other"].national_id)

    # Requests of the applicant, at the stages the pages need.
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
    referral = ReferralFactory()
    ContactLogFactory()
    # A request marked incomplete with one free item to answer.
    incomplete = signed_request(
        beneficiary=mine, status=Status.SUBMITTED, submitted_at=timezone.now()
    )
    request_services.request_mark_incomplete(
        request=incomplete, actor=people["reception"], labels=["شهادة الراتب"]
    )
    missing_item = incomplete.missing_items.get()

    # Files: a walk-in's (no online account yet) and a possible duplicate pair.
    walk_in = BeneficiaryFactory(owner=None)
    _invite, activation_token = beneficiary_services.activation_invite_create(
        beneficiary=walk_in, actor=people["reception"]
    )
    duplicate = DuplicateCandidate.objects.create(
        file=walk_in, other=BeneficiaryFactory(), similarity=0.9
    )

    # The committee: an open meeting, an item waiting for its decision, and the applicant's
    # request approved and delivered.
    meeting = committee_services.meeting_create(
        number=committee_services.next_meeting_number(),
        starts_at=timezone.now() + datetime.timedelta(days=1),
        mode=MeetingMode.IN_PERSON,
        place="مقر الجمعية",
        actor=chair,
    )
    committee_services.meeting_open(meeting=meeting, attendees=[chair, m1, m2, member], actor=chair)
    (pending,) = committee_services.agenda_add(
        meeting=meeting, requests=[committee_request()], actor=chair
    )
    (decided,) = committee_services.agenda_add(
        meeting=meeting, requests=[committee_request(beneficiary=mine)], actor=chair
    )
    committee_services.vote_cast(item=decided, actor=m1, opinion=Opinion.APPROVE)
    decision = committee_services.decision_record(
        item=decided,
        outcome=Outcome.APPROVE,
        actor=chair,
        support_kind=SupportKind.ONE_PAYMENT,
        amount=Decimal("1000"),
    )
    delivery = committee_services.delivery_record(
        request=decided.request,
        delivered_on=timezone.localdate(),
        delivered_by=people["reception"],
        amount_paid=Decimal("1000"),
        attachment=SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"),
        actor=people["reception"],
    )

    # Surveys: a published version, an invitation, the applicant's own complaint.
    version = published_survey(manager=manager)
    invitation = survey_services.invitation_create(
        beneficiary=mine, channel=Channel.INTERVIEW, staff=people["reception"]
    )
    feedback = survey_services.feedback_submit(
        kind=FeedbackKind.COMPLAINT, subject="ش", body="ن", user=applicant
    )
    # The manager's reports PDF, made by the worker (run here in-process).
    report_export = survey_services.report_export_start(
        report_filter=default_filter(), actor=manager
    )
    survey_services.report_export_make(export_id=str(report_export.pk))
    notification = notify(user=applicant, event="account_created")
    # A text from an unknown number, waiting in the desk's inbox.
    inbound = InboundMessage.objects.create(
        provider="taqnyat", provider_message_id="m1", sender="+966550000001", text="ش"
    )

    return SimpleNamespace(
        people=people,
        values={
            # A link that is no longer valid: the page says so, to anyone.
            "reset_uid": urlsafe_base64_encode(force_bytes(applicant.pk)),
            "reset_token": "ccd4y1-0123456789abcdef0123456789abcdef",
            "notification": notification.pk,
            "inbound": inbound.pk,
            "activation_token": activation_token,
            "document": document.uuid,
            "file": mine.pk,
            "walk_in_file": walk_in.pk,
            "duplicate": duplicate.pk,
            "private_tool": StaffToolFactory(is_public=False).pk,
            "public_tool": StaffToolFactory(is_public=True).pk,
            "draft": draft.reference,
            "submitted": submitted.reference,
            "in_research": in_research.reference,
            "incomplete_request": incomplete.reference,
            "missing_item": missing_item.pk,
            "attachment": attachment.pk,
            "referral": referral.pk,
            "service": ServiceFactory().pk,
            "meeting": meeting.number,
            "item": pending.pk,
            "member_term": m2.committee_terms.get().pk,
            "reason": rejection_reason().pk,
            "decision": decision.pk,
            "delivered": decided.request.reference,
            "delivery": delivery.pk,
            "survey_token": survey_services.invitation_token(invitation),
            "feedback": feedback.reference,
            "survey": version.survey_id,
            "version": version.pk,
            "report_export": report_export.pk,
        },
    )


def answer(response) -> str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("accounts:login")) else "302"
    return str(response.status_code)


def test_every_named_url_has_its_row():
    names = set(url_names())
    assert sorted(names - set(EXPECTED)) == [], "add these URL names to EXPECTED"
    assert sorted(set(EXPECTED) - names) == [], "these rows name no URL any more"


def test_each_url_answers_each_person_as_the_table_says(world, client):
    mismatches = []
    for name in sorted(set(url_names())):
        kwargs = {k: world.values.get(v, v) for k, v in ARGS.get(name, {}).items()}
        url = reverse(name, kwargs=kwargs)
        answers = []
        for who in WHO:
            client.logout()
            if who != "anon":
                client.force_login(world.people[who], backend="makin.backends.IdentifierBackend")
            answers.append(answer(client.get(url)))
        answered = " ".join(answers)
        expected = " ".join(EXPECTED.get(name, "").split())
        if expected != answered:
            mismatches.append(f"{name}: expected {expected}, answered {answered}")
    assert not mismatches, "columns: " + " ".join(WHO) + "\n" + "\n".join(mismatches)
