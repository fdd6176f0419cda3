"""Texts the request's pages and documents share: the declaration (versioned) and the plain
Arabic explanation of each status for the applicant's timeline."""

from django.utils.translation import gettext_lazy as _

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
