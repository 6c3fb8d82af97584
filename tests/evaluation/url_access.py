from tests.url_access import READS, only

REPORT_READERS = ("centre_manager", "administrator", "partnership_lead", "commissioner")

ROUTES = {
    "evaluation:report": only(REPORT_READERS, methods=READS),
    "evaluation:report-csv": only(REPORT_READERS, methods=READS),
    "evaluation:report-json": only(REPORT_READERS, methods=READS),
    "evaluation:report-pdf": only(REPORT_READERS, methods=READS),
}

MANAGERS_ONLY = ("centre_manager", "administrator")


def _term(world):
    return {"pk": world["bookings_run"].term_id}


ROUTES |= {
    "evaluation:term-list": only(MANAGERS_ONLY, methods=READS),
    "evaluation:term-report": only(MANAGERS_ONLY, kwargs=_term, methods=READS),
    "evaluation:term-report-csv": only(MANAGERS_ONLY, kwargs=_term, methods=READS),
    "evaluation:term-report-json": only(MANAGERS_ONLY, kwargs=_term, methods=READS),
    "evaluation:term-report-pdf": only(MANAGERS_ONLY, kwargs=_term, methods=READS),
}

# The service-use report: exact for managers, suppressed for commissioners.
SERVICE_USE_READERS = ("centre_manager", "administrator", "commissioner")
ROUTES |= {
    "evaluation:service-use": only(SERVICE_USE_READERS, methods=READS),
    "evaluation:service-use-csv": only(SERVICE_USE_READERS, methods=READS),
    "evaluation:service-use-json": only(SERVICE_USE_READERS, methods=READS),
    "evaluation:service-use-pdf": only(SERVICE_USE_READERS, methods=READS),
}
