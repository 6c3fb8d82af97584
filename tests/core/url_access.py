from tests.url_access import MANAGERS, OK, READS, REDIRECT, only, route

ROUTES = {
    # Signed-in people are sent on to the first page of their own menu.
    "core:home": route(anonymous=OK, default=REDIRECT, methods=READS),
    "core:accessibility": route(anonymous=OK, default=OK, methods=READS),
    # Every import's columns and its empty template, for those who import.
    "imports:templates": only(MANAGERS, methods=READS),
    "imports:template": only(
        MANAGERS, kwargs=lambda world: {"kind": "reviews", "fmt": "xlsx"}, methods=READS
    ),
}
