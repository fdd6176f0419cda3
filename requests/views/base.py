"""What every request view shares: the capability gate, the base view of one staff request,
small helpers."""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.views import View

from makin.files import private_file_response
from makin.rules import holds
from makin.views import CapabilityRequiredMixin

from .. import selectors, services
from ..forms import MissingItemAnswerForm
from ..models import MissingItem, Status

PAGE_SIZE = 25
# Documents are reviewed while the request is being checked for completeness.
REVIEWABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE})


class CapabilityView(CapabilityRequiredMixin, View):
    """A request page that names its capability."""


class StaffRequestView(CapabilityView):
    """A staff page of one request (URL argument `reference`): fetched and authorised once."""

    capability = "requests.view_request"

    @cached_property
    def support_request(self):
        return selectors.request_for_staff(
            user=self.request.user, reference=self.kwargs["reference"]
        )


def editable_request(user, reference):
    """The applicant's own request, or any request for reception (the desk fills it for a
    visitor)."""
    if holds(user, "requests.fill_for_visitor"):
        return selectors.request_for_staff(user=user, reference=reference)
    return selectors.request_for_applicant(user=user, reference=reference)


def _file_response(field, name, content_type):
    return private_file_response(field, filename=name, content_type=content_type)


def _missing(obj) -> list[MissingItem]:
    """What staff asked for and is not answered yet, while the request waits for it."""
    if obj.status != Status.INCOMPLETE:
        return []
    return [item for item in selectors.missing_items_of(obj) if not item.is_answered]


@dataclass
class ItemRow:
    """One missing item on a request page: its answer's link, or the form that answers it."""

    item: MissingItem
    document_url: str = ""
    form: MissingItemAnswerForm | None = None
    action: str = ""


def item_rows(obj, *, staff: bool, can_answer: bool, bound=None, items=None) -> list[ItemRow]:
    """Every item asked for on the request (`items` when the page has read them). The answer
    opens through the document door (the staff page's, or the person's own); open items take
    an upload while the request waits."""
    answering = can_answer and obj.status == Status.INCOMPLETE
    rows = []
    for item in selectors.missing_items_of(obj) if items is None else items:
        row = ItemRow(item=item)
        if item.is_answered:
            uuid = item.document.uuid
            row.document_url = (
                reverse("requests:document_file", args=[obj.reference, uuid])
                if staff
                else reverse("beneficiaries:document", args=[uuid])
            )
        elif answering:
            name = "requests:staff_item_answer" if staff else "requests:item_answer"
            row.action = reverse(name, args=[obj.reference, item.pk])
            row.form = (
                bound if bound is not None and bound.item.pk == item.pk else None
            ) or MissingItemAnswerForm(item=item)
        rows.append(row)
    return rows


def missing_item_answer(user, item: MissingItem, form: MissingItemAnswerForm) -> MissingItem:
    """Send the valid form's document for one missing item (the applicant's page and the
    desk's alike); a refusal is the service's ValidationError."""
    return services.missing_item_answer(
        item=item,
        actor=user,
        upload=form.cleaned_data["file"],
        expiry_date=form.cleaned_data.get("expiry_date"),
    )
