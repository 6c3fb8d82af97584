"""`warp import attendance FILE`: register marks for past sessions, and the report recounting the past from
them (issue 16, item 5). The report's "attendance /dropout rates term on term are around 70%" (line 951) was
counted from registers like these; WaRP recounts them with today's definitions."""

from datetime import date

import pytest

from tests.factories import make_student, make_trainer
from warp.bookings.models import Attendance, Booking, BookingStatus
from warp.cli import main
from warp.evaluation.queries import evaluation_report

pytestmark = pytest.mark.django_db
RUNS = (
    "term,term_starts_on,term_ends_on,course,run,places,session_date,starts_at,ends_at,venue,"
    "peer_trainer,professional_trainer\n"
    "Spring 2013,2013-01-07,2013-04-05,Recovery Narratives,,10,2013-02-04,10:00,12:00,,,\n"
    "Spring 2013,,,Recovery Narratives,,10,2013-02-11,10:00,12:00,,,\n"
    "Spring 2013,,,Recovery Narratives,,10,2013-02-18,10:00,12:00,,,\n"
    "Spring 2013,,,Recovery Narratives,,10,2013-02-25,10:00,12:00,,,\n"
    "Spring 2013,,,Recovery Narratives,Weymouth,8,2013-03-04,14:00,16:00,,,\n"
)
HEADER = "registration_number,term,course,run,session_date,mark\n"


def _write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def history(tmp_path):
    make_trainer()
    assert main(["import", "runs", _write(tmp_path, "runs.csv", RUNS)]) == 0
    return [make_student() for _ in range(3)]


def _marks(students) -> str:
    """Student 0: present at all four (completed); student 1: present at one, then absent or apologies
    (started, dropped out); student 2: absent from both marked sessions (booked, never started)."""
    a, b, c = (s.registration_number for s in students)
    lines = [
        f"{a},Spring 2013,Recovery Narratives,,2013-02-04,present",
        f"{a},Spring 2013,Recovery Narratives,,11/02/2013,Present",
        f"{a},spring 2013,recovery narratives,,2013-02-18,present",
        f"{a},Spring 2013,Recovery Narratives,,25/02/2013,present",
        f"{b},Spring 2013,Recovery Narratives,,2013-02-04,present",
        f"{b},Spring 2013,Recovery Narratives,,2013-02-11,absent",
        f"{b},Spring 2013,Recovery Narratives,,2013-02-18,apologies",
        f"{c},Spring 2013,Recovery Narratives,,2013-02-04,absent",
        f"{c},Spring 2013,Recovery Narratives,,2013-02-11,absent",
        f"{c},Spring 2013,Recovery Narratives,Weymouth,2013-03-04,present",
    ]
    return HEADER + "\n".join(lines) + "\n"


def test_marks_make_booked_places_and_the_report_recounts_the_past_from_them(tmp_path, capsys, history):
    """Line 951 (attendance and dropout term on term): booked, started, completed, completion, dropout and
    attendance for a past term come from the imported raw marks, counted with today's definitions."""
    assert main(["import", "attendance", _write(tmp_path, "marks.csv", _marks(history))]) == 0
    assert "Imported 10 new, 0 already here." in capsys.readouterr().out
    assert (
        Booking.objects.filter(status=BookingStatus.BOOKED).count() == 4
    )  # three on one run, one on the other
    assert Attendance.objects.count() == 10

    courses = evaluation_report(start=date(2013, 1, 7), end=date(2013, 4, 5)).courses
    assert courses.runs == 2
    narratives = courses.total
    # Booked 4 (3 + 1); started 3 (a, b, and c on the Weymouth run); completed: a (4 of 4) and c on the
    # one-session Weymouth run (1 of 1); b came to 1 of 4, under half. Dropout (3 - 2) / 3; attendance: 6
    # present of 10 marks.
    assert (narratives.booked, narratives.started, narratives.completed) == (4, 3, 2)
    assert narratives.completion_percent == 50.0
    assert narratives.dropout_percent == round(100 / 3, 1)
    assert narratives.attendance_percent == 60.0
    assert [row.label for row in courses.by_term] == ["Spring 2013"]


def test_importing_the_same_marks_twice_adds_nothing(tmp_path, capsys, history):
    path = _write(tmp_path, "marks.csv", _marks(history))
    assert main(["import", "attendance", path]) == 0
    assert main(["import", "attendance", path]) == 0
    assert "Imported 0 new, 10 already here." in capsys.readouterr().out
    assert (Attendance.objects.count(), Booking.objects.count()) == (10, 4)


def test_a_file_with_problems_imports_nothing_and_says_row_column_and_reason(tmp_path, capsys, history):
    a = history[0].registration_number
    text = _marks(history) + "\n".join(
        [
            "REC-NOBODY,Spring 2013,Recovery Narratives,,2013-02-04,present",
            f"{a},Spring 2013,Hearing Voices,,2013-02-04,present",
            f"{a},Spring 2013,Recovery Narratives,,2013-02-05,present",
            f"{a},Spring 2013,Recovery Narratives,,2013-02-04,late",
            f"{a},Spring 2013,Recovery Narratives,,2013-02-04,absent",
        ]
    )
    path = _write(tmp_path, "marks.csv", text + "\n")
    assert main(["import", "attendance", path]) == 1
    out = capsys.readouterr().out
    assert "Nothing imported: 5 of 15 rows have problems." in out
    assert "row 12, column registration_number: No student has the registration number 'REC-NOBODY'" in out
    assert "row 13, column course: There is no past run of Hearing Voices in Spring 2013" in out
    assert (
        "row 14, column session_date: Recovery Narratives in Spring 2013 had no session on 05/02/2013" in out
    )
    assert "row 15, column mark: Write present, absent or apologies." in out
    assert "row 16, column registration_number: Row 2 marks the same student at the same session" in out
    assert not Attendance.objects.exists()

    assert main(["import", "attendance", path, "--import-valid-rows"]) == 1
    assert Attendance.objects.count() == 10


def test_a_different_mark_already_in_warp_is_never_overwritten(tmp_path, capsys, history):
    a = history[0].registration_number
    first = HEADER + f"{a},Spring 2013,Recovery Narratives,,2013-02-04,present\n"
    assert main(["import", "attendance", _write(tmp_path, "one.csv", first)]) == 0
    changed = HEADER + f"{a},Spring 2013,Recovery Narratives,,04/02/2013,absent\n"
    assert main(["import", "attendance", _write(tmp_path, "two.csv", changed)]) == 1
    assert "already marked present for this session in WaRP" in capsys.readouterr().out
    assert Attendance.objects.get().mark == "present"
