import pytest
from django.core.exceptions import ValidationError

from makin.validators import (
    national_id_check_digit,
    national_id_is_valid,
    validate_national_id,
    validate_saudi_mobile,
    western_digits,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1000000008", True),  # citizen, check digit right
        ("1000000009", False),  # same number, wrong check digit
        ("2000000006", True),  # resident (iqama)
        ("3000000004", False),  # neither 1 nor 2 first (Luhn-valid all the same)
        ("100000000", False),  # nine digits
        ("10000000080", False),  # eleven digits
        ("١٠٠٠٠٠٠٠٠٨", False),  # Eastern digits are converted by the form, not here
    ],
)
def test_national_id_check_digit(value, valid):
    assert national_id_is_valid(value) is valid


def test_check_digit_completes_any_nine_digits():
    for first_nine in ["110000000", "123456789", "298765432"]:
        assert national_id_is_valid(first_nine + national_id_check_digit(first_nine))


@pytest.mark.parametrize(
    ("value", "code"),
    [("12345", "national_id_length"), ("5000000002", "national_id_prefix")],
)
def test_validate_national_id_says_what_is_wrong(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_national_id(value)
    assert excinfo.value.code == code


def test_eastern_arabic_and_persian_digits_become_western():
    assert western_digits("١٢٣٤٥٦٧٨٩٠ ۴۵") == "1234567890 45"


@pytest.mark.parametrize("value", ["+966551234567", "0551234567", "551234567"])
def test_saudi_mobile_accepted(value):
    validate_saudi_mobile(value)


@pytest.mark.parametrize("value", ["+201001234567", "0121234567", "+96655123", "abc"])
def test_non_saudi_mobile_rejected(value):
    with pytest.raises(ValidationError):
        validate_saudi_mobile(value)
