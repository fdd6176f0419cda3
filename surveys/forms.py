import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary
from makin import dates
from makin import forms as plain
from makin.channels import Channel
from makin.forms import CalendarDateField, NationalIdField, SaudiMobileField, SmsTextarea
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
