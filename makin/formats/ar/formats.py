"""Arabic number formats as written in Saudi Arabia: a decimal point, not a comma
(Django's generic Arabic locale uses a comma), e.g. 3000.50 ريال."""

from django.conf.locale.ar.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
