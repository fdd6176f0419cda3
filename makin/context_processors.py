from django.conf import settings

from .navigation import navigation_for


def portal(request):
    return {
        "association": settings.MAKIN_ASSOCIATION,
        "nav_items": navigation_for(request.user),
    }
