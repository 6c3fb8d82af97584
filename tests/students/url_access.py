from tests.url_access import OK, route

ROUTES = {
    "students:register": route(anonymous=OK, default=OK),
}
