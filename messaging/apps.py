from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from makin.badges import Tone
from makin.navigation import GROUP_REQUESTS, NavItem


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages from beneficiaries")
    navigation = [
        NavItem(
            _("Incoming messages"),
            "messaging:inbox",
            "messaging.view_inbox",
            group=GROUP_REQUESTS,
        ),
    ]

    def ready(self):
        from .models import InboxState

        self.badges = {
            InboxState.UNREAD: Tone.WARNING,
            InboxState.READ: Tone.LIGHT,
            InboxState.DISCARDED: Tone.SECONDARY,
        }
