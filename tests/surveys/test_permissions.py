"""Who may open each page of the surveys app: anonymous visitors and every role."""

import pytest
from django.utils import timezone

from makin.channels import Channel
from makin.roles import Role
from surveys import services
from surveys.models import FeedbackKind
from tests.factories import BeneficiaryFactory, answers_for, published_survey

ALL = {None, *Role}
MANAGERS = {Role.MANAGER}


@pytest.fixture
def objects(db):
    version = published_survey()
    feedback = services.feedback_submit(kind=FeedbackKind.COMPLAINT, subject="ش", body="ن")
    return {"version": version, "feedback": feedback}


def restricted_urls(objects):
    v, f = objects["version"], objects["feedback"]
    return {
        "/my/feedback/": {Role.APPLICANT},
        "/staff/feedback/": {Role.MANAGER, Role.RECEPTION},
        f"/staff/feedback/{f.reference}/": {Role.MANAGER, Role.RECEPTION},
        "/staff/surveys/invite/": {Role.RECEPTION, Role.RESEARCHER, Role.MANAGER},
        "/staff/surveys/": MANAGERS,
        f"/staff/surveys/{v.survey_id}/": MANAGERS,
        f"/staff/surveys/versions/{v.pk}/": MANAGERS,
        "/staff/reports/": MANAGERS,
        "/staff/reports/report.xlsx": MANAGERS,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL, ids=str)
def test_restricted_pages(client_for, users_by_role, objects, role):
    client = client_for(users_by_role.get(role))
    for url, allowed in restricted_urls(objects).items():
        response = client.get(url)
        if role is None:
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url
        elif role in allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL, ids=str)
def test_public_pages_open_to_everyone(client_for, users_by_role, role):
    client = client_for(users_by_role.get(role))
    for url in ("/feedback/", "/feedback/thanks/", "/s/thanks/", "/en/feedback/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL, ids=str)
def test_publishing_is_for_managers_only(client_for, users_by_role, role):
    manager = users_by_role[Role.MANAGER]
    survey = services.survey_create(name_ar="استبيان", actor=manager)
    draft = services.version_save_questions(
        version=survey.versions.get(),
        questions=[{"code": "overall", "kind": "rating", "text_ar": "رضاك؟"}],
        actor=manager,
    )
    response = client_for(users_by_role.get(role)).post(
        f"/staff/surveys/versions/{draft.pk}/publish/"
    )
    draft.refresh_from_db()
    assert draft.is_published == (role == Role.MANAGER)
    if role not in (None, Role.MANAGER):
        assert response.status_code == 403


@pytest.mark.django_db
def test_per_staff_figures_never_reach_other_staff(client_for, users_by_role):
    """Only managers see the report, whose table by staff member names each officer; no other
    role can open the report or its exports, and no other page shows the figures."""
    version = published_survey(manager=users_by_role[Role.MANAGER])
    officer = users_by_role[Role.RECEPTION]
    officer.first_name, officer.last_name = "نورة", "الحربي"
    officer.save()
    invitation = services.invitation_create(
        beneficiary=BeneficiaryFactory(), channel=Channel.INTERVIEW, staff=officer
    )
    services.response_submit(
        invitation=invitation, answers=answers_for(version, overall=2, speed=2, recommend=False)
    )
    manager_page = client_for(users_by_role[Role.MANAGER]).get("/staff/reports/")
    assert "نورة الحربي" in manager_page.content.decode()
    assert "حسب الموظف" in manager_page.content.decode()
    for role in (Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE, Role.ADMIN, Role.APPLICANT):
        client = client_for(users_by_role[role])
        for url in (
            "/staff/reports/",
            "/staff/reports/pdf/",
            "/staff/reports/report.xlsx",
            f"/staff/reports/?start={timezone.localdate()}",
        ):
            assert client.get(url).status_code == 403, (role, url)
        home = client.get("/home/", follow=True).content.decode()
        assert "حسب الموظف" not in home
        assert "مؤشر الرضا" not in home
        assert 'href="/staff/reports/"' not in home
    manager_home = client_for(users_by_role[Role.MANAGER]).get("/staff/manager/")
    assert 'href="/staff/reports/"' in manager_home.content.decode()
