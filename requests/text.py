"""Texts the request's pages and documents share: the declaration (versioned) and the plain
Arabic explanation of each status for the applicant's timeline."""

from django.utils.translation import gettext_lazy as _

from makin.wording import words_register

from .models import Status

# Change the version whenever the wording changes: each signature stores the version it signed.
DECLARATION_VERSION = "1"
DECLARATION_TEXT = _(
    "I declare that all the data and documents I have supplied are correct and complete, that I "
    "am directly responsible for their accuracy, and that the association may verify them. I "
    "understand that incorrect data may lead to my request being cancelled."
)
# The statement an applicant ticks to sign by typing their name instead of drawing; part of
# the declaration's text, so it changes with DECLARATION_VERSION.
SIGN_BY_TYPING_TEXT = _(
    "I sign this declaration electronically: my full name typed above is my signature and "
    "binds me as my handwritten signature does."
)
TWO_WEEKS_TEXT = _(
    "Your request goes to the research committee, which studies it and answers with acceptance "
    "or rejection within two weeks of the request becoming complete."
)

# For each status: what happened (past), and what comes next.
STATUS_STORY: dict[Status, tuple] = {
    Status.DRAFT: (
        _("You started the request; it is saved as a draft."),
        _("Complete the steps and sign the declaration to submit it."),
    ),
    Status.SUBMITTED: (
        _("The request was submitted to the association."),
        _("The beneficiary-relations officer checks that the data and documents are complete."),
    ),
    Status.INCOMPLETE: (
        _("The officer found that some items are missing."),
        _("Add the missing items, then submit the request again."),
    ),
    Status.VERIFIED: (
        _("The data and documents were checked and the request is complete."),
        _("A social researcher will be assigned to study your situation."),
    ),
    Status.IN_RESEARCH: (
        _("A social researcher is studying the request."),
        _("The researcher may call you or visit you, then writes a recommendation."),
    ),
    Status.READY_FOR_COMMITTEE: (
        _("The research is finished and the request awaits the committee."),
        _("The research committee will study it at its next meeting."),
    ),
    Status.IN_COMMITTEE: (
        _("The research committee is studying the request."),
        _("You will be told of the committee's decision."),
    ),
    Status.APPROVED: (
        _("The committee approved the request."),
        _("The association will arrange the delivery of the support."),
    ),
    Status.REJECTED: (
        _("The committee did not approve the request."),
        _("You may contact the association for any question about the decision."),
    ),
    Status.DEFERRED: (
        _("The committee asked for more information."),
        _("The social researcher will complete the study and return it to the committee."),
    ),
    Status.IN_DELIVERY: (
        _("The support is being delivered."),
        _("You will be told once the delivery is done."),
    ),
    Status.DELIVERED: (
        _("The support was delivered."),
        _("We would be grateful for your opinion of the service."),
    ),
    Status.CLOSED: (_("The request is closed."), ""),
    Status.WITHDRAWN: (_("The request was withdrawn."), ""),
    Status.CANCELLED: (_("The request was cancelled."), ""),
}


# Pages and messages that reception reaches when acting for a walk-in: the applicant reads
# the first wording, staff the second (`makin.wording`).
words_register(
    "requests.missing_intro",
    applicant=_("The officer asks you to complete the following:"),
    staff=_("The applicant must still provide the following:"),
)
words_register(
    "requests.document_added",
    applicant=_("The document was added to your file."),
    staff=_("The document was added to the file."),
)
words_register(
    "requests.submitted",
    applicant=_("Your request %(reference)s was submitted. Keep this number to follow it."),
    staff=_(
        "The request %(reference)s was submitted. Give the applicant this number (it is on the "
        "receipt) to follow it."
    ),
)
words_register(
    "requests.documents_reused",
    applicant=_("Documents already in your file are used again; add what is missing."),
    staff=_("Documents already in the file are used again; add what is missing."),
)
words_register(
    "requests.review_title",
    applicant=_("Check your request"),
    staff=_("Check the request"),
)
words_register(
    "requests.details_help",
    applicant=_("Describe your need in a few sentences."),
    staff=_("Describe the applicant's need in a few sentences."),
)
words_register(
    "requests.details_required",
    applicant=_("Please describe your need."),
    staff=_("Please describe the applicant's need."),
)
