"""The eight channels through which the policy reaches beneficiaries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INTERVIEW = "interview", _("In-person interview")
    PHONE = "phone", _("Phone")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LETTER = "letter", _("Letters")
    HELP_REQUEST = "help_request", _("Help-request service")
    VOLUNTEERING = "volunteering", _("Volunteering service")
    WEBSITE = "website", _("The association's website")
    BRANCH = "branch", _("Branch-office representatives")
