"""`warp import runs FILE`: past terms, courses and runs with their sessions and trainers (issue 16, item 5).

The report counts its attendance "term on term" since the pilot term of May 2012 (lines 920-922 and 951), so a
centre moving to WaRP brings those runs with it, as history that is never published."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import VenueFactory, make_trainer
from warp.cli import main
from warp.prospectus import services
from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, RunStatus, Session, Term

pytestmark = pytest.mark.django_db
HEADER = (
    "term,term_starts_on,term_ends_on,course,run,places,session_date,starts_at,ends_at,venue,"
    "peer_trainer,professional_trainer\n"
)


def _file(tmp_path, body: str, name: str = "runs.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


@pytest.fixture
def people():
    peer, professional = make_trainer("peer"), make_trainer("professional")
    VenueFactory(name="Poole Hub", locality="Poole")
    return peer, professional


def _good(peer, professional) -> str:
    return (
        f"Pilot 2012,2012-05-01,2012-07-31,Recovery Narratives,,12,2012-05-08,10:00,12:00,Poole Hub,"
        f"{peer.email},{professional.get_full_name()}\n"
        "Pilot 2012,,,Recovery Narratives,,12,15/05/2012,10:00,12:00,,,\n"
        "pilot 2012,,,Recovery Narratives,Bournemouth,,2012-05-09,13:30,15:30,,,\n"
    )


def test_runs_file_makes_historic_terms_courses_runs_sessions_and_trainers(tmp_path, capsys, people):
    """Lines 920-922: the pilot term of May 2012 onwards, brought in as it ran; both date formats read."""
    peer, professional = people
    assert main(["import", "runs", _file(tmp_path, _good(peer, professional))]) == 0
    out = capsys.readouterr().out
    assert "Imported 3 new, 0 already here." in out and "historic term" in out and "historic course" in out

    term = Term.objects.get(name="Pilot 2012")
    assert (term.is_historic, str(term.starts_on), str(term.ends_on)) == (True, "2012-05-01", "2012-07-31")
    assert Course.objects.get(title="Recovery Narratives").is_historic
    runs = CourseRun.objects.order_by("label")
    assert [(r.label, r.places, r.status, r.is_historic) for r in runs] == [
        ("", 12, RunStatus.DRAFT, True),
        ("Bournemouth", 0, RunStatus.DRAFT, True),
    ]
    sessions = Session.objects.filter(course_run=runs[0]).order_by("date")
    assert [(str(s.date), s.is_online, s.venue and s.venue.name) for s in sessions] == [
        ("2012-05-08", False, "Poole Hub"),
        ("2012-05-15", True, None),
    ]
    assert set(CourseRunTrainer.objects.values_list("trainer_id", "perspective")) == {
        (peer.pk, "peer"),
        (professional.pk, "professional"),
    }


def test_importing_the_same_runs_file_twice_adds_nothing(tmp_path, capsys, people):
    """Idempotent, so a centre can import its history again after fixing a row."""
    path = _file(tmp_path, _good(*people))
    assert main(["import", "runs", path]) == 0
    assert main(["import", "runs", path]) == 0
    assert "Imported 0 new, 3 already here." in capsys.readouterr().out
    assert (Session.objects.count(), CourseRun.objects.count(), CourseRunTrainer.objects.count()) == (3, 2, 2)


def test_a_file_with_problems_imports_nothing_and_says_row_column_and_reason(tmp_path, capsys, people):
    """Nothing from a file with errors unless asked; each problem names its row, column and reason."""
    peer, professional = people
    bad = (
        _good(peer, professional)
        + "Autumn 2012,,,Recovery Narratives,,,2012-10-02,10:00,12:00,,,\n"  # new term without dates
        + "Pilot 2012,,,Recovery Narratives,,,2012-05-22,25:00,12:00,,,\n"  # not a time
        + "Pilot 2012,,,Recovery Narratives,,,2012-05-29,10:00,12:00,Nowhere Hall,,\n"
        + "Pilot 2012,,,Recovery Narratives,,,2012-06-05,10:00,12:00,,Nobody Known,\n"
        + "Pilot 2012,,,Recovery Narratives,,,2012-09-05,10:00,12:00,,,\n"  # outside the term
        + "Pilot 2012,,,Recovery Narratives,,,2012-05-08,10:00,12:00,,,\n"  # the same session as row 2
    )
    path = _file(tmp_path, bad)
    assert main(["import", "runs", path]) == 1
    out = capsys.readouterr().out
    assert "Nothing imported: 6 of 9 rows have problems." in out
    assert "row 5, column term_starts_on: 'Autumn 2012' is not a term here yet" in out
    assert "row 6, column starts_at: '25:00' is not a time" in out
    assert "row 7, column venue: There is no venue called 'Nowhere Hall'" in out
    assert "row 8, column peer_trainer: No trainer account has the name or email 'Nobody Known'" in out
    assert "row 9, column session_date: 05/09/2012 is outside the term Pilot 2012" in out
    assert "row 10, column session_date: Row 2 is the same session" in out
    assert not Session.objects.exists() and not Term.objects.filter(name="Pilot 2012").exists()

    assert main(["import", "runs", path, "--import-valid-rows"]) == 1
    assert Session.objects.count() == 3


def test_a_historic_run_is_never_published(tmp_path, people):
    """Issue 16, item 5: history is kept for the reports, never offered in the prospectus."""
    assert main(["import", "runs", _file(tmp_path, _good(*people))]) == 0
    run = CourseRun.objects.get(label="")
    with pytest.raises(ValidationError, match="from the centre's history before WaRP"):
        services.course_run_publish(course_run=run, by=people[1])
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_a_dry_run_checks_every_row_and_saves_nothing(tmp_path, capsys, people):
    assert main(["import", "runs", _file(tmp_path, _good(*people)), "--dry-run"]) == 0
    assert "Checked 3 rows: 3 ready to import." in capsys.readouterr().out
    assert not CourseRun.objects.exists()
