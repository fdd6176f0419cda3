"""Words chosen by who reads them.

The applicant reads "your request", "your file"; staff acting for a walk-in (reception filling
the wizard for a visitor, any staff page of the person's request) read about "the applicant"
and "the file". The reader is the applicant exactly when the person reading owns the
beneficiary file the page is about; anyone else reads staff wording.

Apps register each pair once under a name (`words_register("requests.document_added",
applicant=…, staff=…)`); views call `words(name, reader=…)` and templates
`{% words "requests.document_added" %}` with `reader` in the page's context (see
`reader_of`)."""

from dataclasses import dataclass
from enum import StrEnum


class Reader(StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"


@dataclass(frozen=True)
class Wording:
    applicant: str
    staff: str


_WORDS: dict[str, Wording] = {}


def words_register(name: str, *, applicant, staff) -> None:
    """Declare the two wordings of one message (lazy translations, with the same placeholders)."""
    _WORDS[name] = Wording(applicant=applicant, staff=staff)


def reader_of(user, *, owner_id) -> Reader:
    """Who reads a page about the file owned by `owner_id` (None for a walk-in's file)."""
    if owner_id is not None and getattr(user, "pk", None) == owner_id:
        return Reader.APPLICANT
    return Reader.STAFF


def words(name: str, *, reader: Reader, **params) -> str:
    """The message `name` in the reader's wording and the page's language."""
    wording = _WORDS[name]
    text = str(wording.applicant if Reader(reader) == Reader.APPLICANT else wording.staff)
    return text % params if params else text
