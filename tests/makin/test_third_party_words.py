"""The admin and the history speak correct Arabic, third-party apps' words included."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from makin.models import Notification
from makin.roles import Role
from tests.factories import ServiceFactory, staff

pytestmark = pytest.mark.django_db


def test_the_history_says_created_in_correct_arabic():
    service = ServiceFactory()
    with translation.override("ar"):
        assert service.history.get().get_history_type_display() == "تم إنشاؤه"


def test_the_task_results_and_the_password_choice_are_in_arabic():
    with translation.override("ar"):
        assert str(DBTaskResult._meta.verbose_name_plural) == "نتائج المهام"
        assert (
            str(DBTaskResult._meta.get_field("enqueued_at").verbose_name)
            == "وقت الإدراج في الطابور"
        )
        form = AdminUserCreationForm()
        assert str(form.fields["usable_password"].label) == "الدخول بكلمة المرور"


@pytest.fixture
def admin_client(client):
    client.force_login(staff(Role.ADMIN), backend="makin.backends.IdentifierBackend")
    return client


def admin_page(client, name, *args):
    response = client.get(reverse(f"admin:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_index_names_the_task_results_in_arabic(admin_client):
    page = admin_page(admin_client, "index")
    assert "نتائج المهام" in page
    assert "Task Results" not in page


def test_the_task_results_columns_are_in_arabic(admin_client):
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="makin.tasks.send_delivery",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    page = admin_page(admin_client, "django_tasks_database_dbtaskresult_changelist")
    assert "وقت الإدراج في الطابور" in page
    assert "اسم المهمة" in page
    assert "Enqueued at" not in page
    assert "Task name" not in page


def test_the_new_account_form_offers_the_password_choice_in_arabic(admin_client):
    page = admin_page(admin_client, "makin_user_add")
    assert "الدخول بكلمة المرور" in page
    assert "Password-based authentication" not in page


def test_the_groups_list_shows_each_role_by_its_arabic_name(admin_client):
    page = admin_page(admin_client, "auth_group_changelist")
    assert "موظف الاستقبال" in page
    assert "الباحث الاجتماعي" in page


def test_the_people_list_filters_by_role_in_arabic(admin_client):
    page = admin_page(admin_client, "makin_user_changelist")
    assert "حسب الدور" in page
    assert "مدير النظام" in page
    assert '<a href="?role=reception">موظف الاستقبال</a>' in page


def test_the_change_form_offers_groups_by_their_arabic_names(admin_client):
    person = staff(Role.RECEPTION)
    page = admin_page(admin_client, "makin_user_change", person.pk)
    # The admin role may grant its own group and the applicant's.
    assert ">مدير النظام</option>" in page
    assert ">admin</option>" not in page


def test_the_messages_list_names_each_event_in_arabic(admin_client):
    person = staff(Role.RESEARCHER)
    notification = Notification.objects.create(
        user=person, event="request_assigned", key="k1", language="ar", subject="طلب جديد"
    )
    page = admin_page(admin_client, "makin_notification_changelist")
    assert "إسناد طلب" in page
    assert ">request_assigned<" not in page
    page = admin_page(admin_client, "makin_notification_change", notification.pk)
    assert "إسناد طلب" in page
    assert "request_assigned" not in page


def test_the_history_page_says_created_in_correct_arabic(client):
    superuser = get_user_model().objects.create_superuser("root", "root@example.com", "x-Pass-1")
    client.force_login(superuser, backend="makin.backends.IdentifierBackend")
    service = ServiceFactory()
    page = admin_page(client, "requests_service_history", service.pk)
    assert "تم إنشاؤه" in page
    assert "تم انشاءه" not in page
