"""Who works the inbox of incoming SMS and WhatsApp messages: the desk (reception) and
managers."""

import rules

from makin.rules import is_manager, is_reception

rules.add_perm("messaging.view_inbox", is_reception | is_manager)
rules.add_perm("messaging.handle_message", is_reception | is_manager)
