"""The outcomes report against a hand-computed centre, through the command line and the pages.

Calm Check (tests/measures/factories.py): four items answered 1-5, item 2 reverse-scored (a counts as
6 - a), added up; higher is better; reliability 0.84, reference SD 5, clinical cut-off 12.
Reliable change threshold: 1.96 x 5 x sqrt(2 x 0.16) = 5.5437 -> 5.54.

Period 1 January to 1 June 2025 (both included):
- Ann: baseline 10 Jan [2,4,2,2] = 8; follow-up 1 Jun (the last day) [4,2,4,4] = 16. Change +8: reliably
  better; crosses the cut-off (8 is below 12, 16 is not).
- Ben: baselines 5 Jan [3,3,3,3] = 12 and 1 Feb [5,1,5,5] = 20 (the earliest counts: 12); follow-ups 1 Mar
  = 12 and 1 May [2,4,2,2] = 8 (the latest counts: 8). Change -4: no reliable change.
- Cat: baseline 1 Feb [5,1,5,5] = 20; follow-up 1 Apr [2,4,2,2] = 8. Change -12: reliably worse.
- Dan: baseline 1 Mar = 12; follow-up 1 May with item 2 unanswered: incomplete, so no pair.
- Eve: a follow-up only (1 Apr = 12).
- Fay: baseline and follow-up on the same day (1 May): the follow-up is not after the baseline, no pair.
- Gus: baseline 31 Dec 2024 (before the period), follow-up 1 Feb = 12: no baseline in the period.
- Hal: baseline 1 Mar, follow-up 2 Jun (after the period): no pair.

responses (scored, in the period) = Ann 2 + Ben 4 + Cat 2 + Dan 1 + Eve 1 + Fay 2 + Gus 1 + Hal 1 = 14;
incomplete = 1 (Dan); baselines = Ann, Ben, Cat, Dan, Fay, Hal = 6; pairs = Ann, Ben, Cat = 3;
followed up = 3 / 6 = 50.0%.
baseline mean (8 + 12 + 20) / 3 = 13.33; follow-up mean (16 + 8 + 8) / 3 = 10.67; mean change -8/3 = -2.67.
SD of baselines 8, 12, 20 (n - 1): sqrt(74.667 / 2) = 6.110; effect size -2.667 / 6.110 = -0.44.
By course: Ann and Cat had places on Finding Hope (session 1 March, inside both their windows); Ben on Sleep
Well (session 10 June, after his follow-up: not counted). Finding Hope: 2 pairs, baseline mean 14.00,
follow-up mean 12.00, change -2.00, effect size -2 / 8.485 = -0.24, 1 better, 1 worse.
"""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import book, make_student
from tests.measures.factories import make_instrument, respond, run_with_session_on
from warp.cli import main
from warp.measures.models import Occasion
from warp.measures.queries import outcomes_report

B, F = Occasion.BASELINE, Occasion.FOLLOW_UP
START, END = date(2025, 1, 1), date(2025, 6, 1)
PERIOD = "?instrument=calm-check&start=2025-01-01&end=2025-06-01"

EXPECTED = {
    "responses": 14,
    "incomplete": 1,
    "baselines": 6,
    "pairs": 3,
    "followed_up_percent": 50.0,
    "baseline_mean": 13.33,
    "follow_up_mean": 10.67,
    "mean_change": -2.67,
    "effect_size": -0.44,
    "reliable_change_threshold": 5.54,
    "reliably_improved": 1,
    "reliably_deteriorated": 1,
    "no_reliable_change": 1,
    "crossed_clinical_cutoff": 1,
}
LOW, MID, HIGH = [2, 4, 2, 2], [3, 3, 3, 3], [5, 1, 5, 5]  # 8, 12, 20


@pytest.fixture
def centre(db):
    calm = make_instrument()
    people = {
        name: make_student(first_name=name)
        for name in ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal"]
    }
    ann, ben, cat, dan, eve, fay, gus, hal = people.values()
    respond(ann, calm, date(2025, 1, 10), B, LOW)
    respond(ann, calm, date(2025, 6, 1), F, [4, 2, 4, 4])
    respond(ben, calm, date(2025, 1, 5), B, MID)
    respond(ben, calm, date(2025, 2, 1), B, HIGH)
    respond(ben, calm, date(2025, 3, 1), F, MID)
    respond(ben, calm, date(2025, 5, 1), F, LOW)
    respond(cat, calm, date(2025, 2, 1), B, HIGH)
    respond(cat, calm, date(2025, 4, 1), F, LOW)
    respond(dan, calm, date(2025, 3, 1), B, MID)
    respond(dan, calm, date(2025, 5, 1), F, [3, None, 3, 3])
    respond(eve, calm, date(2025, 4, 1), F, MID)
    respond(fay, calm, date(2025, 5, 1), B, LOW)
    respond(fay, calm, date(2025, 5, 1), F, [4, 2, 4, 4])
    respond(gus, calm, date(2024, 12, 31), B, LOW)
    respond(gus, calm, date(2025, 2, 1), F, MID)
    respond(hal, calm, date(2025, 3, 1), B, LOW)
    respond(hal, calm, date(2025, 6, 2), F, HIGH)
    hope = run_with_session_on(date(2025, 3, 1), "Finding Hope")
    book(ann, hope)
    book(cat, hope)
    book(ben, run_with_session_on(date(2025, 6, 10), "Sleep Well"))
    return {"instrument": calm, **people}


def _json_from_cli(capsys, *extra: str) -> dict:
    code = main(
        [
            "report",
            "outcomes",
            "--instrument",
            "calm-check",
            "--start",
            "2025-01-01",
            "--end",
            "2025-06-01",
            "--format",
            "json",
            *extra,
        ]
    )
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_every_figure_matches_the_hand_count(centre):
    data = outcomes_report(instrument=centre["instrument"], start=START, end=END).to_dict()
    assert {key: data[key] for key in EXPECTED} == EXPECTED


def test_the_command_line_json_has_exactly_the_issues_keys_and_the_hand_counted_values(centre, capsys):
    data = _json_from_cli(capsys)
    assert list(data) == [
        "instrument",
        "start",
        "end",
        *EXPECTED,
        "by_course",
        "by_level",
    ]
    assert {key: data[key] for key in EXPECTED} == EXPECTED
    assert data["by_course"] == [
        {
            "label": "Finding Hope",
            "pairs": 2,
            "baseline_mean": 14.0,
            "follow_up_mean": 12.0,
            "mean_change": -2.0,
            "effect_size": -0.24,
            "reliably_improved": 1,
            "reliably_deteriorated": 1,
            "no_reliable_change": 0,
            "crossed_clinical_cutoff": 1,
        }
    ]
    assert [row["label"] for row in data["by_level"]] and data["by_level"][0]["pairs"] == 2


def test_csv_html_and_pdf_from_the_command_line_carry_the_same_numbers(centre, capsys, tmp_path):
    data = _json_from_cli(capsys)
    assert (
        main(
            [
                "report",
                "outcomes",
                "--instrument",
                "calm-check",
                "--start",
                "2025-01-01",
                "--end",
                "2025-06-01",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    outcomes = {row["measure"]: row["value"] for row in rows if row["section"] == "outcomes"}
    for key in EXPECTED:
        assert outcomes[key] == str(data[key]), key
    html_file = tmp_path / "outcomes.html"
    assert (
        main(
            [
                "report",
                "outcomes",
                "--instrument",
                "calm-check",
                "--start",
                "2025-01-01",
                "--end",
                "2025-06-01",
                "--output",
                str(html_file),
            ]
        )
        == 0
    )
    html = html_file.read_text()
    for shown in ["13.33", "10.67", "-2.67", "-0.44", "5.54", "50.0%", "Finding Hope"]:
        assert shown in html
    pdf_file = tmp_path / "outcomes.pdf"
    assert (
        main(
            [
                "report",
                "outcomes",
                "--instrument",
                "calm-check",
                "--start",
                "2025-01-01",
                "--end",
                "2025-06-01",
                "--format",
                "pdf",
                "--output",
                str(pdf_file),
            ]
        )
        == 0
    )
    assert pdf_file.read_bytes().startswith(b"%PDF")


def test_the_command_line_says_what_to_do_with_an_unknown_code_or_no_instrument(centre, capsys):
    assert (
        main(["report", "outcomes", "--instrument", "nope", "--start", "2025-01-01", "--end", "2025-06-01"])
        == 2
    )
    assert "calm-check" in capsys.readouterr().out
    assert main(["report", "outcomes", "--start", "2025-01-01", "--end", "2025-06-01"]) == 2
    assert "--instrument CODE" in capsys.readouterr().out


def test_the_page_json_and_csv_show_the_same_report(centre, client_for):
    client = client_for("centre_manager")
    data = json.loads(client.get(reverse("measures:outcomes-json") + PERIOD).content)
    assert {key: data[key] for key in EXPECTED} == EXPECTED
    rows = csv.DictReader(io.StringIO(client.get(reverse("measures:outcomes-csv") + PERIOD).content.decode()))
    outcomes = {row["measure"]: row["value"] for row in rows if row["section"] == "outcomes"}
    assert outcomes["mean_change"] == "-2.67"
    page = client.get(reverse("measures:outcomes") + PERIOD).content.decode()
    for shown in ["13.33", "10.67", "-2.67", "-0.44", "5.54", "50.0%", "data:image/svg+xml", "Finding Hope"]:
        assert shown in page
    pdf = client.get(reverse("measures:outcomes-pdf") + PERIOD)
    assert pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    for key in ("baseline_mean", "follow_up_mean", "mean_change", "effect_size", "reliable_change_threshold"):
        assert str(data[key]) in text, key
    assert "Reliably better 1" in text and "Finding Hope" in text


def test_commissioners_get_only_the_suppressed_report_in_every_format(centre, client_for):
    client = client_for("commissioner")
    data = json.loads(client.get(reverse("measures:outcomes-json") + PERIOD).content)
    # 3 pairs and 6 baselines are small numbers: counts and means show as *.
    assert data["pairs"] == "*" and data["baselines"] == "*" and data["baseline_mean"] == "*"
    assert data["followed_up_percent"] == "*"
    assert data["responses"] == 15  # 14 rounded to the nearest 5
    page = client.get(reverse("measures:outcomes") + PERIOD).content.decode()
    assert "shown as *" in page and "13.33" not in page and "data:image/svg+xml" not in page
    rows = csv.DictReader(io.StringIO(client.get(reverse("measures:outcomes-csv") + PERIOD).content.decode()))
    assert {row["measure"]: row["value"] for row in rows if row["section"] == "outcomes"}["pairs"] == "*"


def test_a_period_with_its_dates_the_wrong_way_round_is_explained(centre, client_for):
    client = client_for("centre_manager")
    page = client.get(reverse("measures:outcomes") + "?instrument=calm-check&start=2025-06-01&end=2025-01-01")
    assert "The last day must be on or after the first day" in page.content.decode()
    assert (
        client.get(reverse("measures:outcomes-json") + "?instrument=calm-check&start=x&end=y").status_code
        == 400
    )


def test_the_report_page_query_count_does_not_grow_with_responses(
    centre, client_for, django_assert_max_num_queries
):
    client = client_for("centre_manager")
    client.get(reverse("measures:outcomes") + PERIOD)  # warm the session and the chart's fonts

    def count() -> int:
        from tests.downloads import queries_for

        return queries_for(
            client,
            reverse("measures:outcomes"),
            {"instrument": "calm-check", "start": "2025-01-01", "end": "2025-06-01"},
        )

    before = count()
    for _ in range(6):
        student = make_student()
        respond(student, centre["instrument"], date(2025, 2, 1), B, MID)
        respond(student, centre["instrument"], date(2025, 4, 1), F, HIGH)
    assert count() == before
    # Signed-in request (session, user, roles), whether any questionnaire exists, the form's
    # questionnaire, the version, the counts, the pairs and the paired students' runs.
    with django_assert_max_num_queries(12):
        client.get(reverse("measures:outcomes") + PERIOD)


def test_erasing_a_student_leaves_the_report_unchanged_and_their_answers_gone(centre):
    from tests.factories import manager
    from warp.privacy.services import student_erase

    before = outcomes_report(instrument=centre["instrument"], start=START, end=END).to_dict()
    student_erase(student=centre["Ann"], by=manager(), basis="Their request")
    after = outcomes_report(instrument=centre["instrument"], start=START, end=END).to_dict()
    assert after == before
    assert list(centre["Ann"].measure_responses.values_list("answers", flat=True)) == [[], []]
