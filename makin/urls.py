"""Root URLs. Arabic is served without a prefix, English under /en/; the addresses in
DESIGN.md's "Stable public addresses" are part of the product."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

handler400 = "makin.errors.bad_request"
handler403 = "makin.errors.permission_denied"
handler404 = "makin.errors.page_not_found"
handler500 = "makin.errors.server_error"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    # The SMS and WhatsApp providers' webhooks (receipts, messages people send).
    path("hooks/", include("messaging.hook_urls")),
]

urlpatterns += i18n_patterns(
    # Inside the language prefix, so that switching from English finds the English address.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("makin.accounts_urls")),
    path("", include("makin.portal_urls")),
    # Each app writes its whole paths (the stable ones, e.g. /track/ and /s/<token>/, included).
    path("", include("beneficiaries.urls")),
    path("", include("requests.urls")),
    path("", include("committee.urls")),
    path("", include("surveys.urls")),
    path("", include("messaging.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
