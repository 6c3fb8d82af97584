"""Who may use what. Every view is wrapped in exactly one of these, so each one states its audience.

- `public`: anyone, signed in or not.
- `signed_in`: any signed-in person (their own account pages).
- `role_required(*roles)`: signed in with one of these roles; anyone else signed in gets 403.

Object-level rules (a student sees only themselves, a trainer only their own runs) live in each app's
`access.py` as getters that raise 404 for records the person may not see.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from warp.accounts.models import Role

ACCESS_ATTRIBUTE = "warp_access"

# Roles grouped the way views usually need them.
STUDENT_RECORD_ROLES = (Role.ADMISSIONS_TUTOR, Role.CENTRE_MANAGER, Role.ADMINISTRATOR)
MANAGER_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR)


def public(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def signed_in(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, "signed in")
    return wrapper


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, "roles: " + ", ".join(sorted(allowed)))
        return wrapper

    return decorator
