from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("staff/inbox/", views.InboxView.as_view(), name="inbox"),
    path("staff/inbox/<int:pk>/", views.MessageView.as_view(), name="detail"),
    path(
        "staff/inbox/<int:pk>/read/",
        views.MessageActionView.as_view(action="read"),
        name="read",
    ),
    path(
        "staff/inbox/<int:pk>/attach/",
        views.MessageActionView.as_view(action="attach"),
        name="attach",
    ),
    path(
        "staff/inbox/<int:pk>/discard/",
        views.MessageActionView.as_view(action="discard"),
        name="discard",
    ),
    path(
        "staff/inbox/<int:pk>/reply/",
        views.MessageActionView.as_view(action="reply"),
        name="reply",
    ),
]
