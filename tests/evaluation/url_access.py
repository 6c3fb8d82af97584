from tests.url_access import only

REPORT_READERS = ("centre_manager", "administrator", "partnership_lead", "commissioner")

ROUTES = {
    "evaluation:report": only(REPORT_READERS),
    "evaluation:report-csv": only(REPORT_READERS),
    "evaluation:report-json": only(REPORT_READERS),
    "evaluation:report-pdf": only(REPORT_READERS),
}
