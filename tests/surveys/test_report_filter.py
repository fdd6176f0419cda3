"""The report filter's fields drawn from parts made once per process and language
(`surveys.forms.report_filter_fields`): the same markup as `filter_field_html` draws for every
field, whatever is chosen or typed, in Arabic and English; a field with an error drawn whole."""

import pytest
from django.utils import translation

from makin.forms import filter_field_html
from surveys.forms import REPORT_FILTER_FIELDS, ReportFilterForm, report_filter_fields
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

CASES = [
    None,  # unbound: the defaults typed in the person's calendar
    {},
    {"calendar": "hijri", "channel": "phone"},
    {"start": "1447-01-01", "end": "2026-11-30", "calendar": "gregorian"},
    {"start": "", "end": "", "channel": "website"},
    {"start": "٢٠٢٦-٠٥-٠١", "channel": "branch"},
    {"start": "2026-05-01", "end": "2026-01-01"},  # the end before the start
    {"start": "yesterday", "channel": "fax", "calendar": "julian"},  # three errors
    {"service": "99999"},  # no such service
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("data", CASES)
def test_the_fields_are_drawn_as_filter_field_html_draws_them(language, data):
    services = [ServiceFactory(name_ar="خدمة <ب>", name_en="A & B"), ServiceFactory()]
    if data is not None:
        # A service chosen with each channel chosen.
        data = {**data, "service": str(services[0].pk)} if data.get("channel") else data
    with translation.override(language):
        form = ReportFilterForm(data, initial={"start": "2026-06-01", "end": "1448-06-21"})
        form.is_valid()
        fields = report_filter_fields(form)
        assert set(fields) == set(REPORT_FILTER_FIELDS)
        for name in REPORT_FILTER_FIELDS:
            assert fields[name] == filter_field_html(form[name]), name


def test_the_chosen_service_and_channel_are_selected():
    service = ServiceFactory(name_ar="خدمة <ب>")
    form = ReportFilterForm({"service": str(service.pk), "channel": "phone"})
    assert form.is_valid()
    with translation.override("ar"):
        fields = report_filter_fields(form)
    assert f'\n  <option value="{service.pk}" selected>خدمة &lt;ب&gt;</option>' in fields["service"]
    assert '\n  <option value="" selected>' not in fields["service"]
    assert '\n  <option value="phone" selected>الهاتف</option>' in fields["channel"]
    assert '\n  <option value="" selected>كما كُتبت التواريخ</option>' in fields["calendar"]
