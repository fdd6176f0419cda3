import datetime

from django import forms
from django.db import models
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary
from makin import dates
from makin import forms as plain
from makin.channels import Channel
from makin.forms import (
    CalendarDateField,
    NationalIdField,
    SaudiMobileField,
    SmsTextarea,
    filter_field_html,
)
from makin.markup import escaped
from makin.rules import holds
from requests.models import Service

from .models import RATING_LABELS, Feedback, FeedbackKind, FeedbackStatus, Question, QuestionKind
from .workflow import moves_from


class YesNo(models.TextChoices):
    """A yes/no question's two answers, as the form posts them."""

    YES = "yes", _("Yes")
    NO = "no", _("No")


class ResponseForm(forms.Form):
    """The questions of one survey version, built from its questions: radio groups for ratings,
    yes/no and choices (drawn as fieldsets with a legend), a text box for free text."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = f"q{q.pk}"
            if q.kind == QuestionKind.RATING:
                choices = [(str(n), label) for n, label in reversed(RATING_LABELS.items())]
            elif q.kind == QuestionKind.YES_NO:
                choices = YesNo.choices
            elif q.kind == QuestionKind.CHOICE:
                choices = [(str(i), option) for i, option in enumerate(q.options)]
            else:
                self.fields[name] = forms.CharField(
                    label=q.text,
                    required=q.required,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
                continue
            self.fields[name] = forms.ChoiceField(
                label=q.text,
                choices=choices,
                required=q.required,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer.")},
            )

    def answers(self) -> dict[int, object]:
        result = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if value in (None, ""):
                continue
            if q.kind == QuestionKind.RATING or q.kind == QuestionKind.CHOICE:
                result[q.pk] = int(value)
            elif q.kind == QuestionKind.YES_NO:
                result[q.pk] = value == YesNo.YES
            else:
                result[q.pk] = value
        return result

    def questions_with_fields(self):
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


class FeedbackForm(forms.ModelForm):
    """A complaint or suggestion. `website` is a honeypot: hidden from people, filled by bots."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    HONEYPOT = "website"  # the template draws it hidden

    class Meta:
        model = Feedback
        fields = ("kind", "subject", "body", "name", "mobile", "email")
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 5}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
        }
        labels = {
            "kind": _("Is it a complaint or a suggestion?"),
            "name": _("Your name (optional)"),
            "email": _("E-mail (optional)"),
        }

    def __init__(self, *args, account=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = FeedbackKind.choices
        self.fields["mobile"] = SaudiMobileField(
            required=False,
            label=_("Mobile number (optional)"),
            help_text=_("To send you our reply. Leave it empty to write anonymously."),
        )
        if account:
            for name in ("name", "mobile", "email", self.HONEYPOT):
                del self.fields[name]

    def clean_website(self):
        if self.cleaned_data.get(self.HONEYPOT):
            raise forms.ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""

    def clean_mobile(self):
        value = self.cleaned_data.get("mobile")
        return str(value) if value else ""


class FeedbackMoveForm(forms.Form):
    """The moves this person may make on a complaint now (`surveys.workflow.MOVES`), with staff's
    note (kept in the history, never shown to the person) and the reply to the person."""

    target = forms.ChoiceField(label=_("What happens now"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for staff"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Kept in the history for staff; never shown to the person."),
    )
    reply = forms.CharField(
        label=_("Reply to the person"),
        required=False,
        max_length=2000,
        widget=SmsTextarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Sent to the person when the item is resolved."),
    )
    expected = forms.ChoiceField(choices=FeedbackStatus.choices, widget=forms.HiddenInput)

    def __init__(self, *args, feedback: Feedback, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = FeedbackStatus(feedback.status)
        self.moves = {
            move.target.value: move
            for move in moves_from(FeedbackStatus(feedback.status))
            if holds(user, move.capability)
        }
        self.fields["target"].choices = [(v, m.label) for v, m in self.moves.items()]

    @property
    def move(self):
        return self.moves[self.cleaned_data["target"]]

    def clean(self):
        data = super().clean()
        if data.get("expected") and data["expected"] != self.current:
            # The page showed another status: say so rather than "not a valid choice" alone.
            raise forms.ValidationError(
                _(
                    "This item was changed by someone else meanwhile; it is now “%(status)s”. "
                    "Please review it again."
                ),
                params={"status": self.current.label},
                code="stale",
            )
        move = self.moves.get(data.get("target"))
        if move is not None and move.reply_required and not (data.get("reply") or "").strip():
            self.add_error("reply", _("Please write the reply to the person."))
        if move is not None and move.note_required and not (data.get("note") or "").strip():
            self.add_error("note", _("Please write the reason."))
        return data


class InvitationForm(forms.Form):
    """Invite a beneficiary to rate a visit or call that was not part of a request."""

    national_id = NationalIdField(label=_("Beneficiary's ID number"))
    channel = forms.ChoiceField(label=_("Channel of the contact"), choices=Channel.choices)

    def clean_national_id(self):
        national_id = self.cleaned_data["national_id"]
        beneficiary = Beneficiary.objects.filter(national_id=national_id).first()
        if beneficiary is None:
            raise forms.ValidationError(
                _("No beneficiary file has this ID number."), code="file_not_found"
            )
        self.cleaned_data["beneficiary"] = beneficiary
        return national_id


class SurveyForm(forms.Form):
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=150)
    name_en = forms.CharField(label=_("Name in English"), max_length=150, required=False)


class QuestionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text_ar = forms.CharField(label=_("Question in Arabic"), max_length=300)
    text_en = forms.CharField(
        label=_("Question in English"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    choices_ar = forms.CharField(
        label=_("Options in Arabic, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ar", "dir": "rtl"}),
    )
    choices_en = forms.CharField(
        label=_("Options in English, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr", "lang": "en"}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("kind") == QuestionKind.CHOICE:
            arabic = [x for x in (data.get("choices_ar") or "").splitlines() if x.strip()]
            english = [x for x in (data.get("choices_en") or "").splitlines() if x.strip()]
            if len(arabic) < 2:
                self.add_error("choices_ar", _("A choice question needs at least two options."))
            elif english and len(english) != len(arabic):
                self.add_error(
                    "choices_en", _("Give as many English options as Arabic ones, or none.")
                )
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(
                _("A survey needs at least one question."), code="no_questions"
            )

    def questions(self) -> list[dict]:
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        kept.sort(key=lambda f: f.cleaned_data.get("ORDER") or 0)
        return [
            {k: v for k, v in f.cleaned_data.items() if k not in ("DELETE", "ORDER")} for f in kept
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=1, can_delete=True, can_order=True
)


class Calendar:
    GREGORIAN = dates.GREGORIAN
    HIJRI = dates.HIJRI
    CHOICES = [(GREGORIAN, _("Gregorian")), (HIJRI, _("Hijri (Umm al-Qura)"))]


class ReportFilterForm(forms.Form):
    calendar = forms.ChoiceField(
        label=_("Calendar of the report"),
        choices=[("", _("As the dates are typed")), *Calendar.CHOICES],
        required=False,
        help_text=_("The monthly trend is shown in this calendar's months."),
    )
    start = CalendarDateField(label=_("From"), required=False)
    end = CalendarDateField(label=_("To"), required=False)
    service = plain.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.all(),
        required=False,
        empty_label=_("All services"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )

    def clean(self):
        data = super().clean()
        # The report's calendar: chosen, or the one the start (else the end) is typed in;
        # "" leaves it to the person's own calendar.
        typed = [self.data.get(self.add_prefix(n), "") for n in ("start", "end")]
        data["calendar"] = (
            data.get("calendar") or next(filter(None, map(dates.calendar_of, typed)), None) or ""
        )
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data


# The report filter's fields, as `filter_field_html` draws them, from parts drawn by it once per
# process and language: each choice of the calendar and channel lists (the portal's own, a
# dozen), the date fields around their value and echo, the service list around its options
# (the catalogue's, read with the report). A field with an error is drawn whole each time.
_DATE_SENTINEL = "makin-report-date-value"
_FILTER_PARTS: dict[str, dict] = {}
REPORT_FILTER_FIELDS = ("calendar", "start", "end", "service", "channel")


def _filter_parts() -> dict:
    language = translation.get_language()
    parts = _FILTER_PARTS.get(language)
    if parts is not None:
        return parts
    parts = {}
    for name in ("calendar", "channel"):
        choices = ReportFilterForm.base_fields[name].choices
        parts[name] = {
            value: str(filter_field_html(ReportFilterForm(initial={name: value})[name]))
            for value, _label in choices
        }
    for name in ("start", "end"):
        html = str(filter_field_html(ReportFilterForm(initial={name: _DATE_SENTINEL})[name]))
        value = f' value="{_DATE_SENTINEL}"'
        echo = f'id="id_{name}_echo" aria-live="polite">'
        if html.count(value) != 1 or html.count(f"{echo}</div>") != 1:
            raise ValueError(f"the report filter's {name} field is not drawn as expected")
        head, rest = html.split(value)
        middle, tail = rest.split(f"{echo}</div>")
        parts[name] = (head, middle + echo, "</div>" + tail)
    form = ReportFilterForm()
    form.fields["service"].queryset = Service.objects.none()
    html = str(filter_field_html(form["service"]))
    empty = form.fields["service"].empty_label
    option = f'\n  <option value="" selected>{escaped(empty)}</option>'
    if html.count(option) != 1 or html.count("\n</select>") != 1:
        raise ValueError("the report filter's service field is not drawn as expected")
    head, tail = html.split(option)
    parts["service"] = (head, escaped(empty), tail)
    _FILTER_PARTS[language] = parts
    return parts


def report_filter_fields(form: ReportFilterForm) -> dict:
    """The report filter's fields' markup by name: as `filter_field_html` draws them."""
    if form.errors:
        return {name: filter_field_html(form[name]) for name in REPORT_FILTER_FIELDS}
    parts = _filter_parts()
    fields = {}
    for name in ("calendar", "channel"):
        value = form[name].value()
        html = parts[name].get("" if value is None else str(value))
        fields[name] = mark_safe(html) if html is not None else filter_field_html(form[name])
    for name in ("start", "end"):
        value = form[name].value()
        head, middle, tail = parts[name]
        if isinstance(value, datetime.date):
            value = value.isoformat()
        value = None if value == "" else value
        typed = "" if value is None else str(value)
        attribute = "" if value is None else f' value="{escaped(value)}"'
        fields[name] = mark_safe(  # the value and echo escaped, the rest drawn by Django
            f"{head}{attribute}{middle}{escaped(dates.other_calendar(typed))}{tail}"
        )
    field = form["service"]
    chosen = field.value()
    chosen = "" if chosen is None else str(chosen)
    head, empty, tail = parts["service"]
    label = field.field.label_from_instance
    selected = chosen == ""
    options = [f'\n  <option value=""{" selected" if selected else ""}>{empty}</option>']
    for service in field.field.queryset:
        value = str(service.pk)
        mark = not selected and value == chosen
        selected |= mark
        options.append(
            f'\n  <option value="{value}"{" selected" if mark else ""}>'
            f"{escaped(label(service))}</option>"
        )
    fields["service"] = mark_safe(f"{head}{''.join(options)}{tail}")  # every label escaped
    return fields
