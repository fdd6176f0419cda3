"""Input validation only; the services do the work."""

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary, DocumentKind
from makin import forms as plain
from makin.channels import STAFF_INTAKE_CHANNELS, Channel
from makin.files import upload_content_type
from makin.forms import CalendarDateField, DigitsField, NationalIdField
from makin.roles import Role
from makin.wording import Reader, words

from .models import (
    ContactKind,
    ResearchReport,
    Service,
    StaffTool,
    SupportRequest,
)
from .text import SIGN_BY_TYPING_TEXT


def check_upload(upload):
    """PDF, JPEG or PNG (by content, not by name), within MAKIN_DOCUMENT_MAX_BYTES: the
    beneficiary file's own rule for every uploaded document."""
    if upload is None:
        return upload
    upload.content_type = upload_content_type(upload)
    return upload


UPLOAD_HELP = format_lazy(
    _("PDF, JPEG or PNG, at most {size} MB."),
    size=settings.MAKIN_DOCUMENT_MAX_BYTES // (1024 * 1024),
)


def researchers():
    return get_user_model().objects.filter(groups__name=Role.RESEARCHER, is_active=True)


class ServiceChoiceForm(forms.Form):
    """Step 1: the service. The hidden token makes a second post of this form harmless."""

    service = plain.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a service.")},
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class WalkInForm(forms.Form):
    """A request made at the desk on behalf of a walk-in or phone visitor with a file."""

    national_id = NationalIdField(label=_("Beneficiary's ID number"))
    service = plain.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.filter(is_active=True)
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_INTAKE_CHANNELS)
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_national_id(self):
        national_id = self.cleaned_data["national_id"]
        beneficiary = Beneficiary.objects.filter(national_id=national_id).first()
        if beneficiary is None:
            raise forms.ValidationError(
                _("No beneficiary file has this ID number. Register the visitor's file first."),
                code="file_not_found",
            )
        self.cleaned_data["beneficiary"] = beneficiary
        return national_id


class DetailsForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["details", "amount_requested"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "amount_requested": forms.NumberInput(attrs={"dir": "ltr", "min": "0"}),
        }

    def __init__(self, *args, reader=Reader.APPLICANT, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["details"].required = True
        self.fields["details"].help_text = words("requests.details_help", reader=reader)
        self.fields["details"].error_messages["required"] = words(
            "requests.details_required", reader=reader
        )

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        cap = self.instance.service.max_amount
        if amount is not None and cap is not None and amount > cap:
            raise forms.ValidationError(
                _("The highest amount for this service is %(cap)s riyals.") % {"cap": cap},
                code="above_service_cap",
            )
        return amount


class DocumentUploadForm(forms.Form):
    kind = plain.ModelChoiceField(label=_("Kind of document"), queryset=DocumentKind.objects.none())
    file = forms.FileField(label=_("File"), help_text=UPLOAD_HELP)
    expiry_date = CalendarDateField(label=_("Expiry date"), required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds if kinds is not None else DocumentKind.objects.all()

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind.has_expiry and not cleaned.get("expiry_date"):
            self.add_error("expiry_date", _("Enter the expiry date of this document."))
        return cleaned


class DeclarationForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I confirm the declaration above."),
        error_messages={"required": _("Please confirm the declaration.")},
    )
    typed_name = forms.CharField(
        label=_("Your full name (four parts, as in your file)"), max_length=250
    )
    sign_by_typing = forms.BooleanField(label=SIGN_BY_TYPING_TEXT, required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class SignedFormUploadForm(forms.Form):
    signed_form = forms.FileField(
        label=_("Scan of the signed printed form"),
        help_text=UPLOAD_HELP,
    )

    def clean_signed_form(self):
        return check_upload(self.cleaned_data.get("signed_form"))


class ConfirmForm(forms.Form):
    """One action on a request: the status the page showed, and an optional note."""

    expected = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")
            self.fields["note"].error_messages["required"] = _("Please write the reason.")


class IncompleteForm(ConfirmForm):
    """What is missing: any of the service's required documents (those without a verified
    document are ticked already) and free items, one per line."""

    missing_documents = forms.ModelMultipleChoiceField(
        label=_("Missing or invalid documents"),
        queryset=DocumentKind.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_missing = forms.CharField(
        label=_("Other missing items (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["missing_documents"]
        field.queryset = kinds if kinds is not None else DocumentKind.objects.none()
        field.label_from_instance = lambda kind: kind.name
        self.fields["note"].label = _("Note to the applicant")

    def clean_other_missing(self):
        lines = [line.strip() for line in self.cleaned_data["other_missing"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > MISSING_ITEM_MAX for line in lines):
            raise forms.ValidationError(
                _("Each missing item may have at most %(max)s characters."),
                params={"max": MISSING_ITEM_MAX},
            )
        return lines

    def clean(self):
        data = super().clean()
        if not data.get("missing_documents") and not data.get("other_missing"):
            raise forms.ValidationError(
                _("List at least one missing item."), code="missing_required"
            )
        return data


MISSING_ITEM_MAX = 200


class MissingItemAnswerForm(forms.Form):
    """The document that answers one missing item."""

    file = forms.FileField(
        label=_("File"),
        help_text=UPLOAD_HELP,
        error_messages={"required": _("Choose the file to send.")},
    )
    expiry_date = CalendarDateField(label=_("Expiry date"), required=False)

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("prefix", f"item-{item.pk}")
        super().__init__(*args, **kwargs)
        self.item = item
        if not (item.kind_id and item.kind.has_expiry):
            del self.fields["expiry_date"]

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"))

    def clean(self):
        cleaned = super().clean()
        if "expiry_date" in self.fields and not cleaned.get("expiry_date"):
            self.add_error("expiry_date", _("Enter the expiry date of this document."))
        return cleaned


class AssignResearcherForm(forms.Form):
    expected = forms.CharField(widget=forms.HiddenInput)
    researcher = plain.PersonChoiceField(label=_("Social researcher"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["researcher"].queryset = researchers()


class DocumentReviewForm(forms.Form):
    verified = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Verified")), ("0", _("Rejected"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("verified") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please write the reason."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [check_upload(super(MultipleFileField, self).clean(d, initial)) for d in data]
        return [check_upload(super().clean(data, initial))] if data else []


class ResearchReportForm(forms.ModelForm):
    expected = forms.CharField(widget=forms.HiddenInput)
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=UPLOAD_HELP,
    )

    class Meta:
        model = ResearchReport
        fields = [
            "visit_kind",
            "visit_date",
            "met_with",
            "findings",
            "household_matches_file",
            "recommendation",
            "proposed_support",
            "proposed_amount",
        ]
        field_classes = {"visit_date": CalendarDateField}
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 5}),
            "proposed_support": forms.Textarea(attrs={"rows": 3}),
            "proposed_amount": forms.NumberInput(attrs={"dir": "ltr", "min": "0"}),
        }

    # What a draft keeps: everything the researcher types.
    DRAFT_FIELDS = tuple(Meta.fields)

    def __init__(self, *args, draft: bool = False, **kwargs):
        """`draft=True`: saving a draft, where any field may still be empty (what is typed is
        still checked: a date, an amount of zero or more, a photo)."""
        super().__init__(*args, **kwargs)
        if draft:
            for name in self.DRAFT_FIELDS:
                self.fields[name].required = False

    def draft_data(self) -> dict:
        """The fields typed correctly so far, for the draft (a wrong one keeps its last value)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.DRAFT_FIELDS if name in cleaned}


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    national_id = NationalIdField(
        label=_("Beneficiary's ID number"),
        required=False,
        help_text=_("Leave empty for a visitor without a file."),
    )
    reference = forms.CharField(
        label=_("Request reference number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    visitor_name = forms.CharField(label=_("Visitor's name"), required=False, max_length=150)
    visitor_phone = DigitsField(label=_("Visitor's phone"), required=False, max_length=20)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    refer_question = forms.CharField(
        label=_("Question for the social researcher"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fill this to refer the visitor to the social researcher."),
    )
    researcher = plain.PersonChoiceField(
        label=_("Social researcher"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["researcher"].queryset = researchers()

    def clean(self):
        data = super().clean()
        national_id = data.get("national_id")
        reference = (data.get("reference") or "").strip().upper()
        data["beneficiary"] = data["request"] = None
        if national_id:
            data["beneficiary"] = Beneficiary.objects.filter(national_id=national_id).first()
            if data["beneficiary"] is None:
                self.add_error("national_id", _("No beneficiary file has this ID number."))
        if reference:
            data["request"] = (
                SupportRequest.objects.select_related("beneficiary")
                .filter(reference=reference)
                .first()
            )
            if data["request"] is None:
                self.add_error("reference", _("No request has this reference number."))
            elif data["beneficiary"] and data["request"].beneficiary_id != data["beneficiary"].pk:
                self.add_error("reference", _("This request belongs to another beneficiary."))
        if not national_id and not reference and not (data.get("visitor_name") or "").strip():
            self.add_error(
                "visitor_name", _("Give the beneficiary's ID number or the visitor's name.")
            )
        return data


class ReferralAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write the answer.")},
    )


# The catalogue's names and descriptions: English written left to right, descriptions in a few
# rows (each form gets its own copy of a widget).
BILINGUAL_WIDGETS = {
    "name_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    "name_en": forms.TextInput(attrs={"dir": "ltr"}),
    "description_ar": forms.Textarea(attrs={"rows": 3, "lang": "ar", "dir": "rtl"}),
    "description_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
}


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "code",
            "name_ar",
            "name_en",
            "description_ar",
            "description_en",
            "eligibility_ar",
            "eligibility_en",
            "required_document_kinds",
            "needs_committee",
            "max_amount",
            "is_active",
        ]
        widgets = {
            **BILINGUAL_WIDGETS,
            "code": forms.TextInput(attrs={"dir": "ltr"}),
            "eligibility_ar": forms.Textarea(attrs={"rows": 3, "lang": "ar", "dir": "rtl"}),
            "eligibility_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
            "required_document_kinds": forms.CheckboxSelectMultiple,
            "max_amount": forms.NumberInput(attrs={"dir": "ltr", "min": "0"}),
        }


class StaffToolForm(forms.ModelForm):
    class Meta:
        model = StaffTool
        fields = [
            "kind",
            "name_ar",
            "name_en",
            "description_ar",
            "description_en",
            "file",
            "is_public",
            "is_active",
        ]
        widgets = BILINGUAL_WIDGETS

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            return check_upload(upload)
        return upload


class TrackingForm(forms.Form):
    reference = forms.CharField(
        label=_("Request reference number"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "MK-1448-000123"}),
    )
    national_id = NationalIdField()

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()
