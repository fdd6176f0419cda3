"""Each role's bar: its own pages only, grouped into menus."""

import pytest
from django.utils import translation

from makin.navigation import navigation_for
from makin.roles import Role
from tests.factories import ApplicantFactory, staff


def urls(entries):
    for entry in entries:
        if "children" in entry:
            yield from (child["url"] for child in entry["children"])
        else:
            yield entry["url"]


@pytest.mark.django_db
def test_reception_pages_are_grouped_into_menus():
    entries = navigation_for(staff(Role.RECEPTION))
    menus = {str(e["label"]): [c["url"] for c in e["children"]] for e in entries if "children" in e}
    assert "/staff/requests/" in menus["الطلبات"]
    assert "/staff/files/new/" in menus["الملفات"]
    assert len(entries) <= 6  # one tidy line


@pytest.mark.django_db
def test_a_menu_with_one_page_for_the_role_is_a_plain_link():
    entries = navigation_for(staff(Role.COMMITTEE))
    assert {"label": "الاجتماعات", "url": "/committee/meetings/"} in [
        {"label": str(e["label"]), "url": e.get("url")} for e in entries
    ]


@pytest.mark.django_db
def test_applicants_see_only_their_own_pages():
    all_urls = set(urls(navigation_for(ApplicantFactory())))
    assert "/my/" in all_urls
    assert "/my/requests/" in all_urls
    assert not any(u.startswith(("/staff/", "/committee/")) for u in all_urls)


@pytest.mark.django_db
def test_the_bar_follows_the_language():
    with translation.override("en"):
        assert "/en/my/" in set(urls(navigation_for(ApplicantFactory())))


@pytest.mark.django_db
def test_the_researcher_sees_requests_and_the_manager_sees_referrals():
    """Both open these pages; the bar shows them the links."""
    assert "/staff/requests/" in set(urls(navigation_for(staff(Role.RESEARCHER))))
    assert "/staff/referrals/" in set(urls(navigation_for(staff(Role.MANAGER))))


def test_each_link_names_the_capability_of_its_page():
    """The bar and the page cannot disagree: an item names the capability its view names
    (the officer's tools page is public; its link is for the desk)."""
    from django.urls import resolve, reverse

    from makin.navigation import all_items

    checked = {}
    for item in all_items():
        func = resolve(reverse(item.url_name)).func
        if hasattr(func, "view_class"):
            view = func.view_class(**func.view_initkwargs)
            capability = view.get_capability() if hasattr(view, "get_capability") else None
        else:
            capability = getattr(func, "capability", None)
        checked[item.url_name] = (item.capability, capability)
    assert checked.pop("requests:tools") == ("requests.use_officer_tools", None)
    assert [name for name, (nav, page) in checked.items() if nav != page] == []


def test_a_page_rendered_in_parts_works_out_the_navigation_once(db, client_for, monkeypatch):
    """The case page renders each section with the context processors: the bar's entries and
    the capabilities are kept on the request, not worked out again for every section."""
    from makin import context_processors
    from tests.factories import FileFactory

    people = []

    def counted(user):
        people.append(user.username)
        return navigation_for(user)

    monkeypatch.setattr(context_processors, "navigation_for", counted)
    file = FileFactory()
    reception = staff(Role.RECEPTION)
    response = client_for(reception).get(f"/staff/files/{file.pk}/")
    assert response.status_code == 200
    assert people == [reception.username]
    assert 'href="/staff/requests/"' in response.content.decode()


def test_the_bar_marks_the_page_it_is_on_as_active_and_current():
    from django.template import Context, Template
    from django.test import RequestFactory

    entries = [
        {"label": "Home", "url": "/home/"},
        {
            "label": "Files & <more>",
            "children": [
                {"label": "Search", "url": "/staff/files/"},
                {"label": "Duplicates", "url": "/staff/duplicates/"},
            ],
        },
    ]
    html = Template("{% load portal %}{% nav_entries entries %}").render(
        Context({"entries": entries, "request": RequestFactory().get("/staff/files/")})
    )
    assert html == (
        '<li class="nav-item"><a class="nav-link" href="/home/">Home</a></li>\n'
        '<li class="nav-item dropdown"><button class="nav-link dropdown-toggle" type="button" '
        'data-bs-toggle="dropdown" aria-expanded="false">Files &amp; &lt;more&gt;</button>'
        '<ul class="dropdown-menu"><li><a class="dropdown-item active" aria-current="page" '
        'href="/staff/files/">Search</a></li><li><a class="dropdown-item" '
        'href="/staff/duplicates/">Duplicates</a></li></ul></li>\n'
    )


def test_the_bar_drawn_once_per_list_marks_each_pages_own_link():
    from django.template import Context, Template
    from django.test import RequestFactory

    entries = [
        {"label": "Home", "url": "/home/"},
        {"label": "Files", "children": [{"label": "Search", "url": "/staff/files/"}]},
    ]

    def bar(path, entries=entries):
        return Template("{% load portal %}{% nav_entries entries %}").render(
            Context({"entries": entries, "request": RequestFactory().get(path)})
        )

    home = '<li class="nav-item"><a class="nav-link active" aria-current="page" href="/home/">'
    files = '<a class="dropdown-item active" aria-current="page" href="/staff/files/">'
    assert home in bar("/home/")
    assert files not in bar("/home/")
    assert files in bar("/staff/files/")
    assert home not in bar("/staff/files/")
    elsewhere = bar("/staff/files/7/")
    assert "active" not in elsewhere
    assert "aria-current" not in elsewhere
    # Another list (another person's roles, another language) draws its own words.
    other = [{"label": "الرئيسية", "url": "/home/"}]
    assert bar("/home/", other) == (
        '<li class="nav-item"><a class="nav-link active" aria-current="page" href="/home/">'
        "الرئيسية</a></li>\n"
    )


def test_a_static_files_address_is_the_static_tags_and_follows_the_settings(settings):
    """`{% asset %}` (the page's stylesheets and scripts) gives what `{% static %}` gives,
    worked out once per process, and again when the static files' settings change."""
    from django.template import Context, Template

    both = Template(
        "{% load static portal %}{% static 'css/makin.css' %}|{% asset 'css/makin.css' %}"
    )
    first, second = both.render(Context()).split("|")
    assert first == second == "/static/css/makin.css"
    settings.STATIC_URL = "/assets/"
    first, second = both.render(Context()).split("|")
    assert first == second == "/assets/css/makin.css"
