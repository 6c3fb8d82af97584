"""`warp import plans FILE`: learning plans agreed before WaRP (issue 16, item 5). The report: "People
wishing to attend must register and complete an Individual Learning Plan (ILP)" (line 916); a centre moving
to WaRP brings the plans its students already agreed."""

from datetime import date

import pytest

from tests.factories import make_student
from warp.cli import main
from warp.students.models import LearningPlan, StudentStatus
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db
HEADER = "registration_number,agreed_on,review_date,goals\n"


def _write(tmp_path, text: str, name: str = "plans.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return str(path)


def test_plans_are_imported_in_both_date_formats_and_the_student_may_book(tmp_path, capsys):
    """Line 916: a plan agreed is what lets a student attend; a student waiting for one becomes active."""
    waiting = make_student(status=StudentStatus.AWAITING_PLAN)
    other = make_student(status=StudentStatus.AWAITING_PLAN)
    text = (
        f"{waiting.registration_number},2013-03-14,2013-09-14,To feel less alone and try a course\n"
        f"{other.registration_number.lower()},21/03/2013,,To go back to volunteering\n"
    )
    assert main(["import", "plans", _write(tmp_path, text)]) == 0
    assert "Imported 2 new, 0 already here." in capsys.readouterr().out
    plan = LearningPlan.objects.get(student=waiting)
    assert (plan.agreed_on, plan.review_date, plan.hopes_and_goals, plan.agreed_by) == (
        date(2013, 3, 14),
        date(2013, 9, 14),
        "To feel less alone and try a course",
        None,
    )
    assert LearningPlan.objects.get(student=other).agreed_on == date(2013, 3, 21)
    waiting.refresh_from_db()
    assert waiting.status == StudentStatus.ACTIVE


def test_importing_the_same_plans_twice_adds_nothing(tmp_path, capsys):
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    path = _write(tmp_path, f"{student.registration_number},14/03/2013,,To feel less alone\n")
    assert main(["import", "plans", path]) == 0
    assert main(["import", "plans", path]) == 0
    assert "Imported 0 new, 1 already here." in capsys.readouterr().out
    assert LearningPlan.objects.count() == 1


def test_a_file_with_problems_imports_nothing_and_says_row_column_and_reason(tmp_path, capsys, personas):
    fresh = make_student(status=StudentStatus.AWAITING_PLAN)
    agreed = make_student(status=StudentStatus.AWAITING_PLAN)
    learning_plan_agree(student=agreed, agreed_by=personas["admissions_tutor"], hopes_and_goals="To rest.")
    text = (
        f"{fresh.registration_number},2013-03-14,,To feel less alone\n"
        "REC-NOBODY,2013-03-14,,Someone\n"
        f"{fresh.registration_number},2013-04-01,,A second plan\n"
        f"{agreed.registration_number},2013-03-14,,An older plan\n"
        f"{fresh.registration_number},14-03-2013,2012-01-01,\n"
    )
    path = _write(tmp_path, text)
    assert main(["import", "plans", path]) == 1
    out = capsys.readouterr().out
    assert "Nothing imported: 4 of 5 rows have problems." in out
    assert "row 3, column registration_number: No student has the registration number 'REC-NOBODY'" in out
    assert "row 4, column registration_number: Row 2 is this student's plan too" in out
    assert "row 5, column agreed_on: " in out and "already has a learning plan in WaRP" in out
    assert "row 6, column agreed_on: '14-03-2013' is not a date we can read" in out
    assert "row 6, column goals: Write the student's hopes and goals" in out
    assert not LearningPlan.objects.filter(student=fresh).exists()
    assert LearningPlan.objects.get(student=agreed).hopes_and_goals == "To rest."  # never replaced

    assert main(["import", "plans", path, "--import-valid-rows"]) == 1
    assert LearningPlan.objects.get(student=fresh).hopes_and_goals == "To feel less alone"
