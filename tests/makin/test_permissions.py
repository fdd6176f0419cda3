"""Who may open each page of the foundation: anonymous visitors and every role."""

import pytest

from makin.roles import Role

ALL = {None, *Role}
PUBLIC = [
    "/",
    "/about/",
    "/contact/",
    "/policy/",
    "/policy/pdf/",
    "/faq/",
    "/health/",
    "/dates/echo/",
]
ROLE_HOMES = {
    "/my/": Role.APPLICANT,
    "/staff/reception/": Role.RECEPTION,
    "/staff/research/": Role.RESEARCHER,
    "/staff/committee/": Role.COMMITTEE,
    "/staff/manager/": Role.MANAGER,
    "/staff/admin/": Role.ADMIN,
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC)
@pytest.mark.parametrize("role", ALL, ids=str)
def test_public_pages_open_to_everyone(client_for, users_by_role, url, role):
    response = client_for(users_by_role.get(role)).get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "owner"), ROLE_HOMES.items())
@pytest.mark.parametrize("role", ALL, ids=str)
def test_role_homes_open_only_to_their_role(client_for, users_by_role, url, owner, role):
    response = client_for(users_by_role.get(role)).get(url)
    if role is None:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    elif role == owner:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "ليست لديك صلاحية" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL, ids=str)
def test_django_admin_only_for_the_admin_role(client_for, users_by_role, role):
    response = client_for(users_by_role.get(role)).get("/admin/")
    if role == Role.ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL, ids=str)
def test_signup_only_for_visitors(client_for, users_by_role, role):
    response = client_for(users_by_role.get(role)).get("/accounts/signup/")
    assert response.status_code == (200 if role is None else 302)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/password/change/"])
@pytest.mark.parametrize("role", ALL, ids=str)
def test_password_change_needs_login(client_for, users_by_role, url, role):
    response = client_for(users_by_role.get(role)).get(url)
    assert response.status_code == (302 if role is None else 200)


@pytest.mark.django_db
def test_user_without_role_is_told_so(client_for):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get("/home/", follow=True)
    assert "لم تُحدَّد صلاحية لحسابك" in response.content.decode()


@pytest.mark.django_db
def test_rules_applicant_reaches_only_own_account(applicant, other_applicant):
    assert applicant.has_perm("makin.view_own_account", applicant)
    assert not applicant.has_perm("makin.view_own_account", other_applicant)


# The sign-up confirmation and the second factor's pages, for a fully signed-in session (the
# password-only session is tested in tests/makin/test_second_factor.py).
ACCOUNT_PAGES = {
    # url: (anonymous, any signed-in person)
    "/accounts/signup/sent/": (200, 200),
    "/accounts/2fa/": (302, 200),
    "/accounts/2fa/code/": (302, 302),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "expected"), ACCOUNT_PAGES.items())
@pytest.mark.parametrize("role", ALL, ids=str)
def test_account_pages(client_for, users_by_role, url, expected, role):
    response = client_for(users_by_role.get(role)).get(url)
    anonymous, signed_in = expected
    assert response.status_code == (anonymous if role is None else signed_in)
    if response.status_code == 302:
        target = "/accounts/login/" if role is None else "/home/"
        assert response.url.startswith(target)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL, ids=str)
def test_the_setup_page_is_for_those_without_a_second_factor(client_for, users_by_role, role):
    """Staff made by the factory are enrolled (sent to their settings); an applicant without a
    second factor may set one up; a visitor is sent to log in."""
    response = client_for(users_by_role.get(role)).get("/accounts/2fa/setup/")
    if role is None:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    elif role == Role.APPLICANT:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url == "/accounts/2fa/"
