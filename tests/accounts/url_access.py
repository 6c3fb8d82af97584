from tests.url_access import NOT_ALLOWED, OK, REDIRECT, route

ROUTES = {
    "accounts:login": route(anonymous=OK, default=REDIRECT),
    # Signing out is a POST (a link could sign people out from another site).
    "accounts:logout": route(anonymous=NOT_ALLOWED, default=NOT_ALLOWED),
    "accounts:profile": route(default=OK),
    "accounts:password-change": route(default=OK),
}
