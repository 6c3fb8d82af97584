"""The report endpoints answer with exactly the JSON of the command line and the downloads, for the same
arguments; a commissioner's token gets the suppressed form, as `--suppress` gives."""

from datetime import date

import pytest
from django.urls import reverse

from tests.api.helpers import api_client
from tests.evaluation.factories import identity, student
from tests.factories import make_run
from warp.cli import main

START, END = "2025-09-01", "2026-08-31"
EVALUATION = f"/api/v1/reports/evaluation/?start={START}&end={END}"


def _cli_json(tmp_path, *extra: str) -> bytes:
    out = tmp_path / "report.json"
    assert (
        main(
            [
                "report",
                "evaluation",
                "--start",
                START,
                "--end",
                END,
                "--format",
                "json",
                "--output",
                str(out),
                *extra,
            ]
        )
        == 0
    )
    return out.read_bytes()


@pytest.fixture
def registered():
    """Twelve students in the period, three of them carers: a group small enough to be hidden."""
    carer = identity("Carer")
    for _ in range(3):
        student(registered_on=date(2025, 10, 1), identities=[carer], date_of_birth=date(1980, 1, 1))
    for _ in range(9):
        student(registered_on=date(2025, 11, 1), date_of_birth=date(1970, 1, 1))


@pytest.mark.django_db
def test_the_evaluation_endpoint_gives_exactly_the_commands_json(personas, registered, tmp_path):
    response = api_client(personas["centre_manager"]).get(EVALUATION)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == _cli_json(tmp_path)
    assert response.json()["students"]["registered"] == 12


@pytest.mark.django_db
def test_a_commissioners_token_gets_exactly_the_suppressed_json(personas, registered, tmp_path):
    response = api_client(personas["commissioner"]).get(EVALUATION)

    assert response.content == _cli_json(tmp_path, "--suppress")
    assert response.content != _cli_json(tmp_path)
    assert response.json()["students"]["registered"] == 10  # rounded to five, as commissioners see it


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", "This field is required."),
        (f"?start=01/09/2025&end={END}", "Date has wrong format"),
        (f"?start={END}&end={START}", "The last day must be on or after the first day."),
    ],
)
def test_a_wrong_period_gets_400_saying_what_is_wrong(personas, query, words):
    response = api_client(personas["centre_manager"]).get("/api/v1/reports/evaluation/" + query)

    assert response.status_code == 400
    assert words in str(response.json())


@pytest.mark.django_db
def test_the_term_endpoint_gives_exactly_the_term_reports_json_download(personas, client_for):
    run = make_run(places=5)
    page = client_for("centre_manager").get(reverse("evaluation:term-report-json", args=[run.term_id]))

    response = api_client(personas["centre_manager"]).get(f"/api/v1/reports/term/{run.term_id}/")

    assert response.status_code == 200
    assert response.content == page.content
    assert api_client(personas["centre_manager"]).get("/api/v1/reports/term/999999/").status_code == 404


@pytest.mark.django_db
def test_every_report_in_the_registry_has_its_address_and_its_pages_roles():
    from warp.api.reports import REPORTS
    from warp.evaluation.views import REPORT_ROLES, TERM_REPORT_ROLES

    assert REPORTS["evaluation"].roles == REPORT_ROLES and REPORTS["term"].roles == TERM_REPORT_ROLES
    for name in REPORTS:
        assert reverse(f"api:report-{name}", kwargs={"pk": 1} if REPORTS[name].path else None).startswith(
            f"/api/v1/reports/{name}/"
        )
