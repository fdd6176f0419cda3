"""Addresses of one named URL for many rows, reversed once: `{% url %}` on every row of a list
walks the URL resolver each time, while the rows differ only by their key."""

from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

# The characters `reverse()` leaves unquoted in an argument.
_SAFE = RFC3986_SUBDELIMS + "/~:@"
NUMBERS = ("0", "1")
UUIDS = ("00000000-0000-0000-0000-000000000000", "11111111-1111-1111-1111-111111111111")


class Link:
    """`Link("requests:detail")("MK-1448-000024")` is `reverse("requests:detail",
    args=["MK-1448-000024"])`, the resolver walked once for the page (in the language active
    when it is made). `samples`: two keys that fit the URL's converter and differ from their
    first character, of the same length (numbers fit `<int:…>` and `<str:…>`; `UUIDS` for
    `<uuid:…>`); samples that do not fit are refused as `reverse()` refuses them."""

    do_not_call_in_templates = True

    def __init__(self, name: str, samples: tuple[str, str] = NUMBERS):
        one, two = (reverse(name, args=[sample]) for sample in samples)
        # The key starts where the two addresses first differ.
        start = next(i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b)
        self.before, self.after = one[:start], one[start + len(samples[0]) :]

    def __call__(self, key) -> str:
        return self.before + quote(str(key), safe=_SAFE) + self.after
