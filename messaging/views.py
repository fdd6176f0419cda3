"""The desk's inbox of messages people sent by SMS or WhatsApp (reception and managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from makin.views import CapabilityRequiredMixin

from . import selectors, services
from .forms import AttachForm, ReplyForm
from .models import InboxState

PAGE_SIZE = 25


class InboxPermissionMixin(CapabilityRequiredMixin):
    capability = "messaging.view_inbox"


class InboxView(InboxPermissionMixin, View):
    def get(self, request):
        state = request.GET.get("state", InboxState.UNREAD)
        if state not in InboxState.values:
            state = InboxState.UNREAD
        page = Paginator(selectors.inbox(user=request.user, state=state), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "messaging/inbox_list.html",
            {
                "page": page,
                "state": state,
                "states": InboxState.choices,
            },
        )


class MessageView(InboxPermissionMixin, View):
    def get(self, request, pk):
        return self._page(request, selectors.inbound_get(user=request.user, pk=pk))

    def _page(self, request, message, *, reply=None, attach=None, status=200):
        return render(
            request,
            "messaging/inbox_detail.html",
            {
                "message": message,
                "reply_form": reply or ReplyForm(),
                "attach_form": attach or AttachForm(),
            },
            status=status,
        )


class MessageActionView(MessageView):
    """POST to act on one message: read, attach, discard or reply."""

    capability = "messaging.handle_message"
    action = ""

    def get(self, request, pk):
        return redirect("messaging:detail", pk=pk)

    def post(self, request, pk):
        message = selectors.inbound_get(user=request.user, pk=pk)
        reply = attach = None
        try:
            if self.action == "read":
                services.inbound_mark_read(message=message, actor=request.user)
                done = _("The message is marked read.")
            elif self.action == "discard":
                services.inbound_discard(message=message, actor=request.user)
                done = _("The message was discarded.")
            elif self.action == "attach":
                attach = AttachForm(request.POST)
                if not attach.is_valid():
                    return self._page(request, message, attach=attach, status=400)
                services.inbound_attach(
                    message=message, beneficiary=attach.beneficiary, actor=request.user
                )
                done = _("The message is on the person's file.")
            else:
                reply = ReplyForm(request.POST)
                if not reply.is_valid():
                    return self._page(request, message, reply=reply, status=400)
                services.inbound_reply(
                    message=message, text=reply.cleaned_data["text"], actor=request.user
                )
                done = _("The reply is on its way.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("messaging:detail", pk=pk)
        messages.success(request, done)
        if self.action in ("read", "discard"):
            return redirect("messaging:inbox")
        return redirect("messaging:detail", pk=pk)
