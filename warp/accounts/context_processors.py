from django.conf import settings

from warp.accounts.models import ROLE_AS, Role
from warp.core.navigation import menu_for


def _acting_choices(user) -> list[dict[str, object]]:
    """For someone with several roles, each role with the header's words, the acting one marked."""
    if user is None or not user.is_authenticated or not user.has_several_roles:
        return []
    return [
        {"role": role.value, "label": ROLE_AS[role], "current": role == user.role}
        for role in Role
        if role in user.held_roles
    ]


def site(request):
    """The centre's name and the signed-in person's menu, for the base template."""
    user = getattr(request, "user", None)
    return {
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "nav_items": menu_for(user) if user is not None else [],
        "acting_choices": _acting_choices(user),
    }
