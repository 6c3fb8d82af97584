from tests.url_access import FORBIDDEN, MANAGERS, NOT_ALLOWED, only, route
from warp.privacy.services import subject_request_create


def world(built):
    sam = built["sam"]
    request = subject_request_create(
        student=sam, kind="access", received_on=sam.registered_on, by=built["personas"]["administrator"]
    )
    return {"subject_request": request}


ADMIN = ("administrator",)

ROUTES = {
    # Centre managers may see the requests; only administrators (the data protection contact) decide.
    "privacy:request-list": only(MANAGERS),
    "privacy:request-new": only(ADMIN),
    "privacy:request-detail": only(MANAGERS, kwargs=lambda w: {"pk": w["subject_request"].pk}),
    "privacy:bundle-json": only(ADMIN, kwargs=lambda w: {"pk": w["sam"].pk}),
    "privacy:bundle-pdf": only(ADMIN, kwargs=lambda w: {"pk": w["sam"].pk}),
    "privacy:audit-log": only(ADMIN),
    # The CSV of the (unfiltered) log downloads straight away.
    "privacy:audit-log-csv": only(ADMIN),
    # POST only: a student's own consent buttons.
    "privacy:consent-change": route(default=FORBIDDEN, student=NOT_ALLOWED, outsider=NOT_ALLOWED),
}
