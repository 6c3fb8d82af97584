"""The demo's questionnaire part: an invented questionnaire, baselines and follow-ups that make a report."""

import random

import pytest

from tests.factories import book, make_finished_run, make_student, today
from warp.demo import DemoContext
from warp.demo import measures as demo_measures
from warp.measures.models import Instrument, MeasureResponse
from warp.measures.queries import outcomes_report

pytestmark = pytest.mark.django_db


def test_the_demo_questionnaire_makes_baselines_and_follow_ups_that_the_report_pairs():
    run = make_finished_run(session_days=(-60, -53), places=30)
    for _ in range(12):
        book(make_student(), run)
    demo_measures.build(DemoContext(rng=random.Random(2012), today=today()))
    instrument = Instrument.objects.get(code="hope-agency")
    assert instrument.show_scores_to_students
    assert MeasureResponse.objects.filter(occasion="baseline").count() == 12
    report = outcomes_report(instrument=instrument, start=today().replace(year=today().year - 1), end=today())
    assert report.baselines >= 10 and report.figures.pairs >= 5
    assert report.by_course and report.by_course[0].figures.pairs == report.figures.pairs


def test_the_demo_questionnaire_part_runs_alone_and_loads_only_the_questionnaire():
    demo_measures.build(DemoContext(rng=random.Random(2012), today=today()))
    demo_measures.build(DemoContext(rng=random.Random(2012), today=today()))  # again: nothing new
    assert Instrument.objects.count() == 1 and not MeasureResponse.objects.exists()
