"""The outcomes report and the service-use report against independent recounts in hand-written SQL, on a
generated centre (bench/outcomes_sql.py)."""

from datetime import date

import pytest

from bench.generate import BENCH_INSTRUMENT, generate
from bench.outcomes_sql import outcomes_as_plain, outcomes_sql, service_use_as_plain, service_use_sql
from warp.measures.models import Instrument, MeasureResponse
from warp.measures.queries import outcomes_report
from warp.service_use.models import ServiceUseAnswer
from warp.service_use.queries import service_use_report

TODAY = date(2026, 3, 2)
PERIODS = [(date(2020, 1, 1), TODAY), (date(2025, 1, 1), date(2025, 12, 31))]

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    generate(students=300, today=TODAY, quiet=True)


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_figure_of_the_outcomes_report_by_course_and_level_too_matches_the_hand_written_sql(
    centre, start, end
):
    instrument = Instrument.objects.get(code=BENCH_INSTRUMENT["code"])
    orm = outcomes_as_plain(outcomes_report(instrument=instrument, start=start, end=end))
    sql = outcomes_sql(instrument.code, start, end)
    assert orm == sql
    assert orm["pairs"] > 10 and orm["incomplete"] > 0 and orm["reliably_improved"] > 0
    assert len(orm["by_course"]) >= 2 and orm["by_level"]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_figure_of_the_service_use_report_matches_the_hand_written_sql(centre, start, end):
    orm = service_use_as_plain(service_use_report(start=start, end=end))
    assert orm == service_use_sql(start, end)
    assert orm["people"] > 5 and len(orm["services"]) == 5


def test_the_generator_gives_questionnaires_and_service_use_in_proportion(centre):
    responses = MeasureResponse.objects.count()
    assert 80 < responses < 300
    assert MeasureResponse.objects.filter(score__isnull=True).exists()
    assert 30 < ServiceUseAnswer.objects.count() < 150


def test_the_recount_and_the_report_both_follow_a_change_in_the_scores():
    """Every scored follow-up moved: the recount changes and the report still agrees with it."""
    generate(students=300, today=TODAY, quiet=True)
    instrument = Instrument.objects.get(code=BENCH_INSTRUMENT["code"])
    start, end = PERIODS[0]
    before = outcomes_sql(instrument.code, start, end)
    MeasureResponse.objects.filter(occasion="follow-up", score__isnull=False).update(score=30)
    after = outcomes_sql(instrument.code, start, end)
    assert after != before
    assert outcomes_as_plain(outcomes_report(instrument=instrument, start=start, end=end)) == after
