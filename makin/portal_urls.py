from django.urls import path

from . import views
from .content import FAQ
from .roles import Role

app_name = "makin"

urlpatterns = [
    path("", views.PageView.as_view(template_name="pages/home.html"), name="home"),
    path("about/", views.PageView.as_view(template_name="pages/about.html"), name="about"),
    path(
        "contact/",
        views.PageView.as_view(template_name="pages/contact.html"),
        name="contact",
    ),
    path("policy/", views.PageView.as_view(template_name="pages/policy.html"), name="policy"),
    path("policy/pdf/", views.PolicyPdfView.as_view(), name="policy_pdf"),
    path(
        "faq/",
        views.PageView.as_view(template_name="pages/faq.html", extra_context={"faq": FAQ}),
        name="faq",
    ),
    path("home/", views.landing, name="landing"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notifications_read_all",
    ),
    path("notifications/unread/", views.notification_badge, name="notification_badge"),
    path("dates/echo/", views.date_echo, name="date_echo"),
    path("dates/month/", views.date_month, name="date_month"),
    path("my/", views.ApplicantHomeView.as_view(), name="home_applicant"),
    path(
        "staff/reception/",
        views.RoleHomeView.as_view(role=Role.RECEPTION),
        name="home_reception",
    ),
    path(
        "staff/research/",
        views.RoleHomeView.as_view(role=Role.RESEARCHER),
        name="home_researcher",
    ),
    path(
        "staff/committee/",
        views.RoleHomeView.as_view(role=Role.COMMITTEE),
        name="home_committee",
    ),
    path("staff/manager/", views.RoleHomeView.as_view(role=Role.MANAGER), name="home_manager"),
    path("staff/admin/", views.RoleHomeView.as_view(role=Role.ADMIN), name="home_admin"),
]
