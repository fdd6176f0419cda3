"""What every request view shares: the capability gate, the base view of one staff request,
small helpers."""

from functools import cached_property

from django.views import View

from makin.files import private_file_response
from makin.rules import holds
from makin.views import CapabilityRequiredMixin

from .. import selectors
from ..models import Status

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


def _missing(obj) -> list[str]:
    """What staff asked for, while the request waits for the applicant."""
    return obj.missing_items if obj.status == Status.INCOMPLETE else []
