from decimal import Decimal

from tests.url_access import FORM, MANAGERS, READS, STAFF_WITH_RECORDS, only
from warp.service_use.services import service_save


def world(built):
    service = service_save(code="gp", label="GP appointment", unit_cost=Decimal("39.00"), source="An example")
    return {"service_use_service": service}


# Trainers see students booked on their own runs, but never what services they used.
ROUTES = {
    "service_use:service-list": only(MANAGERS, methods=READS),
    "service_use:service-create": only(MANAGERS, methods=FORM),
    "service_use:service-edit": only(
        MANAGERS, kwargs=lambda w: {"pk": w["service_use_service"].pk}, methods=FORM
    ),
    "service_use:answer-record": only(STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["sam"].pk}, methods=FORM),
}
