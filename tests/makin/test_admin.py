"""The admin role in Django's admin cannot escalate: no superuser flag, no single permissions,
only groups whose permissions it holds, no group editing, no applicant's password."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from makin.roles import Role
from surveys.models import Feedback, FeedbackKind
from surveys.services import feedback_submit
from tests.factories import ApplicantFactory, BeneficiaryFactory, staff

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(staff(Role.ADMIN), backend="makin.backends.IdentifierBackend")
    return client


def change_data(person, **overrides):
    """What the change form posts for `person` when nothing is edited (the person's groups
    that the admin role may not grant are not in the form)."""
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "national_id": person.national_id or "",
        "mobile": str(person.mobile or ""),
        "language": "ar",
        "groups": [],
    }
    return {**data, **overrides}


def url(person, page="change"):
    return f"/admin/makin/user/{person.pk}/{page}/"


def test_the_change_page_offers_no_superuser_flag_and_no_single_permissions(admin_client):
    person = staff(Role.RECEPTION)
    page = admin_client.get(url(person)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="groups"' in page


def test_the_groups_offered_are_those_whose_permissions_the_role_holds(admin_client):
    form = admin_client.get(url(staff(Role.RECEPTION))).context["adminform"].form
    offered = sorted(g.name for g in form.fields["groups"].queryset)
    assert offered == ["admin", "applicant"]


def test_posting_the_superuser_flag_and_a_permission_changes_nothing(admin_client):
    person = staff(Role.RECEPTION)
    permission = Permission.objects.get(codename="delete_user")
    response = admin_client.post(
        url(person), change_data(person, is_superuser="on", user_permissions=[permission.pk])
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_superuser is False
    assert list(person.user_permissions.all()) == []
    assert sorted(person.groups.values_list("name", flat=True)) == ["reception"]


def test_posting_a_group_the_role_does_not_hold_is_refused(admin_client):
    person = staff(Role.RECEPTION)
    manager = Group.objects.get(name="manager")
    response = admin_client.post(url(person), change_data(person, groups=[manager.pk]))
    assert response.status_code == 200
    assert "انتق خياراً صحيحاً" in response.content.decode()
    assert sorted(person.groups.values_list("name", flat=True)) == ["reception"]


def test_the_admin_role_cannot_make_itself_a_superuser(client):
    me = staff(Role.ADMIN)
    client.force_login(me, backend="makin.backends.IdentifierBackend")
    client.post(url(me), change_data(me, is_staff="on", is_superuser="on"))
    me.refresh_from_db()
    assert me.is_superuser is False


def test_saving_a_manager_keeps_the_group_the_editor_cannot_grant(admin_client):
    person = staff(Role.MANAGER)
    response = admin_client.post(url(person), change_data(person, groups=[], first_name="هند"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "هند"
    assert sorted(person.groups.values_list("name", flat=True)) == ["manager"]


def test_the_admin_role_cannot_change_groups(admin_client):
    group = Group.objects.get(name="reception")
    assert not Group.objects.get(name="admin").permissions.filter(codename="change_group")
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "reception", "permissions": [Permission.objects.get(codename="delete_user").pk]},
    )
    assert response.status_code == 403
    assert not group.permissions.filter(codename="delete_user").exists()


def test_the_admin_role_cannot_set_an_applicants_password(admin_client):
    applicant = ApplicantFactory()
    page = admin_client.get(url(applicant, "password"))
    assert page.status_code == 403
    response = admin_client.post(
        url(applicant, "password"),
        {"password1": "Taken-Over-123", "password2": "Taken-Over-123", "usable_password": "true"},
    )
    assert response.status_code == 403
    applicant.refresh_from_db()
    assert not applicant.check_password("Taken-Over-123")


def test_the_admin_role_may_set_a_staff_members_password(admin_client):
    person = staff(Role.RECEPTION)
    response = admin_client.post(
        url(person, "password"),
        {
            "password1": "New-Desk-Pass-77",
            "password2": "New-Desk-Pass-77",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("New-Desk-Pass-77")


def test_a_superusers_account_is_out_of_the_admin_roles_reach(admin_client):
    root = User.objects.create_superuser("root", "root@example.com", "Root-Pass-1234")
    response = admin_client.post(url(root), change_data(root, username="root2"))
    assert response.status_code == 403
    assert admin_client.get(url(root, "password")).status_code == 403
    root.refresh_from_db()
    assert root.username == "root"


def test_view_on_site_of_a_file_leads_to_its_staff_page(admin_client):
    file = BeneficiaryFactory()
    kind = ContentType.objects.get(app_label="beneficiaries", model="beneficiary")
    response = admin_client.get(f"/admin/r/{kind.pk}/{file.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/staff/files/{file.pk}/")


def test_a_complaint_cannot_be_deleted_in_the_admin_even_by_a_superuser(client):
    """Its history is its record: the admin offers no delete, to anyone."""
    superuser = User.objects.create_superuser("root", "root@example.com", "Makin-2026")
    client.force_login(superuser, backend="makin.backends.IdentifierBackend")
    admin_client = client
    complaint = feedback_submit(kind=FeedbackKind.COMPLAINT, subject="تأخر الرد", body="اتصلت")
    assert admin_client.get(f"/admin/surveys/feedback/{complaint.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/surveys/feedback/{complaint.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Feedback.objects.filter(pk=complaint.pk).exists()
