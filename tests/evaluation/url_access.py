from tests.url_access import only

REPORT_READERS = ("centre_manager", "administrator", "partnership_lead", "commissioner")

ROUTES = {
    "evaluation:report": only(REPORT_READERS),
    "evaluation:report-csv": only(REPORT_READERS),
    "evaluation:report-json": only(REPORT_READERS),
    "evaluation:report-pdf": only(REPORT_READERS),
}

MANAGERS_ONLY = ("centre_manager", "administrator")


def _term(world):
    return {"pk": world["bookings_run"].term_id}


ROUTES |= {
    "evaluation:term-list": only(MANAGERS_ONLY),
    "evaluation:term-report": only(MANAGERS_ONLY, kwargs=_term),
    "evaluation:term-report-csv": only(MANAGERS_ONLY, kwargs=_term),
    "evaluation:term-report-json": only(MANAGERS_ONLY, kwargs=_term),
    "evaluation:term-report-pdf": only(MANAGERS_ONLY, kwargs=_term),
}
