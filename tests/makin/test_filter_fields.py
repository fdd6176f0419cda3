"""A list page's filter fields are marked up in Python (`makin.forms.filter_field_html`) as
crispy's Bootstrap 5 field template marks them up: same elements, attributes and words."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from makin.forms import CalendarDateField, PersonSelect, filter_field_html


def squeeze(html) -> str:
    """The markup without the whitespace between and around tags and words."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html)


class Filters(forms.Form):
    q = forms.CharField(label="Search", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All"), ("open", "Open"), ("closed", "<Closed>")],
    )
    grouped = forms.ChoiceField(
        label="Grouped",
        required=False,
        choices=[("", "All"), ("Group A", [("a1", "A one"), ("a2", "A two")])],
    )
    person = forms.ChoiceField(
        label="Person", required=False, choices=[("", "All"), ("7", "Sara")], widget=PersonSelect
    )
    since = CalendarDateField(label="Since", required=False)
    mine = forms.BooleanField(label="Assigned to me", required=False)
    count = forms.IntegerField(label="Count", required=True, help_text="How many.")
    styled = forms.CharField(
        label="Styled",
        required=False,
        widget=forms.TextInput(attrs={"class": "wide", "dir": "ltr"}),
    )


CASES = [
    {},
    {
        "q": 'x" <y>',
        "status": "closed",
        "grouped": "a2",
        "person": "7",
        "since": "1447-05-10",
        "mine": "on",
        "count": "3",
        "styled": "s",
    },
    {"status": "nope", "grouped": "zz", "person": "9", "since": "zzz", "count": "many"},
]


@pytest.mark.parametrize("data", CASES)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_filter_fields_mark_up_as_crispy_does(data, language):
    with translation.override(language):
        for name in Filters.base_fields:
            expected = squeeze(as_crispy_field(Filters(data or None)[name]))
            assert squeeze(filter_field_html(Filters(data or None)[name])) == expected, name


def test_a_wrong_choice_is_marked_invalid_with_its_arabic_error():
    with translation.override("ar"):
        html = filter_field_html(Filters({"status": "nope", "count": "1"})["status"])
    assert squeeze(html) == (
        '<div id="div_id_status" class="mb-3"><label for="id_status" class="form-label">Status'
        '</label><select name="status" class="select form-select is-invalid" aria-invalid="true"'
        ' aria-describedby="id_status_error" id="id_status"><option value="">All</option>'
        '<option value="open">Open</option><option value="closed">&lt;Closed&gt;</option>'
        '</select><div id="id_status_error" class="invalid-feedback"><p id="error_1_id_status">'
        "<strong>انتق خياراً صحيحاً. nope ليس أحد الخيارات المتاحة.</strong></p></div></div>"
    )


def test_a_checked_box_keeps_its_label_after_it():
    html = filter_field_html(Filters({"mine": "on", "count": "1"})["mine"])
    assert squeeze(html) == (
        '<div class="mb-3"><div id="div_id_mine" class="form-check"><input type="checkbox"'
        ' name="mine" class="checkboxinput form-check-input" id="id_mine" checked>'
        '<label for="id_mine" class="form-check-label">Assigned to me</label></div></div>'
    )


def test_other_widgets_are_left_to_crispy():
    class Other(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    field = Other()["kind"]
    assert filter_field_html(field) == as_crispy_field(Other()["kind"])


class LazyWords(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", gettext_lazy("All")), ("x", gettext_lazy("Search"))],
    )
    shown = forms.ChoiceField(label="Shown", required=False, choices=[("a", "<b>")])
    marked = forms.ChoiceField(label="Marked", required=False, choices=[("a", mark_safe("<b>"))])


def test_a_select_s_options_are_in_the_page_s_language_each_time():
    """The options' markup is made once per list of choices in words: a form drawn in Arabic
    and then in English shows each language's words."""
    form = LazyWords({"status": "x"})
    with translation.override("ar"):
        arabic = squeeze(filter_field_html(form["status"]))
    with translation.override("en"):
        english = squeeze(filter_field_html(form["status"]))
    assert '<option value="">الكل</option><option value="x" selected>بحث</option>' in arabic
    assert '<option value="">All</option><option value="x" selected>Search</option>' in english


def test_a_label_that_is_markup_is_kept_and_one_that_is_text_is_escaped():
    form = LazyWords()
    assert '<option value="a">&lt;b&gt;</option>' in squeeze(filter_field_html(form["shown"]))
    assert '<option value="a"><b></option>' in squeeze(filter_field_html(form["marked"]))


def test_a_fields_markup_is_kept_by_what_it_is_drawn_from(monkeypatch):
    """The same field with the same value, words and language is drawn once (a list page's
    filters, mostly empty, on every visit); another value, language, label or attribute is
    another markup; a field with errors is drawn every time."""
    from makin import forms as makin_forms

    monkeypatch.setattr(makin_forms, "_FIELD_MARKUP", {})
    drawn = []
    real = makin_forms._filter_field_markup

    def counting(field, kind):
        drawn.append(field.name)
        return real(field, kind)

    monkeypatch.setattr(makin_forms, "_filter_field_markup", counting)
    first = filter_field_html(Filters()["status"])
    again = filter_field_html(Filters()["status"])
    assert again == first
    assert drawn == ["status"]
    chosen = filter_field_html(Filters({"status": "open", "count": "1"})["status"])
    assert '<option value="open" selected>' in chosen
    assert '<option value="open" selected>' not in first
    with translation.override("en"):
        filter_field_html(Filters()["since"])
    with translation.override("ar"):
        arabic = filter_field_html(Filters()["since"])
    assert "التقويم" in arabic
    styled = Filters()
    styled.fields["styled"].widget.attrs["dir"] = "rtl"
    assert 'dir="rtl"' in filter_field_html(styled["styled"])
    assert 'dir="ltr"' in filter_field_html(Filters()["styled"])
    assert drawn == ["status", "status", "since", "since", "styled", "styled"]
    for _time in range(2):
        filter_field_html(Filters({"status": "nope", "count": "1"})["status"])
    assert drawn[-2:] == ["status", "status"]
