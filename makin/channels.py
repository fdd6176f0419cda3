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


# What staff choose when they register a file or a request for a person: every channel of the
# policy through which a person reaches the association's staff. The website is not offered:
# it is what the system records for what the person does online themselves (signing up,
# submitting from their account), never something staff type in on the person's behalf.
STAFF_INTAKE_CHANNELS = [
    (channel.value, channel.label) for channel in Channel if channel != Channel.WEBSITE
]
