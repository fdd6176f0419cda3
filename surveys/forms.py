import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from hijridate import Hijri

from beneficiaries.models import Beneficiary
from makin.channels import Channel
from makin.forms import NationalIdField, SaudiMobileField, SmsTextarea
from makin.rules import holds
from makin.validators import western_digits
from requests.models import Service

from .models import RATING_LABELS, Feedback, FeedbackKind, FeedbackStatus, Question, QuestionKind
from .workflow import moves_from


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
                choices = [("yes", _("Yes")), ("no", _("No"))]
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
                result[q.pk] = value == "yes"
            else:
                result[q.pk] = value
        return result

    def questions_with_fields(self):
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


class FeedbackForm(forms.ModelForm):
    """A complaint or suggestion. `website` is a honeypot: hidden from people, filled by bots."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

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
            for name in ("name", "mobile", "email", "website"):
                del self.fields[name]

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
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
            raise forms.ValidationError(_("No beneficiary file has this ID number."))
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
        widget=forms.Textarea(attrs={"rows": 2}),
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
            raise forms.ValidationError(_("A survey needs at least one question."))

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
    GREGORIAN = "gregorian"
    HIJRI = "hijri"
    CHOICES = [(GREGORIAN, _("Gregorian")), (HIJRI, _("Hijri (Umm al-Qura)"))]


class DateInCalendarField(forms.CharField):
    """A date typed as year-month-day, in either calendar (the form's `calendar` says which);
    converted to Gregorian in the form's clean()."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"dir": "ltr", "placeholder": "2026-01-31"})
        )
        kwargs.setdefault("help_text", _("Year-month-day"))
        super().__init__(**kwargs)


def parse_ymd(value: str, calendar: str) -> datetime.date:
    parts = western_digits(value).strip().replace("/", "-").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise forms.ValidationError(_("Write the date as year-month-day, for example 2026-01-31."))
    year, month, day = (int(p) for p in parts)
    try:
        if calendar == Calendar.HIJRI:
            g = Hijri(year, month, day).to_gregorian()
            result = datetime.date(g.year, g.month, g.day)
        else:
            result = datetime.date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise forms.ValidationError(
            _("This date does not exist in the chosen calendar.")
        ) from error
    if not 1950 <= result.year <= 2100:
        raise forms.ValidationError(_("This date does not exist in the chosen calendar."))
    return result


class ReportFilterForm(forms.Form):
    calendar = forms.ChoiceField(
        label=_("Calendar of the dates"),
        choices=Calendar.CHOICES,
        initial=Calendar.GREGORIAN,
        required=False,
    )
    start = DateInCalendarField(label=_("From"), required=False)
    end = DateInCalendarField(label=_("To"), required=False)
    service = forms.ModelChoiceField(
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
        calendar = data.get("calendar") or Calendar.GREGORIAN
        for name in ("start", "end"):
            raw = data.get(name)
            if raw:
                try:
                    data[name] = parse_ymd(raw, calendar)
                except forms.ValidationError as error:
                    self.add_error(name, error)
            else:
                data[name] = None
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data
