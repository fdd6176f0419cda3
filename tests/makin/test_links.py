"""`makin.links.Link`: the address of a named URL for each row's key, reversed once, is the
address `{% url %}` gives, in either language."""

import pytest
from django.urls import NoReverseMatch
from django.utils import translation

from makin.links import UUIDS, Link

CASES = [
    ("ar", "requests:detail", (), "MK-1448-000024", "/staff/requests/MK-1448-000024/"),
    ("en", "requests:detail", (), "B-19", "/en/staff/requests/B-19/"),
    ("ar", "beneficiaries:staff_file", (), 123, "/staff/files/123/"),
    ("ar", "committee:staff_letter", (), 70, "/committee/decisions/70/letter.pdf"),
    ("en", "committee:staff_letter", (), 7, "/en/committee/decisions/7/letter.pdf"),
    (
        "ar",
        "beneficiaries:document",
        UUIDS,
        "5f0c6d2e-1b7a-4c1e-9d3f-2a4b6c8d0e1f",
        "/documents/5f0c6d2e-1b7a-4c1e-9d3f-2a4b6c8d0e1f/",
    ),
    ("ar", "surveys:feedback_handle", (), "FB 1/2", "/staff/feedback/FB%201/2/"),
]


@pytest.mark.parametrize(("language", "name", "samples", "key", "address"), CASES)
def test_a_link_is_the_address_reverse_gives(language, name, samples, key, address):
    with translation.override(language):
        link = Link(name, *([samples] if samples else []))
        assert link(key) == address


def test_samples_that_do_not_fit_the_address_are_refused():
    with pytest.raises(NoReverseMatch):
        Link("beneficiaries:document", ("a", "b"))
