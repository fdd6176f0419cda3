"""A person's case: the staff file page gathers what every app holds about the person.

Each app lists, in its AppConfig's `case_sections`, dotted paths to functions
`section(*, beneficiary, user) -> CaseSection | None` (None when the user's role may not see
that part), as apps list their navigation. `makin` and `beneficiaries` so import no app that
builds on them, and the dependencies keep pointing one way."""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CaseSection:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def request_sections(*, support_request, user) -> list[CaseSection]:
    """What other apps add to the applicant's page of their own request (the committee: the
    decision and its letter), from each AppConfig's `request_sections`, the same way: each
    function `section(*, support_request, user) -> CaseSection | None`. Applicant audience
    only."""
    return _sections("request_sections", support_request=support_request, user=user)


def case_sections(*, beneficiary, user) -> list[CaseSection]:
    return _sections("case_sections", beneficiary=beneficiary, user=user)


def _sections(attribute: str, **arguments) -> list[CaseSection]:
    """Call each function an AppConfig lists under `attribute`, keep the sections given, in
    their order."""
    sections = []
    for config in apps.get_app_configs():
        for path in getattr(config, attribute, ()):
            section = import_string(path)(**arguments)
            if section is not None:
                sections.append(section)
    return sorted(sections, key=lambda s: (s.order, s.key))
