"""The staff homes' panels drawn in Python (`requests/templatetags/staff_home.py`,
`committee/templatetags/manager_home.py`): the markup the panels' templates drew for the same
figures, in Arabic and English, every figure of the home read in one statement."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from beneficiaries.models import DuplicateCandidate
from beneficiaries.selectors import AWAITING_FILES_SQL, awaiting_files_read
from makin.roles import Role
from requests.open_counts import open_counts_rebuild
from requests.selectors import dashboard_summary
from tests.factories import (
    DocumentFactory,
    FileFactory,
    ReferralFactory,
    SupportRequestFactory,
    staff,
)

pytestmark = pytest.mark.django_db


def _same(markup: str) -> str:
    """Markup without the whitespace between tags (what the templates' indentation adds)."""
    markup = re.sub(r"\s+", " ", str(markup))
    return re.sub(r"\s*(<|>)\s*", r"\1", markup)


@pytest.fixture
def desk_data():
    researcher = staff(Role.RESEARCHER)
    today = timezone.localdate()
    for status, due, who in (
        ("submitted", None, None),
        ("incomplete", None, None),
        ("verified", None, None),
        ("in_research", today - datetime.timedelta(days=2), researcher),
        ("in_committee", today + datetime.timedelta(days=1), None),
        ("ready_for_committee", today - datetime.timedelta(days=1), None),
    ):
        SupportRequestFactory(status=status, decision_due=due, researcher=who)
    open_counts_rebuild()  # rows made by the factory, counted as the data migration counts them
    ReferralFactory()
    first, second = FileFactory(first_name="أحمد"), FileFactory(first_name="خالد")
    DocumentFactory(beneficiary=first)
    DuplicateCandidate.objects.create(file=first, other=second, similarity=1)
    return SimpleNamespace(researcher=researcher, file_pk=first.pk)


def _old_panels(user, template_text: str) -> str:
    """The panels as their inclusion templates draw them (the applicant's home still does)."""
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load requests_tags beneficiaries committee_tags %}" + template_text).render(
        Context({"user": user, "request": request})
    )


def _new_panels(user, template_text: str) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load staff_home manager_home %}" + template_text).render(
        Context({"user": user, "request": request})
    )


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("role", [Role.RECEPTION, Role.RESEARCHER])
def test_the_desks_panels_are_the_templates_markup(desk_data, role, language):
    user = desk_data.researcher if role == Role.RESEARCHER else staff(role)
    with translation.override(language):
        old = _old_panels(
            user,
            '{% requests_panel %}<div class="card p-4 mb-3"><h2 class="h5">'
            '{% load i18n %}{% translate "Beneficiary files" %}</h2>{% beneficiary_panel %}</div>',
        )
        new = _new_panels(user, "{% desk_home as home %}{{ home.requests }}{{ home.files }}")
    assert _same(new) == _same(old)
    assert "/staff/files/" in new  # the file awaiting verification is listed


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_managers_panels_are_the_templates_markup(desk_data, language):
    manager = staff(Role.MANAGER)
    with translation.override(language):
        old = _old_panels(manager, "{% requests_panel %}{% committee_manager_panel %}")
        new = _new_panels(
            manager,
            "{% manager_home as home %}{{ home.requests }}{{ home.deadline }}",
        )
    assert _same(new) == _same(old)


def test_the_reception_panels_figures_in_arabic(desk_data, client_for):
    page = _same(client_for(staff(Role.RECEPTION)).get("/staff/reception/").content.decode())
    for figure, label in (
        (1, "بانتظار مقدم الطلب"),
        (1, "دون باحث"),
        (1, "قيد البحث الاجتماعي"),
    ):
        assert f'<span class="d-block fs-4">{figure}</span><span class="small">{label}</span>' in (
            page
        )
    assert '<a class="btn btn-sm btn-outline-secondary" href="/staff/referrals/?open=1">' in page
    assert '<a href="/staff/duplicates/">ملف واحد محتمل التكرار للمراجعة</a>' in page


def test_the_awaiting_files_in_the_homes_statement_are_the_selectors(desk_data):
    researcher = desk_data.researcher
    (value,) = dashboard_summary(user=researcher, extra=(AWAITING_FILES_SQL,))["extra"]
    (older,) = awaiting_files_read(value)
    assert (older.full_name, older.pk) == ("أحمد عبدالله سالم الحربي", desk_data.file_pk)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    ("role", "tasks"),
    [
        (Role.RECEPTION, "reception"),
        (Role.RESEARCHER, "researcher"),
        (Role.MANAGER, "manager"),
    ],
)
def test_the_homes_last_rows_are_the_templates_markup(role, tasks, language):
    from makin.context_processors import Capabilities

    user = staff(role)
    context = {"user": user, "perms": Capabilities(user)}
    with translation.override(language):
        old = Template(
            '<div class="row g-3">{% include "dashboards/includes/_surveys_panel.html" %}</div>'
            '{% include "dashboards/includes/_work_and_references.html" with tasks=tasks %}'
        ).render(Context({**context, "tasks": f"dashboards/includes/_{tasks}_tasks.html"}))
        new = Template("{% load staff_home %}{% home_rows role %}").render(
            Context({**context, "role": tasks})
        )
    assert _same(new) == _same(old)
    assert "<li><a" in new
