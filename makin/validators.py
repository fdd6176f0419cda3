"""Checks on Saudi identifiers shared by every app."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Eastern Arabic (٠-٩) and Persian (۰-۹) digits, as typed on Arabic keyboards.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(value: str) -> str:
    """Return `value` with Eastern Arabic and Persian digits replaced by 0-9."""
    return value.translate(_DIGITS)


def national_id_is_valid(value: str) -> bool:
    """A Saudi national ID (starts with 1) or iqama (starts with 2): ten digits whose Luhn
    check digit is right."""
    if len(value) != 10 or not value.isascii() or not value.isdigit() or value[0] not in "12":
        return False
    total = 0
    for position, char in enumerate(value):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_national_id(value: str) -> None:
    if not (len(value) == 10 and value.isdigit()):
        raise ValidationError(
            _("The ID number must be exactly 10 digits."), code="national_id_length"
        )
    if value[0] not in "12":
        raise ValidationError(
            _("The ID number starts with 1 (national ID) or 2 (iqama)."),
            code="national_id_prefix",
        )
    if not national_id_is_valid(value):
        raise ValidationError(
            _("This ID number is not valid: please check its digits."), code="national_id_check"
        )


def validate_saudi_mobile(value) -> None:
    """A Saudi mobile number: +966 5X XXX XXXX."""
    number = value if isinstance(value, phonenumbers.PhoneNumber) else None
    if number is None:
        try:
            number = phonenumbers.parse(str(value), "SA")
        except phonenumbers.NumberParseException:
            number = None
    national = str(number.national_number) if number else ""
    if not (
        number and number.country_code == 966 and len(national) == 9 and national.startswith("5")
    ):
        raise ValidationError(
            _("Enter a Saudi mobile number, for example 0551234567."), code="saudi_mobile"
        )


def national_id_check_digit(first_nine: str) -> str:
    """The check digit that completes nine digits into a valid ID number."""
    for digit in "0123456789":
        if national_id_is_valid(first_nine + digit):
            return digit
    raise ValueError(first_nine)
