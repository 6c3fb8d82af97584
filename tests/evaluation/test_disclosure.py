from datetime import date

import pytest
from hypothesis import given
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
