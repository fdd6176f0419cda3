"""A URL configuration with a view that fails, to see the 500 page."""

from django.urls import path

from makin.urls import handler500, urlpatterns


def fail(request):
    raise RuntimeError("failing on purpose")


urlpatterns = [path("boom/", fail), *urlpatterns]
__all__ = ["handler500", "urlpatterns"]
