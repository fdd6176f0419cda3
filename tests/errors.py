"""Domain errors asserted by their codes, not their (translated) words."""

from contextlib import contextmanager

import pytest


def codes(error) -> list[str] | dict[str, list[str]]:
    """The codes of a ValidationError: a list, or a list per field for a form-like error."""
    if hasattr(error, "error_dict"):
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return [e.code for e in error.error_list]


@contextmanager
def raises_code(error_class, expected):
    """`with raises_code(CommitteeError, "no_quorum"):`, or `{"amount": ["amount_negative"]}`
    for errors by field."""
    with pytest.raises(error_class) as excinfo:
        yield excinfo
    assert codes(excinfo.value) == ([expected] if isinstance(expected, str) else expected)
