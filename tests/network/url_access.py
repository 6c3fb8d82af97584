"""Who gets what from every network URL.

Network coordinators: the hub's trusted centres, imports and the network report (every centre named).
Centre managers and administrators: the network report (their own centre named; here the centre is not a
member, so the page says so and the downloads answer 404), the export with its preview, and the fidelity
self-assessment. Everyone else 403.
"""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.url_access import ACTION, FORM, NOT_ALLOWED, NOT_FOUND, OK, READS, only, route
from warp.network import keys, services

COORDINATORS = ("network_coordinator",)
MANAGERS = ("centre_manager", "administrator")
REPORT_READERS = (*COORDINATORS, *MANAGERS)
PERIOD = "?start=2026-01-01&end=2026-06-30"


def world(built):
    key = keys.public_key_text(Ed25519PrivateKey.generate().public_key())
    return {"network_centre": services.trust_set(code="TABLE-REC", public_key=key, name="An invented centre")}


def _download():
    return route(
        default=403,
        network_coordinator=OK,
        centre_manager=NOT_FOUND,
        administrator=NOT_FOUND,
        query=PERIOD,
        methods=READS,
    )


ROUTES = {
    "network:report": only(REPORT_READERS, methods=READS),
    "network:report-csv": _download(),
    "network:report-json": _download(),
    "network:report-pdf": _download(),
    "network:export": only(MANAGERS, methods=FORM),
    "network:fidelity": only(MANAGERS, methods=READS),
    "network:fidelity-rate": only(MANAGERS, methods=FORM),
    "network:trust": only(COORDINATORS, methods=FORM),
    "network:trust-withdraw": only(
        COORDINATORS,
        methods=ACTION,
        allowed=NOT_ALLOWED,
        kwargs=lambda world: {"pk": world["network_centre"].pk},
    ),
    "network:import": only(COORDINATORS, methods=FORM),
}
