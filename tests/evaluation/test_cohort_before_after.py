"""The cohorts section's before/after figures: each questionnaire's pairs for the participants of the
intensive runs that met in the period, taken from the outcomes report (warp/measures), against a hand count.

Calm Check (tests/measures/factories.py): four items 1-5, item 2 reverse-scored, added up, higher is better;
reliable change threshold 5.54. Period: 60 days ago to today (both included). An intensive run "Living
Well with Bipolar" meets 30 and 10 days ago; a REC run "Finding Hope" 20 days ago.
- Ann (cohort): baseline 35 days ago = 8, follow-up 5 days ago = 16: change +8, reliably better.
- Ben (cohort): baseline 30 days ago = 20, follow-up 10 days ago = 8: change -12, reliably worse.
- Cat (cohort): a baseline only: no pair.
- Dan (REC run only): baseline 25 days ago = 8, follow-up 15 days ago = 20: a pair, but not a cohort's.
- Eve (cohort): baseline 70 days ago (before the period), follow-up 5 days ago: no pair in the period.
Calm Check: 2 pairs; mean before (8 + 20) / 2 = 14.0, after (16 + 8) / 2 = 12.0, change -2.0; 1 better,
1 worse. Hope Check, a second questionnaire nobody answered: 0 pairs, no means.
"""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import book, make_course, make_run, make_student
from tests.measures.factories import make_instrument, respond
from warp.evaluation.disclosure import DisclosureRule, for_commissioners
from warp.evaluation.exports import report_csv
from warp.evaluation.queries import cohort_before_after, evaluation_report
from warp.measures.models import Instrument, Occasion
from warp.prospectus.models import Level

pytestmark = pytest.mark.django_db
B, F = Occasion.BASELINE, Occasion.FOLLOW_UP
LOW, MID, HIGH = [2, 4, 2, 2], [3, 3, 3, 3], [5, 1, 5, 5]  # 8, 12, 20
CALM = {
    "questionnaire": "calm-check",
    "questionnaire_name": "Calm Check",
    "pairs": 2,
    "baseline_mean": 14.0,
    "follow_up_mean": 12.0,
    "mean_change": -2.0,
    "reliably_improved": 1,
    "reliably_deteriorated": 1,
}
HOPE = {
    "questionnaire": "hope-check",
    "questionnaire_name": "Hope Check",
    "pairs": 0,
    "baseline_mean": None,
    "follow_up_mean": None,
    "mean_change": None,
    "reliably_improved": 0,
    "reliably_deteriorated": 0,
}


def ago(days):
    return timezone.localdate() - timedelta(days=days)


def period():
    return {"start": ago(60).isoformat(), "end": ago(0).isoformat()}


@pytest.fixture
def cohort():
    calm = make_instrument()
    make_instrument(code="hope-check", name="Hope Check")
    run = make_run(
        course=make_course("Living Well with Bipolar", level=Level.INTENSIVE),
        session_days=[-30, -10],
        places=40,
    )
    rec = make_run(course=make_course("Finding Hope"), session_days=[-20])
    ann, ben, cat, dan, eve = (make_student(first_name=n) for n in ["Ann", "Ben", "Cat", "Dan", "Eve"])
    for person in (ann, ben, cat, eve):
        book(person, run)
    book(dan, rec)
    respond(ann, calm, ago(35), B, LOW)
    respond(ann, calm, ago(5), F, [4, 2, 4, 4])
    respond(ben, calm, ago(30), B, HIGH)
    respond(ben, calm, ago(10), F, LOW)
    respond(cat, calm, ago(30), B, MID)
    respond(dan, calm, ago(25), B, LOW)
    respond(dan, calm, ago(15), F, HIGH)
    respond(eve, calm, ago(70), B, LOW)
    respond(eve, calm, ago(5), F, HIGH)
    return run


def _report():
    p = period()
    return evaluation_report(start=date.fromisoformat(p["start"]), end=date.fromisoformat(p["end"]))


def test_before_after_counts_only_the_cohorts_participants_with_a_pair(cohort):
    rows = _report().cohorts.before_after
    assert [vars(row) for row in rows] == [CALM, HOPE]


def test_before_after_is_in_the_json_csv_and_page(cohort, client_for):
    client = client_for("centre_manager")
    data = json.loads(client.get(reverse("evaluation:report-json"), period()).content)
    assert data["cohorts"]["before_after"] == [CALM, HOPE]
    rows = list(csv.DictReader(io.StringIO(report_csv(_report()))))
    found = {(r["section"], r["measure"], r["group"]): r["value"] for r in rows}
    assert found[("cohorts.before_after", "pairs", "calm-check")] == "2"
    assert found[("cohorts.before_after", "baseline_mean", "calm-check")] == "14.0"
    assert found[("cohorts.before_after", "mean_change", "calm-check")] == "-2.0"
    assert found[("cohorts.before_after", "baseline_mean", "hope-check")] == ""
    page = client.get(reverse("evaluation:report"), period()).content.decode()
    assert "Before and after" in page and "Calm Check" in page and "14.0" in page
    pdf = client.get(reverse("evaluation:report-pdf"), period())
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_commissioners_get_the_before_after_figures_suppressed(cohort, client_for):
    safe = for_commissioners(_report(), DisclosureRule(threshold=7, base=5))
    calm, hope = safe.cohorts.before_after
    # 2 pairs is a small number, and means of 7 or fewer pairs are withheld.
    assert (calm.pairs, calm.baseline_mean, calm.follow_up_mean, calm.mean_change) == ("*", "*", "*", "*")
    assert (calm.reliably_improved, calm.reliably_deteriorated) == ("*", "*")
    assert (hope.pairs, hope.baseline_mean) == (0, None)  # nobody: nothing to hide
    data = json.loads(client_for("commissioner").get(reverse("evaluation:report-json"), period()).content)
    assert data["cohorts"]["before_after"][0]["baseline_mean"] == "*"
    assert "14.0" not in json.dumps(data["cohorts"])


def test_commissioners_see_means_of_more_than_seven_pairs(cohort):
    calm = cohort  # more participants, each with the same pair, make the group large enough to show
    instrument = Instrument.objects.get(code="calm-check")
    for _ in range(8):
        person = make_student()
        book(person, calm)
        respond(person, instrument, ago(30), B, MID)
        respond(person, instrument, ago(10), F, MID)
    safe = for_commissioners(_report(), DisclosureRule(threshold=7, base=5))
    row = safe.cohorts.before_after[0]
    # 10 pairs: before (8 + 20 + 8 x 12) / 10 = 12.4, after (16 + 8 + 8 x 12) / 10 = 12.0; 10 rounds to 10.
    assert (row.pairs, row.baseline_mean, row.follow_up_mean) == (10, 12.4, 12.0)


def test_the_before_after_queries_do_not_grow_with_participants(cohort, django_assert_max_num_queries):
    instrument = Instrument.objects.get(code="calm-check")

    def more(n):
        for _ in range(n):
            person = make_student()
            book(person, cohort)
            respond(person, instrument, ago(30), B, MID)
            respond(person, instrument, ago(10), F, HIGH)

    for n in (2, 20):
        more(n)
        # the questionnaires (1), then for each of the 2 the outcomes report's version, counts, pairs and
        # the paired students' runs (4 each)
        with django_assert_max_num_queries(9):
            cohort_before_after(start=ago(60), end=ago(0))
