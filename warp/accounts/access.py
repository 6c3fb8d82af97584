"""Who may use what. Every view is wrapped in exactly one of these, so each one states its audience.

- `public`: anyone, signed in or not.
- `signed_in`: any signed-in person (their own account pages).
- `role_required(*roles)`: signed in with one of these roles; anyone else signed in gets 403.

Once someone is let in, each of them answers 405 to any method but GET, HEAD and POST (no page takes PUT,
PATCH or DELETE). A view that only shows something adds Django's `require_safe` below, so a POST gets 405
too; a button's target adds `require_POST`. Someone not let in gets the same refusal whatever the method.

Object-level rules (a student sees only themselves, a trainer only their own runs) live in each app's
`access.py` as getters that raise 404 for records the person may not see.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed

from warp.accounts.models import Role, User

ACCESS_ATTRIBUTE = "warp_access"

# Roles grouped the way views usually need them.
STUDENT_RECORD_ROLES = (Role.ADMISSIONS_TUTOR, Role.CENTRE_MANAGER, Role.ADMINISTRATOR)
MANAGER_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR)

# The methods any WaRP page takes; a view may take fewer (require_safe, require_POST).
METHODS_TAKEN = ("GET", "HEAD", "POST")


class SignedInRequest(HttpRequest):
    """What a `signed_in` or `role_required` view is given: a request whose user has signed in. Only for the
    type checker (Django passes an ordinary HttpRequest); `public` views take an HttpRequest."""

    user: User


def public(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in METHODS_TAKEN:
            return HttpResponseNotAllowed(METHODS_TAKEN)
        return view(request, *args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, "public")
    return wrapper


def signed_in(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.method not in METHODS_TAKEN:
            return HttpResponseNotAllowed(METHODS_TAKEN)
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
            if request.method not in METHODS_TAKEN:
                return HttpResponseNotAllowed(METHODS_TAKEN)
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, "roles: " + ", ".join(sorted(allowed)))
        return wrapper

    return decorator
