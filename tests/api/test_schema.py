"""The API answers as its OpenAPI schema says, for any request schemathesis generates from that schema:
no server error, and every answer (status, content type, body) matching the schema. Against the test
server itself (the WSGI application, in the test's database), with a token for each role that reads most."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.factories import make_run
from warp.api.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keep_the_test_connection():
    """As Django's test client does: the generated requests run inside the test's transaction, so the
    end of a request must not close the database connection (PostgreSQL would lose the transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(personas, settings, keep_the_test_connection):
    settings.WARP_API_RATE = "100000/min"  # generated requests are many; the throttle has its own test
    make_run(places=3, trainers=[personas["peer_trainer"]])  # a published run on the prospectus
    return {
        key: api_token_create(user=personas[key], name="Schema test", days=1, by=None)[1]
        for key in ("administrator", "peer_trainer", "commissioner")
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_generated_request_gets_an_answer_its_schema_describes(case, tokens):
    for plain in tokens.values():
        # Every check but two, on how strict the API is rather than whether it answers as documented: a
        # period ending before it starts fits the schema (two dates) but is refused with 400, as documented
        # (JSON Schema cannot say "end on or after start"); and a query string's unknown names are ignored,
        # as everywhere on the site, rather than refused.
        case.call_and_validate(
            headers={"Authorization": f"Bearer {plain}"},
            excluded_checks=[positive_data_acceptance, negative_data_rejection],
        )


@pytest.mark.django_db
def test_the_schema_passes_drf_spectaculars_own_validation(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/reports/evaluation/" in out.read_text()


@pytest.mark.django_db
def test_each_path_parameter_in_the_schema_is_in_its_path(client):
    """/api/docs/ lists each address's parameters from the schema: one that is not in the address (the
    term report's "pk" beside its "{id}") tells the reader to send something they cannot."""
    paths = client.get("/api/schema/?format=json").json()["paths"]
    stray = [
        f"{path}: {parameter['name']}"
        for path, operations in paths.items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and "{" + parameter["name"] + "}" not in path
    ]
    assert not stray


def test_an_api_address_that_matches_no_route_is_answered_in_json(client):
    """A term id with a line break in it matches no route: the API still answers in JSON, not the HTML page."""
    response = client.get("/api/v1/reports/term/1%0A/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Not found.")
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
