"""The admin and the history speak correct Arabic, third-party apps' words included."""

import pytest
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from tests.factories import ServiceFactory

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
