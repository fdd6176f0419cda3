"""The committee's PDF documents: a meeting's minutes and the decision letter to an applicant."""

from django.utils import timezone

from makin.pdf import render_pdf

from . import selectors, services
from .models import Meeting


def minutes_context(*, meeting: Meeting, user) -> dict:
    items = list(selectors.minutes_items(user=user, meeting=meeting))
    attendees = selectors.attendees_of(meeting)
    members = meeting.members_count or services.serving_members().count()
    chair = next((a for a in attendees if a.is_committee_chair), None)
    return {
        "meeting": meeting,
        "items": items,
        "attendees": attendees,
        "chair": chair,
        "members_count": members,
        "quorum_needed": services.quorum_needed(members),
        "quorum_reached": services.has_quorum(present=len(attendees), members=members),
        "printed_on": timezone.localdate(),
    }


def minutes_pdf(*, meeting: Meeting, user, request=None) -> bytes:
    return render_pdf(
        "committee/pdf/minutes.html", minutes_context(meeting=meeting, user=user), request=request
    )


def letter_pdf(*, decision, request=None) -> bytes:
    support_request = decision.item.request
    return render_pdf(
        "committee/pdf/letter.html",
        {
            "decision": decision,
            "request_obj": support_request,
            "beneficiary": support_request.beneficiary,
            "meeting": decision.item.meeting,
        },
        request=request,
    )


def letter_attachment(decision_pk: str) -> tuple[str, bytes, str]:
    """The decision letter as an e-mail attachment (registered in CommitteeConfig.ready)."""
    from .models import Decision

    decision = Decision.objects.select_related("item__request__beneficiary", "item__meeting").get(
        pk=int(decision_pk)
    )
    name = f"decision-letter-{decision.item.request.reference}.pdf"
    return name, letter_pdf(decision=decision), "application/pdf"
