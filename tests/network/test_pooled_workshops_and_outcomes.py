"""Workshops, cohorts and outcome questionnaires in the network report, against hand-computed figures; and
bundles of format version 1 (from before they existed) still import and pool."""

import csv
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from tests.network.helpers import END, START, hand_bundle, write
from warp.cli import main
from warp.network import keys, services
from warp.network.models import NetworkBundle
from warp.network.pooling import network_report

pytestmark = pytest.mark.django_db

# As the bundles carry them (already rounded; "*" suppressed). Cedar runs an older WaRP: version 1.
# workshops: (sessions, attendances, co-facilitated); outcomes: (code, pairs, baselines, reliably improved)
CENTRES = {
    "ALDER": dict(workshops=(20, 150, 15), outcomes=[("wb", 30, 40, 10), ("mood", "*", 10, "*")]),
    "BIRCH": dict(workshops=(40, 300, "*"), outcomes=[("wb", 45, 60, 20)]),
    "CEDAR": dict(version=1),
}


def _trust(code: str) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    services.trust_set(code=code, public_key=keys.public_key_text(key.public_key()))
    return key


@pytest.fixture
def hub(tmp_path, capsys):
    for code, figures in CENTRES.items():
        path = write(tmp_path / f"{code}.json", hand_bundle(_trust(code), code=code, **figures))
        assert main(["network", "import", path]) == 0, capsys.readouterr().out
    capsys.readouterr()


def test_pooled_workshops_are_sums_and_co_facilitated_is_pooled_count_over_pooled_sessions(hub):
    workshops = network_report(start=START, end=END).workshops
    # Alder and Birch carry workshops; Cedar's version 1 bundle has none.
    assert workshops.centres == 2
    assert (workshops.sessions, workshops.attendances) == (20 + 40, 150 + 300)
    # Birch's co-facilitated count is suppressed, so counts 0: 15 of 60 is 25%, not the mean of the
    # centres' own percentages.
    assert workshops.co_facilitated == 15
    assert workshops.co_facilitated_percent == 25.0


def test_pooled_outcomes_per_questionnaire_code(hub):
    outcomes = {row.code: row for row in network_report(start=START, end=END).outcomes}
    assert list(outcomes) == ["mood", "wb"]
    wb = outcomes["wb"]
    assert (wb.centres, wb.pairs, wb.baselines, wb.reliably_improved) == (2, 75, 100, 30)
    assert wb.followed_up_percent == 75.0  # 75 of 100
    mood = outcomes["mood"]
    assert (mood.centres, mood.pairs, mood.baselines, mood.reliably_improved) == (1, 0, 10, 0)
    assert mood.followed_up_percent == 0.0


def test_suppressed_new_cells_are_counted_as_suppressed(hub):
    # Birch's co-facilitated, Alder's mood pairs and mood reliably improved.
    report = network_report(start=START, end=END)
    assert report.suppressed_cells == 3
    assert "3 suppressed cells" in report.notes[0]


def test_a_version_1_bundle_imports_and_pools_without_the_new_figures(hub):
    cedar = NetworkBundle.objects.get(centre__code="CEDAR")
    assert cedar.document["format_version"] == 1
    report = network_report(start=START, end=END)
    assert report.centres == 3
    assert report.cohorts.centres == 0


def test_a_bundle_of_a_version_the_hub_does_not_read_is_refused_and_names_the_versions_it_reads(
    tmp_path, capsys
):
    path = write(tmp_path / "new.json", hand_bundle(_trust("ELM"), code="ELM", version=3))
    assert main(["network", "import", path]) == 2
    out = capsys.readouterr().out
    assert "format version 3" in out and "versions 1 and 2" in out and "Nothing was imported" in out
    assert not NetworkBundle.objects.exists()


def test_json_and_csv_carry_the_pooled_workshops_and_outcomes(hub, tmp_path, capsys):
    period = ["--start", START.isoformat(), "--end", END.isoformat()]
    output = tmp_path / "network.json"
    assert main(["report", "network", *period, "--format", "json", "--output", str(output)]) == 0
    data = json.loads(output.read_text())
    assert set(data) == {
        *("start", "end", "centres", "suppressed_cells", "students", "courses", "feedback"),
        *("workshops", "cohorts", "outcomes", "per_centre", "rates_across_centres", "fidelity", "notes"),
        "named",
    }, "the keys docs/network.md lists"
    assert data["workshops"] == {
        "centres": 2,
        "sessions": 60,
        "attendances": 450,
        "co_facilitated": 15,
        "co_facilitated_percent": 25.0,
    }
    assert data["cohorts"] == {"centres": 0, "cohorts": 0, "participants": 0, "completed": 0}
    assert data["outcomes"][1] == {
        "code": "wb",
        "name": "Questionnaire wb",
        "centres": 2,
        "pairs": 75,
        "baselines": 100,
        "followed_up_percent": 75.0,
        "reliably_improved": 30,
        "reliably_deteriorated": 0,
    }
    capsys.readouterr()
    assert main(["report", "network", *period, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["workshops", "co_facilitated_percent", "", "25.0"] in rows
    assert ["outcomes", "followed_up_percent", "wb", "75.0"] in rows


def test_the_report_page_shows_the_pooled_workshops_and_questionnaires(hub, client_for):
    page = (
        client_for("network_coordinator")
        .get(reverse("network:report"), {"start": START.isoformat(), "end": END.isoformat()})
        .content.decode()
    )
    assert "Co-facilitated by a peer and a clinician" in page and "15 of 60 (25.0%" in page
    assert "Questionnaire wb (wb)" in page and "75 (75.0%" in page
