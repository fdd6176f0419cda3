"""The in-portal notification list: each person sees and marks only their own."""

import pytest
from django.urls import reverse

from makin.models import Notification
from makin.roles import Role
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

LIST = reverse("makin:notifications")
BADGE = reverse("makin:notification_badge")


def make(user, n=1, read=False):
    from django.utils import timezone

    return [
        Notification.objects.create(
            user=user,
            event="account_created",
            key=f"test:{user.pk}:{i}:{read}",
            language="ar",
            subject=f"إشعار رقم {i}",
            body="نص الإشعار",
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("role", [None, *Role])
def test_everyone_logged_in_has_a_notification_list_and_visitors_are_sent_to_log_in(
    users_by_role, client_for, role
):
    user = users_by_role.get(role)
    response = client_for(user).get(LIST)
    if user is None:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 200
        assert "الإشعارات" in response.content.decode()


def test_the_list_shows_only_my_notifications_with_the_unread_count(client_for, applicant):
    make(applicant, 2)
    make(applicant, 1, read=True)
    make(ApplicantFactory(), 1)
    response = client_for(applicant).get(LIST)
    page = response.content.decode()
    assert list(response.context["notifications"]) == list(
        Notification.objects.filter(user=applicant)
    )
    assert "غير المقروءة: 2" in page
    assert page.count("تعليم كمقروء") == 2


def test_the_list_in_english(client_for, applicant):
    make(applicant, 1)
    page = client_for(applicant).get("/en" + LIST).content.decode()
    assert "Notifications" in page
    assert "1 unread" in page


def test_marking_one_as_read(client_for, applicant):
    (notification,) = make(applicant)
    response = client_for(applicant).post(
        reverse("makin:notification_read", args=[notification.pk])
    )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_cannot_be_marked_and_is_not_found(
    client_for, applicant, other_applicant
):
    (notification,) = make(other_applicant)
    response = client_for(applicant).post(
        reverse("makin:notification_read", args=[notification.pk])
    )
    assert response.status_code == 404
    assert (
        client_for(applicant).post(reverse("makin:notification_read", args=[99999])).status_code
        == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_is_a_post(client_for, applicant):
    (notification,) = make(applicant)
    url = reverse("makin:notification_read", args=[notification.pk])
    assert client_for(applicant).get(url).status_code == 405
    assert client_for(None).post(url).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_touches_only_mine(client_for, applicant, other_applicant):
    make(applicant, 3)
    make(other_applicant, 2)
    response = client_for(applicant).post(reverse("makin:notifications_read_all"), follow=True)
    assert "عُلِّمت جميع إشعاراتك بأنها مقروءة" in response.content.decode()
    assert not Notification.objects.filter(user=applicant, read_at=None).exists()
    assert Notification.objects.filter(user=other_applicant, read_at=None).count() == 2


def test_the_header_badge_counts_unread(client_for, applicant):
    make(applicant, 4)
    make(applicant, 2, read=True)
    page = client_for(applicant).get(BADGE).content.decode()
    assert ">4<" in page.replace(" ", "").replace("\n", "")
    assert client_for(None).get(BADGE).status_code == 200
    assert "text-bg-warning" not in client_for(None).get(BADGE).content.decode()


def test_every_page_asks_for_the_badge_after_loading_instead_of_counting(client_for, applicant):
    page = client_for(applicant).get(reverse("makin:home_applicant")).content.decode()
    assert f'data-hx-get="{BADGE}"' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_costs_the_same_queries_for_3_or_30_rows(
    client_for, applicant, django_assert_num_queries, rows
):
    make(applicant, rows)
    client = client_for(applicant)
    client.get(LIST)  # warm the session
    # the session with the user and their roles, unread count, page count, page rows
    with django_assert_num_queries(4):
        client.get(LIST)


@pytest.mark.parametrize("role", [None, *Role])
def test_only_the_admin_role_sees_deliveries_in_the_admin(users_by_role, client_for, role):
    response = client_for(users_by_role.get(role)).get("/admin/makin/delivery/")
    assert response.status_code == (200 if role == Role.ADMIN else 302)


def test_the_admin_sends_a_failed_delivery_again(
    users_by_role, client_for, applicant, django_capture_on_commit_callbacks
):
    from django.core import mail

    from makin.models import Delivery

    (notification,) = make(applicant)
    delivery = Delivery.objects.create(
        notification=notification,
        medium=Delivery.Medium.EMAIL,
        address="a@example.com",
        text="نص",
        state=Delivery.State.FAILED,
        attempts=8,
    )
    client = client_for(users_by_role[Role.ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/makin/delivery/",
            {"action": "retry", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert mail.outbox[0].to == ["a@example.com"]
