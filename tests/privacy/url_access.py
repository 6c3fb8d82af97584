from tests.url_access import ACTION, FORBIDDEN, FORM, MANAGERS, NOT_ALLOWED, NOT_FOUND, READS, only, route
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
    "privacy:request-list": only(MANAGERS, methods=READS),
    "privacy:request-new": only(ADMIN, methods=FORM),
    # A centre manager's POST (a decision) is refused as "not found".
    "privacy:request-detail": only(
        MANAGERS,
        kwargs=lambda w: {"pk": w["subject_request"].pk},
        methods=FORM,
        post={"centre_manager": NOT_FOUND},
    ),
    "privacy:bundle-json": only(ADMIN, kwargs=lambda w: {"pk": w["sam"].pk}, methods=READS),
    "privacy:bundle-pdf": only(ADMIN, kwargs=lambda w: {"pk": w["sam"].pk}, methods=READS),
    "privacy:audit-log": only(ADMIN, methods=READS),
    # The CSV of the (unfiltered) log downloads straight away.
    "privacy:audit-log-csv": only(ADMIN, methods=READS),
    # POST only: a student's own consent buttons.
    "privacy:consent-change": route(
        default=FORBIDDEN, student=NOT_ALLOWED, outsider=NOT_ALLOWED, methods=ACTION
    ),
}
