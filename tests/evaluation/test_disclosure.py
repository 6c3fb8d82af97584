from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.evaluation.factories import identity, student
from warp.evaluation.disclosure import DisclosureRule, for_commissioners
from warp.evaluation.queries import evaluation_report

RULE = DisclosureRule(threshold=7, base=5)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, "*"), (7, "*"), (8, 10), (12, 10), (13, 15), (1286, 1285), (1288, 1290)]
)
def test_small_counts_are_hidden_and_others_rounded_to_five(count, shown):
    assert RULE.count(count) == shown


@given(st.integers(min_value=8, max_value=10_000_000))
def test_rounded_counts_are_multiples_of_five_within_half_a_step(count):
    shown = RULE.count(count)
    assert shown % 5 == 0
    assert abs(shown - count) <= 2.5


@given(st.integers(min_value=1, max_value=7))
def test_every_count_from_one_to_seven_is_hidden(count):
    assert RULE.count(count) == "*"


@pytest.mark.django_db
def test_commissioner_version_hides_small_groups_and_keeps_the_staff_report_exact():
    carer = identity("Carer")
    for _ in range(3):
        student(registered_on=date(2014, 1, 1), identities=[carer], date_of_birth=date(1980, 1, 1))
    for _ in range(9):
        student(registered_on=date(2014, 1, 1), date_of_birth=date(1970, 1, 1))
    staff = evaluation_report(start=date(2014, 1, 1), end=date(2014, 6, 1))

    safe = for_commissioners(staff, RULE)

    assert staff.students.registered == 12 and safe.students.registered == 10
    counts = {row.label: row.count for row in safe.students.by_identity}
    assert counts["Carer"] == "*" and counts["Not provided"] == 10
    assert safe.students.age.min == "*" and safe.students.age.max == "*"
    assert safe.students.age.mean == staff.students.age.mean  # 12 people behind it: safe to show
    assert safe.suppressed and safe.notes
    assert {row.label: row.count for row in staff.students.by_identity}["Carer"] == 3


@pytest.mark.django_db
def test_mean_age_of_a_small_group_is_hidden_from_commissioners():
    student(registered_on=date(2014, 1, 1), date_of_birth=date(1980, 1, 1))
    safe = for_commissioners(evaluation_report(start=date(2014, 1, 1), end=date(2014, 6, 1)), RULE)
    assert safe.students.age.mean == "*"


# Issue 14, 2.15: rates from exact counts, as whole numbers, hidden when their denominator is 7 or fewer,
# and never a rate that cannot be true.
progress = st.integers(min_value=0, max_value=5000).flatmap(
    lambda booked: st.integers(min_value=0, max_value=booked).flatmap(
        lambda started: st.tuples(
            st.just(booked), st.just(started), st.integers(min_value=0, max_value=started)
        )
    )
)


def _row(booked, started, completed):
    from warp.evaluation.queries import ProgressRow

    return ProgressRow(
        label="x",
        booked=booked,
        started=started,
        completed=completed,
        completion_percent=None,
        dropout_percent=None,
        attendance_percent=None,
    )


def _commissioners_row(booked, started, completed):
    from warp.evaluation.queries import (
        AgeSummary,
        CoursesSection,
        EvaluationReport,
        FeedbackSection,
        Period,
        ReviewsSection,
        StudentsSection,
    )

    row = _row(booked, started, completed)
    report = EvaluationReport(
        period=Period(start=date(2014, 1, 1), end=date(2014, 6, 1)),
        students=StudentsSection(
            registered=0, by_identity=[], by_gender=[], age=AgeSummary(None, None, None, 0), by_term=[]
        ),
        courses=CoursesSection(runs=1, total=row, by_term=[], by_course=[]),
        feedback=FeedbackSection(
            responses=0, answered=0, would_attend_again_percent=None, average_rating=None, by_term=[]
        ),
        reviews=ReviewsSection(count=0, students=0, coded=0, by_category=[]),
    )
    return for_commissioners(report, RULE).courses.total


@given(progress)
def test_commissioner_rates_are_whole_numbers_from_exact_counts_hidden_for_seven_or_fewer(counts):
    booked, started, completed = counts
    row = _commissioners_row(booked, started, completed)
    for shown, part, whole in (
        (row.completion_percent, completed, booked),
        (row.dropout_percent, started - completed, started),
    ):
        if whole == 0:
            assert shown is None
        elif whole <= 7:
            assert shown == "*"
        else:
            assert isinstance(shown, int)
            assert abs(shown - 100 * part / whole) < 1  # within a point of the exact rate
            assert (shown == 100) == (part == whole) and (shown == 0) == (part == 0)


@given(progress)
@example((200, 200, 199))  # 99.5% completed and 0.5% dropped out: rounded half up, 100% beside 1%
def test_commissioners_never_see_full_completion_beside_a_dropout(counts):
    row = _commissioners_row(*counts)
    if row.completion_percent == 100:
        assert row.dropout_percent in (0, "*", None)
    if row.dropout_percent not in (0, "*", None):
        assert row.completion_percent != 100


def test_a_rate_that_rounds_to_a_whole_hundred_is_shown_as_99():
    row = _commissioners_row(250, 250, 249)  # 99.6% completed, 0.4% dropped out
    assert (row.completion_percent, row.dropout_percent) == (99, 1)


@pytest.mark.django_db
def test_the_commissioners_note_says_how_the_rates_shown_are_worked_out():
    safe = for_commissioners(evaluation_report(start=date(2014, 1, 1), end=date(2014, 6, 1)), RULE)
    note = " ".join(safe.notes)
    assert "worked out from the exact counts" in note and "rounded to whole numbers" in note
    assert "7 or fewer" in note
    assert "rounded counts shown" not in note
