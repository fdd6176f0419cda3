"""The providers' webhooks: outside the language prefix, for machines."""

from django.urls import path

from . import hooks

app_name = "hooks"

urlpatterns = [
    path("sms/taqnyat/", hooks.taqnyat, name="taqnyat"),
    path("whatsapp/", hooks.whatsapp, name="whatsapp"),
]
