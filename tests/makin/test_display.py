"""One way to show each thing, in both languages: money, arrows between two states, URLs
inside right-to-left text."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from beneficiaries.models import HouseholdMember
from makin import dates
from makin.display import choice_label
from makin.templatetags.portal import ltr, message_html, money

LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("ar", Decimal("1500"), f"{LRI}1,500.00{PDI} ريال"),
        ("en", Decimal("1500"), f"{LRI}1,500.00{PDI} SAR"),
        ("ar", Decimal("3600.5"), f"{LRI}3,600.50{PDI} ريال"),
        ("en", 250, f"{LRI}250.00{PDI} SAR"),
        ("ar", None, ""),
        ("en", "", ""),
    ],
)
def test_money_is_one_format_in_both_languages(language, value, shown):
    with translation.override(language):
        assert money(value) == shown


@pytest.mark.parametrize(
    ("language", "html"),
    [
        ("ar", '<span aria-hidden="true">←</span><span class="visually-hidden">إلى</span>'),
        ("en", '<span aria-hidden="true">→</span><span class="visually-hidden">to</span>'),
    ],
)
def test_the_arrow_points_the_way_the_page_reads(language, html):
    with translation.override(language):
        assert Template("{% load portal %}{% forward_arrow %}").render(Context()) == html


def test_a_url_is_isolated_left_to_right():
    assert ltr("http://127.0.0.1:8000/track/") == f"{LRI}http://127.0.0.1:8000/track/{PDI}"
    assert ltr("") == ""


def test_a_message_shown_on_a_page_links_its_url_left_to_right():
    body = f"تابع طلبك على\n{LRI}http://127.0.0.1:8000/track/{PDI}"
    assert message_html(body) == (
        "<p>تابع طلبك على<br>"
        '<bdi dir="ltr"><a href="http://127.0.0.1:8000/track/" rel="nofollow">'
        "http://127.0.0.1:8000/track/</a></bdi></p>"
    )
    assert message_html("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


@pytest.mark.parametrize(
    ("template", "context", "isolated"),
    [
        (
            "notifications/activation_invite_sms.txt",
            {"activation_url": "http://127.0.0.1:8000/a/x/", "days": 7},
            f"{LRI}http://127.0.0.1:8000/a/x/{PDI}",
        ),
        (
            "notifications/activation_invite.txt",
            {"activation_url": "http://127.0.0.1:8000/a/x/", "days": 7, "user": None},
            f"{LRI}http://127.0.0.1:8000/a/x/{PDI}",
        ),
        (
            "notifications/request_status_changed.txt",
            {"url": "http://127.0.0.1:8000/my/requests/MK-1448-000001/", "user": None},
            f"{LRI}http://127.0.0.1:8000/my/requests/MK-1448-000001/{PDI}",
        ),
    ],
)
def test_urls_in_messages_are_isolated_left_to_right(template, context, isolated):
    assert isolated in render_to_string(template, context)


@pytest.mark.parametrize(
    ("value", "calendar", "written"),
    [
        (datetime.date(2026, 11, 30), "hijri", "1448-06-20"),
        (datetime.date(2026, 11, 30), "gregorian", "2026-11-30"),
        (datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), "hijri", "1448-06-21 02:30"),
        (
            datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC),
            "gregorian",
            "2026-12-01 02:30",
        ),
        (None, "hijri", ""),
    ],
)
def test_dates_in_files_are_year_month_day_in_riyadh_time(value, calendar, written):
    assert dates.ymd(value, calendar) == written


AFTERNOON = datetime.datetime(2026, 11, 30, 11, 5, tzinfo=datetime.UTC)  # 14:05 in Riyadh
LATE = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)  # the next day in Riyadh


@pytest.mark.parametrize(
    ("language", "value", "first", "shown"),
    [
        ("en", AFTERNOON, "gregorian", "30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH, 14:05"),
        ("en", AFTERNOON, "hijri", "20 Jumada al-Akhirah 1448 AH — 30 November 2026 CE, 14:05"),
        ("ar", AFTERNOON, "gregorian", "30 نوفمبر 2026 م — 20 جمادى الآخرة 1448 هـ، الساعة 14:05"),
        ("ar", AFTERNOON, "hijri", "20 جمادى الآخرة 1448 هـ — 30 نوفمبر 2026 م، الساعة 14:05"),
        ("en", LATE, "gregorian", "1 December 2026 CE — 21 Jumada al-Akhirah 1448 AH, 02:30"),
        ("ar", LATE, "hijri", "21 جمادى الآخرة 1448 هـ — 1 ديسمبر 2026 م، الساعة 02:30"),
        ("en", None, "gregorian", ""),
    ],
)
def test_a_date_with_its_time_is_one_text_in_the_persons_calendar(language, value, first, shown):
    with translation.override(language):
        assert dates.dual_datetime(value, first) == shown


@pytest.mark.parametrize(
    ("language", "template", "shown"),
    [
        (
            "en",
            "{{ at|dual_datetime }}",
            "30 November 2026 CE — 20 Jumada al-Akhirah 1448 AH, 14:05",
        ),
        (
            "ar",
            "{{ at|dual_datetime:first }}",
            "20 جمادى الآخرة 1448 هـ — 30 نوفمبر 2026 م، الساعة 14:05",
        ),
    ],
)
def test_the_date_and_time_filter_in_a_template(language, template, shown):
    with translation.override(language):
        html = Template("{% load portal %}" + template).render(
            Context({"at": AFTERNOON, "first": "hijri"})
        )
    assert html == shown


@pytest.mark.parametrize(
    ("template", "value", "shown"),
    [
        ("{{ v|stored }}", "نورة الحربي", "<bdi>نورة الحربي</bdi>"),
        ("{{ v|stored }}", "<b>Ali</b>", "<bdi>&lt;b&gt;Ali&lt;/b&gt;</bdi>"),
        ("{{ v|linebreaksbr|stored }}", "سطر\nآخر", "<bdi>سطر<br>آخر</bdi>"),
        ('{{ v|stored:"—" }}', "", "—"),
        ("{{ v|stored }}", None, ""),
    ],
)
def test_stored_text_is_isolated_as_data(template, value, shown):
    html = Template("{% load portal %}" + template).render(Context({"v": value}))
    assert html == shown


@pytest.mark.django_db
def test_a_person_is_stored_data_by_full_name_or_username():
    from tests.factories import UserFactory

    named = UserFactory(first_name="منى", last_name="المطيري", username="mona")
    unnamed = UserFactory(first_name="", last_name="", username="clerk7")
    html = Template("{% load portal %}{{ a|stored }} {{ b|stored }}").render(
        Context({"a": named, "b": unnamed})
    )
    assert html == "<bdi>منى المطيري</bdi> <bdi>clerk7</bdi>"


@pytest.mark.django_db
def test_a_list_of_people_gives_each_name_its_own_direction():
    from django.contrib.auth import get_user_model

    from makin.forms import PersonChoiceField
    from tests.factories import UserFactory

    person = UserFactory(first_name="سلمان", last_name="الجهني", username="salman")
    field = PersonChoiceField(queryset=get_user_model().objects.filter(pk=person.pk))
    html = field.widget.render("who", None)
    assert f'<option value="{person.pk}" dir="auto">سلمان الجهني</option>' in html
    assert '<option value="" selected>---------</option>' in html


def test_a_choices_words_follow_the_language_they_are_read_in():
    member = HouseholdMember(relation="son")
    for language, words in (("ar", "ابن"), ("en", "Son"), ("ar", "ابن")):
        with translation.override(language):
            assert choice_label(member, "relation") == words
            assert choice_label(member, "relation") == member.get_relation_display()


def test_a_stored_value_that_is_no_choice_shows_itself():
    with translation.override("en"):
        assert choice_label(HouseholdMember(relation="cousin"), "relation") == "cousin"
        assert choice_label(HouseholdMember(relation=""), "relation") == ""


def test_a_fields_new_choices_are_read_not_the_words_made_before(monkeypatch):
    member = HouseholdMember(relation="son")
    field = HouseholdMember._meta.get_field("relation")
    with translation.override("en"):
        assert choice_label(member, "relation") == "Son"
        monkeypatch.setattr(field, "choices", [*field.choices, ("cousin", "Cousin")])
        assert choice_label(HouseholdMember(relation="cousin"), "relation") == "Cousin"
        assert choice_label(member, "relation") == "Son"


def test_words_per_language_are_made_once_per_language_and_escaped():
    """`makin.markup.words_per_language`: the words in the language asked for, escaped and
    marked safe (so `format_markup` keeps them as they are), made once per language."""
    from django.utils import translation
    from django.utils.safestring import SafeData
    from django.utils.translation import gettext

    from makin.markup import format_markup, words_per_language

    made = []

    @words_per_language
    def words():
        made.append(translation.get_language())
        return {"no": gettext("None."), "odd": "<b> & 'x'"}

    for language in ("ar", "en", "ar", "en"):
        with translation.override(language):
            got = words(translation.get_language())
            assert got["no"] == gettext("None.")
    assert made == ["ar", "en"]
    assert got["odd"] == "&lt;b&gt; &amp; &#x27;x&#x27;"
    assert isinstance(got["odd"], SafeData)
    assert format_markup("<p>{}</p>", got["odd"]) == "<p>&lt;b&gt; &amp; &#x27;x&#x27;</p>"
