from tests.url_access import (
    ACTION,
    FORBIDDEN,
    FORM,
    MANAGERS,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    READS,
    STAFF_WITH_RECORDS,
    UNAUTHORIZED,
    only,
    route,
)
from warp.api.services import api_token_create

REPORT_READERS = ("centre_manager", "administrator", "partnership_lead", "commissioner")
TRAINERS = ("peer_trainer", "professional_trainer")


def world(built):
    """A token for the commissioner, for the revoke button's address."""
    token, _plain = api_token_create(
        user=built["personas"]["commissioner"], name="Dashboard", days=30, by=None
    )
    return {"api_token": token}


def api(roles, **kw):
    """An API route: these roles get 200 with their token, other roles 403, no token 401."""
    return only(roles, anonymous=UNAUTHORIZED, token=True, methods=READS, **kw)


ROUTES = {
    "api:docs": route(default=OK, anonymous=OK, methods=READS),
    "api:schema": route(default=OK, anonymous=OK, methods=READS),
    "api:token-list": only(("administrator",), methods=FORM),
    "api:token-revoke": only(
        ("administrator",), allowed=NOT_ALLOWED, kwargs=lambda w: {"pk": w["api_token"].pk}, methods=ACTION
    ),
    # Everyone the student list shows students to: the peer trainer sees Sam (booked on their run).
    "api:students": api((*STAFF_WITH_RECORDS, *TRAINERS)),
    "api:sessions": api(TRAINERS),
    # A trainer not on the session's run gets 404, as on the register page.
    "api:register": route(
        default=FORBIDDEN,
        anonymous=UNAUTHORIZED,
        token=True,
        methods=READS,
        kwargs=lambda w: {"pk": w["bookings_session"].pk},
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        **dict.fromkeys(MANAGERS, OK),
    ),
    "api:prospectus": api(
        (
            "student",
            "admissions_tutor",
            *TRAINERS,
            *MANAGERS,
            "team_lead",
            "partnership_lead",
            "commissioner",
            "network_coordinator",
            "outsider",
        )
    ),
    "api:report-evaluation": api(REPORT_READERS, query="?start=2025-09-01&end=2026-08-31"),
    "api:report-term": api(MANAGERS, kwargs=lambda w: {"pk": w["bookings_run"].term_id}),
}
ROUTES["api:not-found"] = route(
    default=NOT_FOUND, anonymous=NOT_FOUND, methods=READS, kwargs=lambda w: {"rest": "no-such-thing/"}
)
