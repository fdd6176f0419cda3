"""Input validation only: every error in clear Arabic beside its field. The writes are in
services.py."""

import datetime
import string

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from makin import forms as plain
from makin.channels import STAFF_INTAKE_CHANNELS
from makin.files import upload_content_type
from makin.forms import CalendarDateField, DigitsField, NationalIdField, SaudiMobileField
from makin.validators import western_digits

from .models import (
    Beneficiary,
    BeneficiaryCategory,
    DocumentKind,
    HouseholdMember,
    Housing,
    IncomeSource,
    MessageMedium,
    VerificationStatus,
)
from .selectors import FILE_FIELDS, duplicates_find

NATIONALITIES = [
    ("السعودية", _("Saudi Arabia")),
    ("اليمن", _("Yemen")),
    ("مصر", _("Egypt")),
    ("السودان", _("Sudan")),
    ("سوريا", _("Syria")),
    ("الأردن", _("Jordan")),
    ("فلسطين", _("Palestine")),
    ("باكستان", _("Pakistan")),
    ("الهند", _("India")),
    ("بنغلاديش", _("Bangladesh")),
    ("إندونيسيا", _("Indonesia")),
    ("نيجيريا", _("Nigeria")),
    ("تشاد", _("Chad")),
    ("إريتريا", _("Eritrea")),
    ("الصومال", _("Somalia")),
    ("ميانمار", _("Myanmar")),
    ("أخرى", _("Other nationality")),
]


class ArabicDecimalField(forms.DecimalField):
    """A decimal that accepts Eastern Arabic digits and the Arabic decimal separator."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = western_digits(value).replace("٫", ".").replace("٬", "").replace(",", "")
        return super().to_python(value)


class IbanField(forms.CharField):
    """A Saudi IBAN: SA, 22 digits, 24 characters, ISO 13616 mod-97 check."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text",
            _("24 characters starting with SA, for example SA03 8000 0000 6080 1016 7519."),
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = western_digits(super().to_python(value) or "")
        return "".join(value.split()).replace("-", "").upper()

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if not value.startswith("SA"):
            raise forms.ValidationError(_("A Saudi IBAN starts with SA."), code="iban_country")
        if len(value) != 24 or not value[2:].isdigit():
            raise forms.ValidationError(
                _("A Saudi IBAN is SA followed by 22 digits (24 characters)."), code="iban_length"
            )
        if not iban_is_valid(value):
            raise forms.ValidationError(
                _("This IBAN is not valid: please check its digits."), code="iban_check"
            )


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 = 1."""
    moved = iban[4:] + iban[:4]
    digits = "".join(str(string.ascii_uppercase.index(c) + 10) if c.isalpha() else c for c in moved)
    return digits.isdigit() and int(digits) % 97 == 1


def _privacy_label():
    return format_html(
        '{} <a href="{}" target="_blank">{}</a>',
        _("I have read and accept the"),
        reverse_lazy("beneficiaries:privacy"),
        _("privacy notice"),
    )


class BeneficiaryForm(forms.ModelForm):
    """The file's data, in the groups staff verify."""

    mobile = SaudiMobileField()
    phone2 = PhoneNumberField(
        label=_("Second phone"),
        region="SA",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "type": "tel"}),
        error_messages={"invalid": _("Enter a valid phone number, for example 0143220000.")},
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=NATIONALITIES)
    building_number = DigitsField(label=_("Building number"), max_length=4, required=False)
    postal_code = DigitsField(label=_("Postal code"), max_length=5, required=False)
    additional_number = DigitsField(label=_("Additional number"), max_length=4, required=False)
    rent_amount = ArabicDecimalField(
        label=_("Monthly rent (SAR)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    iban = IbanField(label=_("IBAN"), required=False)
    whatsapp_consent = forms.BooleanField(
        label=_("I agree to receive the association's messages by WhatsApp."),
        required=False,
    )

    class Meta:
        model = Beneficiary
        # The ID number is entered once, at registration (`RegistrationForm`); the medium for
        # messages is the person's choice, outside the groups staff verify.
        fields = (*(name for name in FILE_FIELDS if name != "national_id"), "preferred_medium")
        field_classes = {"birth_date": CalendarDateField, "id_expiry": CalendarDateField}
        widgets = {
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr"}),
            "health_notes": forms.Textarea(attrs={"rows": 2}),
        }

    identity_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = BeneficiaryCategory.objects.filter(is_active=True)
        self.fields["email"].label = _("E-mail")
        self.fields["district"].widget.attrs["list"] = "yanbu-districts"
        medium = self.fields["preferred_medium"]
        medium.label = _("Send me messages by")
        medium.widget = forms.RadioSelect(choices=medium.choices)
        medium.required = False  # a form without the choice keeps SMS
        if self.instance.pk and self.instance.whatsapp_consented_at:
            self.fields["whatsapp_consent"].initial = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.layout_sections())

    def layout_sections(self):
        pair = lambda *names: Row(*(Column(n, css_class="col-md-6") for n in names))  # noqa: E731
        return [
            Fieldset(
                _("Identity"),
                *self.identity_fields,
                pair("first_name", "father_name"),
                pair("grandfather_name", "family_name"),
                "name_en",
                pair("gender", "birth_date"),
                pair("nationality", "marital_status"),
                "id_expiry",
            ),
            Fieldset(
                _("Contact"),
                pair("mobile", "phone2"),
                "email",
                "preferred_medium",
                "whatsapp_consent",
            ),
            Fieldset(
                _("National address"),
                pair("building_number", "street"),
                pair("district", "city"),
                pair("postal_code", "additional_number"),
            ),
            Fieldset(
                _("Situation"),
                pair("category", "employment"),
                pair("housing", "rent_amount"),
                "health_notes",
            ),
            Fieldset(_("Bank account"), "iban"),
        ]

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(
                _("The birth date cannot be in the future."), code="birth_date_future"
            )
        if value < datetime.date(1900, 1, 1):
            raise forms.ValidationError(_("Please check the birth date."), code="birth_date_old")
        return value

    def clean_id_expiry(self):
        value = self.cleaned_data["id_expiry"]
        if value < timezone.localdate():
            raise forms.ValidationError(
                _(
                    "This ID has expired. Please renew it before registering; the association can "
                    "only accept a valid ID."
                ),
                code="id_expired",
            )
        return value

    def clean_preferred_medium(self):
        return self.cleaned_data["preferred_medium"] or MessageMedium.SMS

    def clean(self):
        data = super().clean()
        if data.get("housing") == Housing.RENTED and data.get("rent_amount") is None:
            self.add_error("rent_amount", _("Enter the monthly rent."))
        elif data.get("housing") != Housing.RENTED:
            data["rent_amount"] = None
        if data.get("preferred_medium") == MessageMedium.WHATSAPP and not data.get(
            "whatsapp_consent"
        ):
            self.add_error(
                "whatsapp_consent",
                _("To receive messages by WhatsApp, tick your agreement to it."),
            )
        return data

    def file_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApplicantFileForm(BeneficiaryForm):
    """The applicant's own file. The ID number is the account's; consent to the privacy
    notice comes first and is asked again when the notice changes."""

    consent = forms.BooleanField(
        error_messages={"required": _("Please accept the privacy notice to continue.")},
    )

    def __init__(self, *args, national_id: str, **kwargs):
        self.national_id = national_id
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _privacy_label()
        if (
            self.instance.pk
            and self.instance.consent_version == settings.MAKIN_PRIVACY_NOTICE_VERSION
        ):
            del self.fields["consent"]
        else:
            self.helper.layout.insert(0, Fieldset(_("Privacy"), "consent"))

    def clean(self):
        data = super().clean()
        if (
            not self.instance.pk
            and Beneficiary.objects.filter(national_id=self.national_id).exists()
        ):
            raise forms.ValidationError(
                _(
                    "The association already holds a file under your ID number, opened at "
                    "reception. Ask reception for an activation link to reach it online."
                ),
                code="file_exists",
            )
        return data

    def _post_clean(self):
        self.instance.national_id = self.national_id
        super()._post_clean()


class StaffFileForm(BeneficiaryForm):
    """Staff editing a file: the ID number can be corrected."""

    national_id = NationalIdField()
    identity_fields = ("national_id",)

    class Meta(BeneficiaryForm.Meta):
        fields = ("national_id", *BeneficiaryForm.Meta.fields)


class RegistrationForm(StaffFileForm):
    """Reception registers a walk-in or phone visitor. Before the file is made, possible
    duplicates are shown: the same ID number blocks; a similar name with the same mobile or
    birth date asks staff to open the existing file or confirm a different person."""

    registered_via = forms.ChoiceField(label=_("Channel"), choices=STAFF_INTAKE_CHANNELS)
    visitor_consented = forms.BooleanField(
        label=_("The visitor was told of the privacy notice and agreed to it."),
        error_messages={
            "required": _("The visitor's agreement to the privacy notice is required.")
        },
    )
    confirm_new = forms.BooleanField(
        label=_("None of these files is this person: create a new file."), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = None
        self.similar = []
        self.helper.layout.insert(0, Fieldset(_("Visit"), "registered_via", "visitor_consented"))

    def clean(self):
        data = super().clean()
        if self.errors.get("national_id"):
            return data
        check = duplicates_find(
            national_id=data.get("national_id"),
            name=" ".join(
                data.get(n) or ""
                for n in ("first_name", "father_name", "grandfather_name", "family_name")
            ),
            mobile=data.get("mobile"),
            birth_date=data.get("birth_date"),
        )
        if check.same_id:
            self.existing = check.same_id
            self.add_error(
                "national_id",
                forms.ValidationError(
                    _("A file with this ID number already exists: open it instead."),
                    code="national_id_exists",
                ),
            )
        elif check.similar and not data.get("confirm_new"):
            self.similar = check.similar
            self.add_error(
                "confirm_new",
                forms.ValidationError(
                    _(
                        "Files that may be this person exist: open one of them, or confirm that "
                        "this is a different person."
                    ),
                    code="possible_duplicate",
                ),
            )
        return data

    def validate_unique(self):
        # The same ID number is reported with a link to the file (above), not by the model.
        pass


class IncomeForm(forms.ModelForm):
    monthly_amount = ArabicDecimalField(
        label=_("Monthly amount (SAR)"), min_value=0, max_digits=9, decimal_places=2
    )

    class Meta:
        model = IncomeSource
        fields = ("source", "monthly_amount")


IncomeFormSet = inlineformset_factory(
    Beneficiary, IncomeSource, form=IncomeForm, extra=1, max_num=10, can_delete=True
)


class HouseholdMemberForm(forms.ModelForm):
    national_id = NationalIdField(required=False)
    monthly_income = ArabicDecimalField(
        label=_("Monthly income (SAR)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
    )

    class Meta:
        model = HouseholdMember
        fields = (
            "name",
            "relation",
            "national_id",
            "birth_date",
            "gender",
            "education",
            "monthly_income",
            "health_notes",
        )
        field_classes = {"birth_date": CalendarDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        pair = lambda *names: Row(*(Column(n, css_class="col-md-6") for n in names))  # noqa: E731
        self.helper.layout = Layout(
            pair("name", "relation"),
            pair("national_id", "birth_date"),
            pair("gender", "education"),
            pair("monthly_income", "health_notes"),
        )

    def clean_monthly_income(self):
        value = self.cleaned_data.get("monthly_income")
        return 0 if value is None else value

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("The birth date cannot be in the future."), code="birth_date_future"
            )
        return value


class BaseHouseholdFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        own = self.instance.national_id
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):
                continue
            national_id = form.cleaned_data.get("national_id")
            if not national_id:
                continue
            if national_id == own:
                form.add_error("national_id", _("This is the beneficiary's own ID number."))
            elif national_id in seen:
                form.add_error("national_id", _("This ID number is already in the household."))
            seen.add(national_id)


HouseholdFormSet = inlineformset_factory(
    Beneficiary,
    HouseholdMember,
    form=HouseholdMemberForm,
    formset=BaseHouseholdFormSet,
    extra=1,
    max_num=20,
    can_delete=True,
)


def formset_rows(formset) -> list[dict]:
    """A valid form set's rows as the services take them."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        rows.append(
            {
                **data,
                "id": form.instance.pk,
                "delete": bool(form.cleaned_data.get("DELETE")),
            }
        )
    return rows


class DocumentForm(forms.Form):
    kind = plain.ModelChoiceField(
        label=_("Kind of document"), queryset=DocumentKind.objects.filter(is_active=True)
    )
    upload = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    expiry_date = CalendarDateField(label=_("Expiry date"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = settings.MAKIN_DOCUMENT_MAX_BYTES // (1024 * 1024)
        self.fields["upload"].help_text = _(
            "PDF, JPEG or PNG, %(size)s MB at most. If the form shows an error, choose the "
            "file again."
        ) % {"size": size}
        self.fields["expiry_date"].help_text = _("For an ID, a lease or a licence.")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        upload_content_type(upload)
        return upload

    def clean(self):
        data = super().clean()
        kind, expiry = data.get("kind"), data.get("expiry_date")
        if expiry and expiry < timezone.localdate():
            self.add_error("expiry_date", _("This document has expired."))
        elif kind and kind.has_expiry and not expiry:
            self.add_error("expiry_date", _("Enter the expiry date of this document."))
        return data


class VerifyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (VerificationStatus.VERIFIED.value, _("Verified")),
            (VerificationStatus.REJECTED.value, _("Rejected")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (when rejecting)"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == VerificationStatus.REJECTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for rejecting."))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("ID number, mobile or name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
    )


class DuplicateDecisionForm(forms.Form):
    DISTINCT = "distinct"
    KEEP_FILE = "keep_file"
    KEEP_OTHER = "keep_other"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DISTINCT, _("Different people: keep both files")),
            (KEEP_FILE, _("Same person: keep the first file and merge the second into it")),
            (KEEP_OTHER, _("Same person: keep the second file and merge the first into it")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ActivationForm(forms.Form):
    national_id = NationalIdField()
    email = forms.EmailField(
        label=_("E-mail (to reset your password)"),
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ActivationLinkForm(forms.Form):
    """A logged-in applicant links the file to their account: they confirm its ID number."""

    national_id = NationalIdField()
