"""Public pages, languages, error pages, dates and the stable addresses."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from makin import dates


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction", "css"),
    [("", "ar", "rtl", "bootstrap.rtl.min.css"), ("/en", "en", "ltr", "bootstrap.min.css")],
)
def test_layout_sets_language_direction_and_stylesheet(client, prefix, lang, direction, css):
    html = client.get(prefix + "/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert css in html
    assert 'href="#main"' in html  # skip link
    assert '<main id="main"' in html
    assert 'name="language"' in html  # language switch


@pytest.mark.django_db
def test_arabic_is_the_default_even_for_an_english_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="ar"' in html
    assert "نخدم مستفيدينا" in html


@pytest.mark.django_db
def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/policy/"})
    assert response.url == "/en/policy/"
    response = client.post("/en/i18n/setlang/", {"language": "ar", "next": "/en/policy/"})
    assert response.url == "/policy/"


@pytest.mark.django_db
def test_contact_page_lists_the_eight_channels(client):
    html = client.get("/contact/").content.decode()
    channels = [
        "المقابلة الشخصية",
        "الهاتف",
        "وسائل التواصل الاجتماعي",
        "الخطابات",
        "خدمة طلب المساعدة",
        "خدمة التطوع",
        "الموقع الإلكتروني للجمعية",
        "مناديب المكاتب الفرعية",
    ]
    for channel in channels:
        assert channel in html
    assert len(re.findall(r'<h2 class="h6">', html)) == 8


@pytest.mark.django_db
def test_policy_page_shows_the_board_text(client):
    html = client.get("/policy/").content.decode()
    assert "القنوات المستخدمة للتواصل مع المستفيدين" in html
    assert "اعتماد مجلس الإدارة" in html
    english = client.get("/en/policy/").content.decode()
    assert "authoritative text" in english
    assert 'lang="ar" dir="rtl"' in english  # the Arabic text keeps its direction


@pytest.mark.django_db
def test_stable_public_addresses_resolve():
    assert reverse("makin:home") == "/"
    assert reverse("accounts:signup") == "/accounts/signup/"
    assert reverse("accounts:login") == "/accounts/login/"
    assert reverse("accounts:logout") == "/accounts/logout/"
    assert reverse("makin:policy") == "/policy/"
    assert reverse("health") == "/health/"
    assert reverse("admin:index") == "/admin/"
    with translation.override("en"):
        assert reverse("makin:policy") == "/en/policy/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "text"), [("", "لم نجد هذه الصفحة"), ("/en", "We could not find this page")]
)
def test_404_page_in_both_languages(client, prefix, text):
    response = client.get(prefix + "/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_500_page_renders_without_a_database(client):
    from makin.errors import server_error

    with translation.override("ar"):
        response = server_error(None)
    assert response.status_code == 500
    assert "حدث خطأ من جهتنا" in response.content.decode()


@pytest.mark.django_db
def test_health_reports_ok(client):
    response = client.get("/health/")
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_dual_date_gregorian_and_umm_al_qura():
    day = datetime.date(2024, 12, 16)  # the policy's adoption date
    with translation.override("ar"):
        assert dates.dual(day) == "16 ديسمبر 2024 م — 15 جمادى الآخرة 1446 هـ"
    with translation.override("en"):
        assert dates.dual(day) == "16 December 2024 CE — 15 Jumada al-Akhirah 1446 AH"


def test_dual_date_outside_umm_al_qura_range_shows_gregorian_only():
    with translation.override("en"):
        assert dates.dual(datetime.date(1900, 1, 1)) == "1 January 1900 CE"


def test_dual_date_filter_in_a_template():
    from django.template import Context, Template

    with translation.override("ar"):
        html = Template("{% load portal %}{{ d|dual_date }}").render(
            Context({"d": datetime.date(2026, 11, 25)})
        )
    assert "1448 هـ" in html


def test_arabic_amounts_use_a_decimal_point():
    from decimal import Decimal

    from django.template import Context, Template

    with translation.override("ar"):
        html = Template("{{ amount }}").render(Context({"amount": Decimal("3000.50")}))
    assert html == "3000.50"
