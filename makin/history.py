"""django-simple-history records read as a record: each field by its label in the reader's
language, choices by their labels, linked rows (people, document kinds) by their names, dates in
the portal's format, and what was created with its values.

`readable_history(sources)` takes (records, title) pairs, each `records` the historical rows of
one model and `title(record, names)` the words naming what a row is about; it returns the
entries newest first. Linked rows are fetched once per model for the whole page."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import dates
from .display import money as display_money

KIND = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Removed"),
}


@dataclass
class HistoryEntry:
    at: datetime.datetime
    user: object
    what: str
    kind: str
    # (label, old, new) for a change; (label, "", value) for what a creation set.
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    created: bool = False


def shown_fields(model, skip=()) -> list[models.Field]:
    """What a reader cares about: fields people enter or decide, not keys, files or internals."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.editable
        and not isinstance(f, models.FileField)
        and f.name not in skip
    ]


class Names:
    """Linked rows by (model, pk), fetched in one query per model."""

    def __init__(self):
        self._wanted = defaultdict(set)
        self._found = {}

    def want(self, model, pk):
        if pk is not None:
            self._wanted[model].add(pk)

    def fetch(self):
        for model, pks in self._wanted.items():
            for obj in model._default_manager.filter(pk__in=pks):
                self._found[(model, obj.pk)] = obj
        self._wanted.clear()

    def get(self, model, pk):
        return self._found.get((model, pk))

    def name(self, model, pk) -> str:
        obj = self.get(model, pk)
        if obj is None:
            return "" if pk is None else _("(removed)")
        return str(obj)


def display(f: models.Field, value, names: Names) -> str:
    if value is None or value == "":
        return ""
    if f.is_relation:
        return names.name(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.DateTimeField):
        return dates.dual_datetime(value)
    if isinstance(f, models.DateField):
        return dates.dual(value)
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(f, models.DecimalField):
        return display_money(value)
    return str(value)


def _value(record, f):
    return getattr(record, f.attname)


def readable_history(sources, *, skip=()) -> list[HistoryEntry]:
    """`sources`: (historical records, title) pairs; `title(record, names) -> str`."""
    names = Names()
    loaded = []
    for records, title in sources:
        records = list(records.select_related("history_user").order_by("id", "history_id"))
        fields = shown_fields(records[0].instance_type, skip) if records else []
        for record in records:
            for f in fields:
                if f.is_relation:
                    names.want(f.related_model, _value(record, f))
        loaded.append((records, title, fields))
    names.fetch()

    entries = []
    for records, title, fields in loaded:
        previous_by_id = {}
        for record in records:
            previous = previous_by_id.get(record.id)
            entry = HistoryEntry(
                at=record.history_date,
                user=record.history_user,
                what=title(record, names),
                kind=str(KIND[record.history_type]),
                created=record.history_type == "+",
            )
            if record.history_type == "+":
                entry.changes = [
                    (str(f.verbose_name), "", display(f, _value(record, f), names))
                    for f in fields
                    if _value(record, f) not in (None, "")
                ]
            elif record.history_type == "~" and previous is not None:
                entry.changes = [
                    (
                        str(f.verbose_name),
                        display(f, _value(previous, f), names),
                        display(f, _value(record, f), names),
                    )
                    for f in fields
                    if _value(previous, f) != _value(record, f)
                ]
            entries.append(entry)
            previous_by_id[record.id] = record
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
