"""The network report: pooled arithmetic against hand-computed figures, who sees which names, and a query
count that does not grow with the number of bundles."""

import csv
import io
import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.network.helpers import END, START, hand_bundle
from warp.cli import main
from warp.network import keys, services
from warp.network.pooling import network_report, pool, spread

pytestmark = pytest.mark.django_db
PERIOD = f"?start={START.isoformat()}&end={END.isoformat()}"

# Four centres, figures as their bundles carry them (already rounded; "*" suppressed).
CENTRES = {
    "ALDER": dict(
        name="Alder Recovery College",
        registered=40,
        by_identity=[("X", 30), ("Y", 10)],
        booked=50,
        started=45,
        completed=40,
        completion=80,
        answered=20,
        yes=18,
        again=90,
        fidelity=[("C1", 2), ("C2", 3)],
    ),
    "BIRCH": dict(
        name="Birch Recovery Education Centre",
        registered=100,
        by_identity=[("X", 60), ("Y", "*"), ("Z", 35)],
        booked=200,
        started=150,
        completed=120,
        completion=60,
        answered=50,
        yes=40,
        again=80,
        fidelity=[("C1", 4)],
    ),
    "CEDAR": dict(
        name="Cedar Recovery Academy",
        registered="*",
        by_identity=[("X", "*")],
        booked=10,
        started=10,
        completed="*",
        completion="*",
        answered=0,
        yes=0,
        again=None,
        fidelity=[("C1", 1), ("C2", 1)],
    ),
    "DAMSON": dict(
        name="Damson Recovery College",
        registered=60,
        booked=100,
        started=90,
        completed=90,
        completion=90,
        answered=40,
        yes=40,
        again=100,
    ),
}


def _hub(tmp_path, codes=CENTRES) -> None:
    for code in codes:
        key = Ed25519PrivateKey.generate()
        services.trust_set(code=code, public_key=keys.public_key_text(key.public_key()))
        services.bundle_import(text=json.dumps(hand_bundle(key, code=code, **CENTRES[code])))


@pytest.fixture
def hub(tmp_path):
    _hub(tmp_path)


def test_pooled_counts_are_sums_with_suppressed_cells_counted_as_nothing(hub):
    report = network_report(start=START, end=END)
    assert report.centres == 4
    assert report.students.registered == 40 + 100 + 0 + 60
    assert {r.label: r.count for r in report.students.by_identity} == {"X": 90, "Y": 10, "Z": 35}
    assert (report.courses.booked, report.courses.started, report.courses.completed) == (360, 295, 250)
    assert (report.feedback.answered, report.feedback.would_attend_again) == (110, 98)
    # Suppressed: Cedar's registered, Birch's Y, Cedar's X and Cedar's completed.
    assert report.suppressed_cells == 4
    assert "4 suppressed cells" in report.notes[0]


def test_pooled_rates_are_pooled_counts_over_pooled_totals_not_averages_of_percentages(hub):
    report = network_report(start=START, end=END)
    assert report.courses.completion_percent == 69.4  # 250 / 360; the centres' average would be 76.7
    assert report.feedback.would_attend_again_percent == 89.1  # 98 / 110; the average would be 90


def test_medians_and_quartiles_across_centres_leave_out_suppressed_rates(hub):
    across = network_report(start=START, end=END).rates_across_centres
    completion = across["completion_percent"]  # 60, 80, 90 (Cedar's is suppressed)
    assert (completion.centres, completion.lower_quartile, completion.median, completion.upper_quartile) == (
        3,
        70.0,
        80.0,
        85.0,
    )
    again = across["would_attend_again_percent"]  # 80, 90, 100 (Cedar had no answers)
    assert (again.lower_quartile, again.median, again.upper_quartile) == (85.0, 90.0, 95.0)
    assert (again.lowest, again.highest) == (80.0, 100.0)


def test_fidelity_by_component_across_centres(hub):
    fidelity = {row.code: row for row in network_report(start=START, end=END).fidelity}
    c1 = fidelity["C1"]  # levels 2, 4, 1
    assert (c1.centres, c1.lower_quartile, c1.median, c1.upper_quartile, c1.out_of) == (3, 1.5, 2.0, 3.0, 4)
    assert [(r.label, r.count) for r in c1.by_level] == [("1", 1), ("2", 1), ("3", 0), ("4", 1)]
    c2 = fidelity["C2"]  # levels 3, 1
    assert (c2.centres, c2.lower_quartile, c2.median, c2.upper_quartile) == (2, 1.5, 2.0, 2.5)


def test_spread_of_one_value_and_of_none():
    assert spread([]) == (None, None, None)
    assert spread([42.0]) == (42.0, 42.0, 42.0)


def test_only_bundles_for_exactly_the_period_are_pooled(hub):
    assert network_report(start=START, end=END.replace(day=29)).centres == 0


def test_json_has_the_documented_keys(hub, tmp_path, capsys):
    output = tmp_path / "network.json"
    args = ["report", "network", "--start", START.isoformat(), "--end", END.isoformat()]
    assert main([*args, "--format", "json", "--output", str(output)]) == 0
    data = json.loads(output.read_text())
    assert data["centres"] == 4
    assert data["students"]["registered"] == 200
    assert all(set(row) == {"label", "count"} for row in data["students"]["by_identity"])
    assert data["courses"]["booked"] == 360 and data["courses"]["completed"] == 250
    assert data["courses"]["completion_percent"] == 69.4
    assert data["feedback"]["answered"] == 110 and data["feedback"]["would_attend_again_percent"] == 89.1
    assert {"code", "name", "students_registered", "completion_percent", "would_attend_again_percent"} <= set(
        data["per_centre"][0]
    )
    assert [row["code"] for row in data["per_centre"]] == ["ALDER", "BIRCH", "CEDAR", "DAMSON"]
    assert data["rates_across_centres"]["completion_percent"]["median"] == 80.0
    assert {row["code"] for row in data["fidelity"]} == {"C1", "C2"}
    # The other formats render the same object.
    assert main([*args, "--format", "csv", "--output", str(tmp_path / "n.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "n.csv").read_text())))
    assert {r["measure"]: r["value"] for r in rows if r["section"] == "courses"}[
        "completion_percent"
    ] == "69.4"
    assert main([*args, "--format", "pdf", "--output", str(tmp_path / "n.pdf")]) == 0
    assert (tmp_path / "n.pdf").read_bytes().startswith(b"%PDF")
    assert main([*args, "--format", "html"]) == 0
    assert "Birch Recovery Education Centre" in capsys.readouterr().out


def test_a_coordinator_sees_every_centre_named(hub, client_for):
    page = client_for("network_coordinator").get(reverse("network:report") + PERIOD).content.decode()
    for details in CENTRES.values():
        assert details["name"] in page
    assert "69.4%" in page


def test_a_member_centres_manager_sees_only_their_own_centre_named(hub, client_for, settings):
    settings.WARP_NETWORK_CENTRE_CODE = "BIRCH"
    client = client_for("centre_manager")
    page = client.get(reverse("network:report") + PERIOD).content.decode()
    assert "Birch Recovery Education Centre (your centre)" in page
    for code in ("ALDER", "CEDAR", "DAMSON"):
        assert CENTRES[code]["name"] not in page and f"({code})" not in page
    assert "Centre A" in page and "Centre C" in page
    data = json.loads(client.get(reverse("network:report-json") + PERIOD).content)
    named = [row for row in data["per_centre"] if row["name"] != "" and row["code"]]
    assert [row["code"] for row in named] == ["BIRCH"]
    text = json.dumps(data)
    assert not any(CENTRES[code]["name"] in text or code in text for code in ("ALDER", "CEDAR", "DAMSON"))
    pooled = json.loads(
        client_for("network_coordinator").get(reverse("network:report-json") + PERIOD).content
    )
    assert data["courses"] == pooled["courses"], "the pooled figures are the same for both"


def test_a_centre_that_is_not_a_member_sees_no_figures(hub, client_for, settings):
    settings.WARP_NETWORK_CENTRE_CODE = "ELM"
    client = client_for("centre_manager")
    page = client.get(reverse("network:report") + PERIOD).content.decode()
    assert "not a member of a network" in page and "Alder" not in page
    assert client.get(reverse("network:report-json") + PERIOD).status_code == 404


def test_a_hub_that_is_a_member_knows_its_own_centre_by_its_key(hub, client_for, capsys, tmp_path):
    assert main(["network", "key"]) == 0
    own = capsys.readouterr().out.strip().splitlines()[-1]
    services.trust_set(code="HOME", public_key=own)
    page = client_for("centre_manager").get(reverse("network:report") + PERIOD).content.decode()
    assert "not a member" not in page  # its own bundle is not in, but it is a member


def test_the_report_page_query_count_does_not_grow_with_bundles(
    tmp_path, client_for, django_assert_max_num_queries
):
    _hub(tmp_path, ["ALDER"])
    client = client_for("network_coordinator")
    url = reverse("network:report") + PERIOD
    # Session and user (2), the periods held (1), the bundles with their centres (1); savepoints aside.
    with django_assert_max_num_queries(8) as few:
        assert client.get(url).status_code == 200
    _hub(tmp_path, ["BIRCH", "CEDAR", "DAMSON"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    member = client_for("centre_manager")
    with django_assert_max_num_queries(12):
        assert member.get(url).status_code == 200


counts = st.integers(min_value=0, max_value=5000)


@given(st.lists(st.tuples(counts, counts, st.sampled_from([0, 0, 1])), min_size=1, max_size=8))
def test_pooled_completion_is_the_sum_of_completions_over_the_sum_of_bookings(centres):
    """Whatever the centres' counts (some suppressed), the pooled rate is pooled completed over pooled booked,
    and lies between the lowest and highest centre's own rate worked out from the same counts."""
    key = Ed25519PrivateKey.generate()
    documents = []
    for n, (booked, completed, suppressed) in enumerate(centres):
        completed = min(completed, booked)
        shown = "*" if suppressed else completed
        documents.append((f"C{n}", f"C{n}", hand_bundle(key, code=f"C{n}", booked=booked, completed=shown)))
    report = pool(start=START, end=END, documents=documents)
    kept = [(b, 0 if s else min(c, b)) for b, c, s in centres]
    booked, completed = sum(b for b, _ in kept), sum(c for _, c in kept)
    assert report.courses.booked == booked and report.courses.completed == completed
    assert report.suppressed_cells == sum(s for _, _, s in centres)
    if booked:
        assert report.courses.completion_percent == round(100 * completed / booked, 1)
        rates = [100 * c / b for b, c in kept if b]
        assert min(rates) - 0.05 <= report.courses.completion_percent <= max(rates) + 0.05
    else:
        assert report.courses.completion_percent is None


def test_the_trusted_centres_page_query_count_does_not_grow_with_centres(
    client_for, django_assert_max_num_queries
):
    client = client_for("network_coordinator")
    _hub(None, ["ALDER"])
    # Session and user (2), the centres with their bundle counts (1).
    with django_assert_max_num_queries(6) as few:
        assert client.get(reverse("network:trust")).status_code == 200
    _hub(None, ["BIRCH", "CEDAR", "DAMSON"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("network:trust")).status_code == 200


def test_a_percentage_in_brackets_closes_its_bracket_without_a_space(hub, client_for):
    page = client_for("network_coordinator").get(reverse("network:report") + PERIOD).content.decode()
    assert "who answered (" in page
    assert not re.search(r"%\s+\)", page), "a percentage reads “91.4% )”"
