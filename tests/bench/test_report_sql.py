"""The evaluation report against an independent recount in hand-written SQL, on a generated centre."""

import random
from datetime import date

import pytest
from django.utils import timezone

from bench.generate import generate
from bench.report_sql import report_as_plain, report_sql
from warp.demo import DemoContext
from warp.demo import reviews as demo_reviews
from warp.evaluation.queries import evaluation_report
from warp.students.models import LearningPlanReview

TODAY = date(2026, 3, 2)


def comparable(report: dict) -> dict:
    """Order-free where the order is only a matter of collation (course titles sort differently by database)."""
    report["courses"]["by_course"] = sorted(report["courses"]["by_course"])
    return report


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"), [(date(2024, 1, 1), TODAY), (date(2025, 9, 1), date(2025, 12, 31))]
)
def test_every_number_in_the_report_matches_the_hand_written_sql(start, end):
    generate(students=300, today=TODAY, quiet=True)
    demo_reviews.build(DemoContext(rng=random.Random(7), today=TODAY))
    assert LearningPlanReview.objects.exists()
    now = timezone.now()

    orm = comparable(report_as_plain(evaluation_report(start=start, end=end)))
    sql = comparable(report_sql(start, end, now))

    for section in ("students", "courses", "feedback", "reviews"):
        assert orm[section] == sql[section], section
    assert orm["courses"]["runs"] > 0 and orm["feedback"]["total"][1] > 0
