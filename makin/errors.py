"""Error pages in the visitor's language, inside the portal's layout (except 500, which
renders without touching the database)."""

from django.shortcuts import render
from django.template.loader import get_template


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    from django.http import HttpResponseServerError

    return HttpResponseServerError(get_template("errors/500.html").render({}))
