"""The role-by-URL table: what each person gets from every URL.

Each app's table lives in `tests/<app>/url_access.py` as ROUTES = {"app:url-name": route(...)}, with an
optional `world(built) -> dict` that creates the records its URLs point at; `built` holds
`personas`, `sam` (the student persona's own active record) and whatever earlier tables' worlds made. `tests/test_url_access.py`
walks every URL pattern; a pattern with no entry fails the suite.

Every entry also says which methods its view takes (`methods=`): READS (a page or a download), FORM (a page
whose form posts back to it) or ACTION (a button's target, POST only). The table test sends POST, PUT, PATCH
and DELETE to every URL as every role: a role refused on GET gets the same refusal, an allowed role gets 405
for a method the view does not take, and no refused request writes to the database. `post=` names roles
that may read a page but whose POST is refused (e.g. centre managers reading a request they may not decide).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.personas import ROLE_KEYS

OK = 200
LOGIN = "login"  # redirected to the sign-in page
UNAUTHORIZED = 401  # the API (token=True): no token, or not a current one
FORBIDDEN = 403
NOT_FOUND = 404
REDIRECT = "redirect"  # a redirect somewhere other than sign-in (e.g. already signed in)
NOT_ALLOWED = 405  # the URL takes POST only

# The methods a view takes. GET also answers HEAD; no view takes PUT, PATCH or DELETE.
READS = ("GET",)
FORM = ("GET", "POST")
ACTION = ("POST",)

STAFF_WITH_RECORDS = ("admissions_tutor", "centre_manager", "administrator")
MANAGERS = ("centre_manager", "administrator")


@dataclass
class Route:
    expect: dict[str, Any]
    kwargs: Callable[[dict], dict] | None = None
    query: str = ""
    notes: str = field(default="")
    methods: tuple[str, ...] | None = None  # READS, FORM or ACTION; None fails the table test
    post: dict[str, Any] = field(default_factory=dict)  # roles whose POST is refused although GET is not
    # An API route (warp/api): each role asks with a bearer token made for its persona (acting in their
    # usual role) instead of a signed-in session; an anonymous visitor sends no token (401, not the sign-in).
    token: bool = False


def route(
    *,
    default: Any,
    kwargs: Callable[[dict], dict] | None = None,
    query: str = "",
    anonymous: Any = LOGIN,
    methods: tuple[str, ...] | None = None,
    post: dict[str, Any] | None = None,
    token: bool = False,
    **per_role: Any,
) -> Route:
    """Expected answer per role. Roles not named get `default`; anonymous visitors get `anonymous`."""
    unknown = (set(per_role) | set(post or {})) - set(ROLE_KEYS)
    if unknown:
        raise ValueError(f"Unknown roles in the URL table: {sorted(unknown)}")
    expect = {key: per_role.get(key, default) for key in ROLE_KEYS}
    expect["anonymous"] = anonymous
    return Route(
        expect=expect, kwargs=kwargs, query=query, methods=methods, post=dict(post or {}), token=token
    )


def only(roles: tuple[str, ...] | list[str], *, others: Any = FORBIDDEN, allowed: Any = OK, **kw) -> Route:
    """Allowed for these roles, `others` for every other signed-in role, sign-in for anonymous."""
    per_role = {role: allowed for role in roles}
    return route(default=others, **per_role, **kw)
