"""One confirmation page for every action that cannot be undone (pretix's confirmation page
per action): it says what will happen and who will be told, and posts the same data again with
`confirmed=1`. A view acts only on a confirmed post; any other post or a GET shows the page."""

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import render

CARRIED_OVER_SKIPPED = frozenset({"csrfmiddlewaretoken", "confirmed"})


@dataclass(frozen=True)
class Confirmation:
    title: str
    happens: list[str]
    back: str
    button: str
    told: list[str] = field(default_factory=list)


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirmed") == "1"


def confirm_page(request, confirmation: Confirmation) -> HttpResponse:
    """The page, carrying what was posted (a validated form's data) to the confirmed post."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in CARRIED_OVER_SKIPPED
        for value in values
    ]
    return render(request, "confirm.html", {"confirm": confirmation, "fields": fields})
