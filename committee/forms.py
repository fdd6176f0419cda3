"""The committee's forms: they validate what is typed; the rules live in committee.services."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from makin import forms as plain
from makin.files import upload_content_type
from makin.forms import CalendarDateField, CalendarDateTimeField
from makin.roles import STAFF_ROLES
from makin.validators import western_digits

from .models import Meeting, MeetingMode, Opinion, RejectionReason, SupportKind

User = get_user_model()


class MoneyField(forms.DecimalField):
    """An amount in riyals; Eastern Arabic digits, the Arabic decimal point and thousands
    separators are accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", [MinValueValidator(0)])
        kwargs.setdefault("error_messages", MONEY_ERRORS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = western_digits(value).replace("٫", ".").replace(",", "").replace("٬", "")
            value = value.strip()
        return super().to_python(value)


MONEY_ERRORS = {
    "min_value": _("The amount cannot be negative."),
    "invalid": _("Write the amount in riyals, e.g. 1500 or 1500.50."),
    "max_digits": _("The amount is too large."),
    "max_decimal_places": _("Write at most two decimals (halalas)."),
}


def staff_users():
    return (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in STAFF_ROLES])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class MemberForm(forms.Form):
    user = plain.PersonChoiceField(label=_("Member"), queryset=User.objects.none())
    term_start = CalendarDateField(label=_("Start of term"))
    term_end = CalendarDateField(label=_("End of term"), required=False)
    is_chair = forms.BooleanField(label=_("Chair of the committee"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_users().exclude(committee_terms__is_active=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class MeetingForm(forms.ModelForm):
    starts_at = CalendarDateTimeField(label=_("Date and time"))
    online_link = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    class Meta:
        model = Meeting
        fields = ["number", "starts_at", "mode", "place", "online_link"]
        widgets = {"mode": forms.RadioSelect}
        error_messages = {"number": {"unique": _("A meeting with this number already exists.")}}

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number < 1:
            raise forms.ValidationError(_("The meeting number starts at 1."), code="number_too_low")
        return number

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == MeetingMode.IN_PERSON and not (data.get("place") or "").strip():
            self.add_error("place", _("Write where the meeting is held."))
        if mode == MeetingMode.ONLINE and not data.get("online_link"):
            self.add_error("online_link", _("Give the link of the online meeting."))
        return data


class AttendanceForm(forms.Form):
    attendees = plain.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members=None, **kwargs):
        """`members`: the serving members when they were read already (the meeting's page reads
        them with the meeting, `selectors.serving_members_of`), in the queryset's order; the
        choices are then made from them instead of another query."""
        super().__init__(*args, **kwargs)
        self.members = members
        field = self.fields["attendees"]
        # People's names keep their own direction on an English page.
        field.label_from_instance = lambda u: format_html("<bdi>{}</bdi>", u)
        if members is not None and not self.is_bound:
            # Shown, never validated: the boxes are the members given (`checkbox_form` draws
            # them), and the queryset that would check a choice is not made.
            field.choices = [(u.pk, field.label_from_instance(u)) for u in members]
            return
        field.queryset = User.objects.filter(committee_terms__is_active=True).order_by(
            "-committee_terms__is_chair", "first_name"
        )
        if members is not None:
            field.choices = [(u.pk, field.label_from_instance(u)) for u in members]


class AgendaAddForm(forms.Form):
    requests = plain.ModelMultipleChoiceField(
        label=_("Requests to add"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one request.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = candidates
        self.fields["requests"].label_from_instance = lambda r: format_html(
            '<span dir="ltr">{}</span> — <bdi>{}</bdi> — {}', r.reference, r.beneficiary, r.service
        )


class VoteForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Your opinion"),
        choices=[(o.value, o.label) for o in (Opinion.APPROVE, Opinion.REJECT, Opinion.DEFER)],
        widget=forms.RadioSelect,
        required=False,
    )
    conflict_of_interest = forms.BooleanField(
        label=_("I have a conflict of interest in this request and abstain"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def clean(self):
        data = super().clean()
        if not data.get("conflict_of_interest") and not data.get("opinion"):
            self.add_error(
                "opinion", _("Choose approve, reject or defer, or declare a conflict of interest.")
            )
        return data


class ApproveForm(forms.Form):
    support_kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    amount = MoneyField(label=_("Amount granted (SAR)"), required=False)
    instalments = forms.IntegerField(
        label=_("Number of instalments"),
        required=False,
        min_value=2,
        max_value=60,
        error_messages={"min_value": _("Support in instalments needs two instalments or more.")},
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=120
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        if service is not None and service.max_amount is not None:
            self.fields["amount"].help_text = _("This service's limit: %(limit)s riyals.") % {
                "limit": f"{service.max_amount:,.2f}"
            }


class RejectForm(forms.Form):
    rejection_reason = plain.ModelChoiceField(
        label=_("Reason"),
        queryset=RejectionReason.objects.filter(is_active=True),
        error_messages={"required": _("Choose the reason for rejection.")},
    )
    reason_text = forms.CharField(
        label=_("Explanation to the applicant"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Explain the reason to the applicant.")},
    )


class DeferForm(forms.Form):
    questions = forms.CharField(
        label=_("Questions for the researcher"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the questions the researcher should answer.")},
    )


class RejectionReasonForm(forms.Form):
    name_ar = forms.CharField(label=_("Reason in Arabic"), max_length=150)
    name_en = forms.CharField(label=_("Reason in English"), max_length=150, required=False)


DECISION_FORMS = {"approve": ApproveForm, "reject": RejectForm, "defer": DeferForm}


class DeliveryForm(forms.Form):
    delivered_on = CalendarDateField(label=_("Date of delivery"))
    delivered_by = plain.PersonChoiceField(label=_("Delivered by"), queryset=User.objects.none())
    received_by_name = forms.CharField(
        label=_("Received by (the beneficiary or their representative)"),
        required=False,
        max_length=150,
    )
    amount_paid = MoneyField(label=_("Amount paid (SAR)"), required=False)
    service_given = forms.CharField(
        label=_("Service given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(
        label=_("Attachment (receipt or transfer, PDF or image)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_by"].queryset = staff_users()

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date of delivery cannot be in the future."), code="delivered_on_future"
            )
        return day

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        upload_content_type(upload)
        return upload

    def clean(self):
        data = super().clean()
        if (
            "amount_paid" not in self.errors
            and data.get("amount_paid") is None
            and not (data.get("service_given") or "").strip()
        ):
            self.add_error("amount_paid", _("Write the amount paid or describe the service given."))
        return data
