"""Bad input: each error in Arabic beside its field; Eastern Arabic digits accepted."""

import datetime

import pytest

from beneficiaries.forms import (
    ApplicantFileForm,
    BaseHouseholdFormSet,
    DocumentForm,
    IbanField,
    RegistrationForm,
    iban_is_valid,
)
from tests.beneficiaries.conftest import big_pdf, upload
from tests.factories import FileFactory, document_kind, make_national_id

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def valid_data(**overrides):
    return {
        "first_name": "عبدالله",
        "father_name": "سالم",
        "grandfather_name": "محمد",
        "family_name": "الجهني",
        "gender": "male",
        "birth_date": "1979-05-02",
        "nationality": "السعودية",
        "id_expiry": (TODAY + datetime.timedelta(days=200)).isoformat(),
        "mobile": "٠٥٠١١١٢٢٣٣",
        "city": "ينبع",
        "building_number": "٤١٢٧",
        "postal_code": "٤٦٤٥٥",
        "additional_number": "٧٣١٢",
        "iban": "sa03 8000 0000 6080 1016 7519",
        "consent": "on",
        **overrides,
    }


def test_eastern_arabic_digits_and_spaced_iban_are_accepted():
    form = ApplicantFileForm(data=valid_data(), national_id=make_national_id(1))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["building_number"] == "4127"
    assert data["postal_code"] == "46455"
    assert str(data["mobile"]) == "+966501112233"
    assert data["iban"] == "SA0380000000608010167519"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("iban", "SA0380000000608010167518", "غير صحيح"),
        ("iban", "GB82WEST12345698765432", "يبدأ بـ SA"),
        ("iban", "SA03800000006080", "22 رقمًا"),
        ("id_expiry", "2020-01-01", "انتهت صلاحية"),
        ("birth_date", (TODAY + datetime.timedelta(days=3)).isoformat(), "المستقبل"),
        ("mobile", "0141234567", "رقم جوال سعودي"),
        ("building_number", "12", "4 أرقام"),
        ("postal_code", "12a45", "5 أرقام"),
        ("housing", "rented", "الإيجار"),
        ("consent", "", "إشعار الخصوصية"),
    ],
)
def test_bad_input_gets_an_arabic_message_beside_its_field(field, value, message):
    target = "rent_amount" if field == "housing" else field
    form = ApplicantFileForm(data=valid_data(**{field: value}), national_id=make_national_id(1))
    assert not form.is_valid()
    assert message in " ".join(form.errors[target]), form.errors


def test_iban_check_is_iso_13616():
    assert iban_is_valid("SA0380000000608010167519")
    assert not iban_is_valid("SA0380000000608010167591")
    assert IbanField(required=False).clean("") == ""


def test_the_id_number_check_digit_is_checked_at_reception():
    bad = make_national_id(5)[:-1] + str((int(make_national_id(5)[-1]) + 1) % 10)
    form = RegistrationForm(
        data=valid_data(national_id=bad, registered_via="interview", visitor_consented="on")
    )
    assert not form.is_valid()
    assert "غير صحيح" in " ".join(form.errors["national_id"])


def test_an_applicant_whose_id_has_a_walk_in_file_is_told_to_ask_reception():
    existing = FileFactory()
    form = ApplicantFileForm(data=valid_data(), national_id=existing.national_id)
    assert not form.is_valid()
    assert "رابط تفعيل" in " ".join(form.non_field_errors())


def test_a_wrong_file_type_and_an_oversize_file_are_refused_beside_the_field(settings):
    settings.MAKIN_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    kind = document_kind("other")
    form = DocumentForm(
        data={"kind": kind.pk}, files={"upload": upload("x.pdf", b"<svg onload=alert(1)>")}
    )
    assert not form.is_valid()
    assert "PDF" in " ".join(form.errors["upload"])
    form = DocumentForm(data={"kind": kind.pk}, files={"upload": big_pdf(2 * 1024 * 1024 + 1)})
    assert not form.is_valid()
    assert "2" in " ".join(form.errors["upload"])


def test_an_expired_document_and_a_missing_expiry_are_refused():
    kind = document_kind("id_copy")
    form = DocumentForm(
        data={"kind": kind.pk, "expiry_date": "2020-01-01"}, files={"upload": upload()}
    )
    assert not form.is_valid()
    assert "انتهت صلاحية" in " ".join(form.errors["expiry_date"])
    form = DocumentForm(data={"kind": kind.pk}, files={"upload": upload()})
    assert not form.is_valid()
    assert "تاريخ انتهاء" in " ".join(form.errors["expiry_date"])


def test_household_rejects_the_beneficiarys_own_id_and_repeated_ids():
    from beneficiaries.forms import HouseholdFormSet

    file = FileFactory()
    member_id = make_national_id(333)
    data = {
        "household-TOTAL_FORMS": "3",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "20",
    }
    for i, national_id in enumerate([file.national_id, member_id, member_id]):
        data.update(
            {
                f"household-{i}-name": f"فرد {i}",
                f"household-{i}-relation": "son",
                f"household-{i}-gender": "male",
                f"household-{i}-national_id": national_id,
            }
        )
    formset = HouseholdFormSet(data=data, instance=file, prefix="household")
    assert isinstance(formset, BaseHouseholdFormSet)
    assert not formset.is_valid()
    assert "رقم هوية المستفيد" in " ".join(formset.forms[0].errors["national_id"])
    assert formset.forms[1].errors == {}
    assert "مسجل" in " ".join(formset.forms[2].errors["national_id"])
