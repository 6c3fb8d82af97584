from tests.url_access import OK, REDIRECT, route

ROUTES = {
    # Signed-in people are sent on to the first page of their own menu.
    "core:home": route(anonymous=OK, default=REDIRECT),
    "core:accessibility": route(anonymous=OK, default=OK),
}
