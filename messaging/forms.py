from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary
from makin.forms import NationalIdField, SmsTextarea

REPLY_MAX = 1000


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"),
        max_length=REPLY_MAX,
        widget=SmsTextarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write the reply first."),
            "max_length": _("The reply is too long: at most %(limit_value)d characters."),
        },
    )


class AttachForm(forms.Form):
    national_id = NationalIdField(help_text=_("The ID number on the person's file."))

    def clean_national_id(self):
        national_id = self.cleaned_data["national_id"]
        self.beneficiary = Beneficiary.objects.filter(
            national_id=national_id, merged_into__isnull=True
        ).first()
        if self.beneficiary is None:
            raise forms.ValidationError(_("No file has this ID number."), code="file_not_found")
        return national_id
