from tests.measures.factories import make_instrument
from tests.url_access import FORBIDDEN, FORM, NOT_FOUND, OK, READS, route
from warp.measures.models import Occasion
from warp.measures.services import measure_request_create

# Questionnaires are the centre's reference data (centre managers and administrators); paper forms and
# requests are for staff who see every student's record; students reach only their own requests.

MANAGERS_ONLY = {"centre_manager": OK, "administrator": OK}
RECORD_STAFF = {"admissions_tutor": OK, **MANAGERS_ONLY}


def world(built):
    instrument = make_instrument(code="url-check", name="URL Check")
    asked = measure_request_create(
        student=built["sam"],
        instrument=instrument,
        occasion=Occasion.BASELINE,
        by=built["personas"]["centre_manager"],
    )
    return {"measures_instrument": instrument, "measures_request": asked}


def _instrument(world):
    return {"pk": world["measures_instrument"].pk}


ROUTES = {
    "measures:instrument-list": route(default=FORBIDDEN, **MANAGERS_ONLY, methods=READS),
    "measures:instrument-create": route(default=FORBIDDEN, **MANAGERS_ONLY, methods=FORM),
    "measures:instrument-edit": route(default=FORBIDDEN, **MANAGERS_ONLY, kwargs=_instrument, methods=FORM),
    "measures:paper-entry": route(default=FORBIDDEN, **RECORD_STAFF, kwargs=_instrument, methods=FORM),
    "measures:request-create": route(default=FORBIDDEN, **RECORD_STAFF, methods=FORM),
    # A student's own list; an account with no student record has nothing to list.
    "measures:mine": route(default=FORBIDDEN, student=OK, outsider=NOT_FOUND, methods=READS),
    "measures:fill": route(
        default=FORBIDDEN,
        student=OK,
        outsider=NOT_FOUND,
        kwargs=lambda w: {"pk": w["measures_request"].pk},
        methods=FORM,
    ),
    **{
        name: route(
            default=FORBIDDEN,
            **MANAGERS_ONLY,
            commissioner=OK,
            methods=READS,
            query="?instrument=url-check&start=2025-01-01&end=2025-12-31",
        )
        for name in (
            "measures:outcomes",
            "measures:outcomes-csv",
            "measures:outcomes-json",
            "measures:outcomes-pdf",
        )
    },
}
