"""Who may read a timeline entry, a note or a message.

The policy tells the applicant that the research committee studies the request and answers
"accept or reject"; it does not share the deliberation. The applicant (and anyone acting for
them) reads only their audience: received, incomplete and what is missing, under study, the
decision and its letter, delivery. Staff read the staff and applicant audiences; the committee's
own words (votes, members' notes, deferral questions) are the committee's and the staff's."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    APPLICANT = "applicant", _("The applicant")
    STAFF = "staff", _("Staff")
    COMMITTEE = "committee", _("The committee")
