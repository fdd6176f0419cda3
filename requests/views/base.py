"""What every request view shares: the role gate, the desk's fetch, small helpers."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.views import View

from makin.files import private_file_response
from makin.roles import Role

from .. import selectors
from ..models import Status

PAGE_SIZE = 25
# Documents are reviewed while the request is being checked for completeness.
REVIEWABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE})
APPLICANT = frozenset({Role.APPLICANT})
DESK = frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER})
EDITORS = frozenset({Role.APPLICANT, Role.RECEPTION})
MANAGERS = frozenset({Role.MANAGER})
RESEARCH = frozenset({Role.RESEARCHER})


class RoleView(View):
    """A page for the given roles: anonymous visitors are sent to log in, other roles get 403."""

    roles: frozenset[Role] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.roles & self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def editable_request(user, reference):
    """The applicant's own request, or any request for reception (the desk fills it for a
    visitor)."""
    if user.has_role(Role.RECEPTION):
        return selectors.request_for_staff(user=user, reference=reference)
    return selectors.request_for_applicant(user=user, reference=reference)


# ---------------------------------------------------------------------------------------------
# Applicant: my requests and the wizard.


def _file_response(field, name, content_type):
    return private_file_response(field, filename=name, content_type=content_type)


def _missing(obj) -> list[str]:
    """What staff asked for, while the request waits for the applicant."""
    return obj.missing_items if obj.status == Status.INCOMPLETE else []
