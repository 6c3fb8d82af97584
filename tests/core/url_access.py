from tests.url_access import OK, READS, REDIRECT, route

ROUTES = {
    # Signed-in people are sent on to the first page of their own menu.
    "core:home": route(anonymous=OK, default=REDIRECT, methods=READS),
    "core:accessibility": route(anonymous=OK, default=OK, methods=READS),
}
