"""`warp serve`'s access log, with the secret parts of addresses left out.

Some addresses are themselves the key to what they show: a student's calendar feed
(/bookings/calendar/<token>.ics), the anonymous feedback and rater links (/feedback/f/<token>/,
/teams/rate/<token>/) and password-reset links (/account/password/reset/key/<uidb36>-<key>/). Whoever
reads the server's log must not be able to use them. So the log names each request's route as Django
resolves it: a part the route captures as a number (a record's id) is shown; any other captured part is a
token and is shown as its name in angle brackets, e.g. "/bookings/calendar/<token>.ics". An address
that matches no route is shown only as far as its first part ("/prospectus/<unmatched>"), as it may hold
a mistyped token. The query string and the referring page are never logged (warp.cli.ACCESS_LOG_FORMAT).
"""

from gunicorn.glogging import Logger


def loggable_path(path: str) -> str:
    """`path` as the access log shows it: the tokens its route captures replaced by their names."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    try:
        match = resolve(path)
    except Resolver404:
        first = path.strip("/").split("/", 1)[0]
        return f"/{first}/<unmatched>" if first else "/"
    # The route is built again with a stand-in for each token (letters and digits, which every pattern
    # for a token here accepts), then each stand-in is replaced by the token's name.
    names: dict[str, str] = {}

    def stand_in(name: str, value: object) -> object:
        if isinstance(value, int):
            return value
        names[f"WARPLOGGEDPART{len(names)}X"] = f"<{name}>"
        return f"WARPLOGGEDPART{len(names) - 1}X"

    kwargs = {name: stand_in(name, value) for name, value in match.kwargs.items()}
    args = [stand_in("part", value) for value in match.args]
    if not names:
        return path
    try:
        shown = reverse(match.view_name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return f"<{match.view_name}>"
    for placeholder, name in names.items():
        shown = shown.replace(placeholder, name)
    return shown


class AccessLogger(Logger):
    """gunicorn's logger, with the path (and the request line) as loggable_path() shows them."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = loggable_path(environ.get("PATH_INFO", "/"))
        atoms["U"] = path
        atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        return atoms
