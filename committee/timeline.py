"""What the committee's moves say on a request's timeline, in the reader's language."""

from django.utils.translation import gettext as _

from requests.timeline import bilingual

from .models import SupportKind


def agenda_text(params: dict) -> str:
    return _("On the agenda of meeting no. %(number)s") % {"number": params["meeting"]}


def approved_text(params: dict) -> str:
    return _("Approved: %(kind)s") % {"kind": SupportKind(params["support_kind"]).label}


def rejected_text(params: dict) -> str:
    return _("Rejected: %(reason)s") % {"reason": bilingual(params, "reason")}
