from django.conf import settings

from warp.core.navigation import items_for


def site(request):
    """The centre's name and the signed-in person's menu, for the base template."""
    user = getattr(request, "user", None)
    return {
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "nav_items": items_for(user) if user is not None else [],
    }
