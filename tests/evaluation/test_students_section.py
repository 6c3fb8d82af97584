from datetime import date

import pytest

from tests.evaluation.factories import identity, student, term
from warp.evaluation.queries import MULTIPLE_IDENTITIES, NOT_PROVIDED, evaluation_report

pytestmark = pytest.mark.django_db
END = date(2014, 8, 7)


def _counts(rows):
    return {row.label: row.count for row in rows}


def test_student_with_two_identities_counts_once_under_multiple():
    secondary, carer, other = identity("Secondary care"), identity("Carer"), identity("Other")
    student(registered_on=date(2013, 1, 1), identities=[secondary, carer])
    student(registered_on=date(2013, 1, 1), identities=[secondary])
    student(registered_on=date(2013, 1, 1), identities=[])
    student(registered_on=date(2013, 1, 1), identities=[carer, other, secondary])

    section = evaluation_report(start=date(2013, 1, 1), end=END).students

    assert section.registered == 4
    counts = _counts(section.by_identity)
    mine = {
        label: counts[label]
        for label in ["Secondary care", "Carer", "Other", MULTIPLE_IDENTITIES, NOT_PROVIDED]
    }
    assert mine == {"Secondary care": 1, "Carer": 0, "Other": 0, MULTIPLE_IDENTITIES: 2, NOT_PROVIDED: 1}
    assert sum(counts.values()) == section.registered  # the seeded identities nobody chose show as 0


def test_students_registered_after_the_period_are_left_out():
    student(registered_on=END)
    student(registered_on=date(2014, 8, 8))
    assert evaluation_report(start=date(2014, 1, 1), end=END).students.registered == 1


def test_age_is_taken_on_the_last_day_of_the_period():
    student(registered_on=END, date_of_birth=date(1996, 8, 7))  # 18 that very day (and able to register)
    student(registered_on=date(2013, 1, 1), date_of_birth=date(1990, 8, 8))  # 24 tomorrow, so 23
    student(registered_on=date(2013, 1, 1), date_of_birth=date(1930, 2, 1))  # 84
    student(registered_on=date(2013, 1, 1), date_of_birth=None, confirmed_over_18=True)

    age = evaluation_report(start=date(2013, 1, 1), end=END).students.age

    assert (age.min, age.max, age.not_provided) == (18, 84, 1)
    assert age.mean == round((18 + 23 + 84) / 3, 1) == 41.7


def test_age_of_a_leap_day_birthday_in_a_common_year():
    student(registered_on=date(2013, 1, 1), date_of_birth=date(1992, 2, 29))
    assert evaluation_report(start=date(2013, 1, 1), end=date(2014, 2, 28)).students.age.max == 21
    assert evaluation_report(start=date(2013, 1, 1), end=date(2014, 3, 1)).students.age.max == 22


def test_no_students_gives_empty_age_not_an_error():
    section = evaluation_report(start=date(2014, 1, 1), end=END).students
    assert section.registered == 0
    assert (section.age.mean, section.age.min, section.age.max, section.age.not_provided) == (
        None,
        None,
        None,
        0,
    )


def test_gender_counts_include_not_provided():
    student(registered_on=date(2013, 1, 1), gender="woman")
    student(registered_on=date(2013, 1, 1), gender="woman")
    student(registered_on=date(2013, 1, 1), gender="man")
    student(registered_on=date(2013, 1, 1), gender="")
    counts = _counts(evaluation_report(start=date(2013, 1, 1), end=END).students.by_gender)
    assert counts["Woman"] == 2 and counts["Man"] == 1 and counts["Not provided"] == 1


def test_registrations_grow_term_by_term():
    pilot = term("Pilot, summer 2012", date(2012, 5, 1), date(2012, 7, 31))
    autumn = term("Autumn 2012", date(2012, 9, 1), date(2012, 12, 15))
    term("Spring 2015", date(2015, 1, 5), date(2015, 4, 1))  # after the period: not shown
    for day in [date(2012, 5, 2), date(2012, 7, 31), date(2012, 8, 20), date(2012, 10, 1), date(2013, 1, 1)]:
        student(registered_on=day)

    rows = evaluation_report(start=date(2012, 1, 1), end=END).students.by_term

    assert [(r.term, r.new, r.registered_by_end) for r in rows] == [
        (pilot.name, 2, 2),
        (autumn.name, 2, 4),  # the August registration counts towards the autumn term
    ]


def test_on_sqlite_the_students_pass_reads_the_table_straight_through():
    """Not through the registered_on index: a report ending today matches nearly every student."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from warp.evaluation.queries import students_section

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner only")
    student(registered_on=date(2013, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        students_section(end=END)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + queries.captured_queries[-1]["sql"])
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SCAN students_student" in plan and "student_registered_on" not in plan, plan
