import io

import pytest
from openpyxl import Workbook

from tests.factories import make_finished_run
from warp.cli import importer_for
from warp.core.imports import RowError
from warp.feedback.imports import import_feedback
from warp.feedback.models import Answer, FeedbackResponse
from warp.prospectus.models import Course, CourseRun, RunStatus, Term

HEADER = "term,course,submitted_on,would_attend_again,rating,helped,could_be_better,quote_consent\n"
GOOD = (
    HEADER
    + "Spring 2013,Recovery Narratives,2013-03-14,yes,5,Hearing others,More sessions,yes\n"
    + "Spring 2013,Recovery Narratives,21/03/2013,Not Sure,,The handouts,,no\n"
    + "spring 2013,recovery narratives,2013-02-28,NO,2,,Too short,No\n"
)


def _import(data: str | bytes, name: str = "feedback.csv", **options):
    options.setdefault("dry_run", False)
    options.setdefault("import_valid_rows", False)
    options.setdefault("imported_by", None)
    raw = data.encode() if isinstance(data, str) else data
    return import_feedback(raw, name, **options)


def test_feedback_importer_is_registered_for_the_cli():
    assert importer_for("feedback") is import_feedback


@pytest.mark.django_db
def test_rows_in_both_date_formats_are_imported_with_their_answers():
    report = _import(GOOD)
    assert (report.saved, report.created, report.errors) == (True, 3, [])
    saved = FeedbackResponse.objects.order_by("submitted_on")
    assert [str(r.submitted_on) for r in saved] == ["2013-02-28", "2013-03-14", "2013-03-21"]
    assert [(r.would_attend_again, r.rating, r.quote_consent) for r in saved] == [
        ("no", 2, False),
        ("yes", 5, True),
        ("not_sure", None, False),
    ]
    assert all(r.is_historic and r.source == "paper" for r in saved)
    assert sorted(Answer.objects.filter(question__code="helped").values_list("text", flat=True)) == [
        "Hearing others",
        "The handouts",
    ]
    assert Answer.objects.filter(response=saved[0], question__code="rating").get().rating == 2


@pytest.mark.django_db
def test_a_term_and_course_the_centre_does_not_have_are_made_historic_and_flagged():
    report = _import(GOOD)
    term = Term.objects.get()
    assert (term.name, term.is_historic, str(term.starts_on), str(term.ends_on)) == (
        "Spring 2013",
        True,
        "2013-02-28",
        "2013-03-21",
    )
    course = Course.objects.get()
    assert (course.title, course.is_historic) == ("Recovery Narratives", True)
    run = CourseRun.objects.get()
    # Historic runs stay out of the prospectus and out of booking: draft, no places, no sessions.
    assert (run.status, run.places, run.sessions.count()) == (RunStatus.DRAFT, 0, 0)
    assert {note.column for note in report.notes} == {"term", "course"}
    assert all(note.row == 2 for note in report.notes)
    assert "historic term" in report.notes[0].reason


@pytest.mark.django_db
def test_rows_for_a_run_the_centre_has_are_attached_to_it():
    run = make_finished_run(title="Peer Support Toolkit")
    report = _import(HEADER + f"{run.term.name.upper()},peer support toolkit,2013-05-01,yes,4,,,no\n")
    assert report.notes == []
    assert FeedbackResponse.objects.get().course_run == run
    assert not Term.objects.filter(is_historic=True).exists()


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    _import(GOOD)
    before = (
        FeedbackResponse.objects.count(),
        Answer.objects.count(),
        Term.objects.count(),
        CourseRun.objects.count(),
    )
    again = _import(GOOD)
    assert (again.saved, again.created, again.already_present) == (True, 0, 3)
    after = (
        FeedbackResponse.objects.count(),
        Answer.objects.count(),
        Term.objects.count(),
        CourseRun.objects.count(),
    )
    assert before == after == (3, 9, 1, 1)


@pytest.mark.django_db
def test_two_identical_forms_in_one_file_are_both_kept_but_only_once():
    same = "Spring 2013,Recovery Narratives,2013-03-14,yes,5,,,no\n"
    assert _import(HEADER + same + same).created == 2
    assert _import(HEADER + same + same).created == 0
    assert FeedbackResponse.objects.count() == 2


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_saved():
    data = (
        GOOD
        + ",Recovery Narratives,31/02/2013,maybe,7,,,perhaps\n"
        + "Spring 2013,,2099-01-01,yes,five,,,yes\n"
    )
    report = _import(data)
    assert not report.saved
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (5, "term"),
        (5, "submitted_on"),
        (5, "would_attend_again"),
        (5, "rating"),
        (5, "quote_consent"),
        (6, "course"),
        (6, "submitted_on"),
        (6, "rating"),
    }
    assert RowError(5, "would_attend_again", "Write yes, no or not sure.") in report.errors
    assert all(e.reason for e in report.errors)
    assert report.summary() == "Nothing imported: 2 of 5 rows have problems."
    assert not FeedbackResponse.objects.exists() and not Term.objects.exists() and not Course.objects.exists()


@pytest.mark.django_db
def test_valid_rows_are_imported_only_when_asked():
    data = GOOD + "Spring 2013,Recovery Narratives,not a date,yes,5,,,no\n"
    assert not _import(data).saved
    report = _import(data, import_valid_rows=True)
    assert (report.saved, report.created, report.rows_with_errors) == (True, 3, 1)
    assert FeedbackResponse.objects.count() == 3


@pytest.mark.django_db
def test_a_dry_run_checks_everything_and_saves_nothing():
    report = _import(GOOD, dry_run=True)
    assert (report.saved, report.errors, len(report.notes)) == (False, [], 2)
    assert report.summary() == "Checked 3 rows: 3 ready to import."
    assert not FeedbackResponse.objects.exists() and not Term.objects.exists()


@pytest.mark.django_db
def test_xlsx_files_are_imported():
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        ["Autumn 2012", "Early Warning Signs", datetime(2012, 11, 5), "Yes", 4.0, "Group", "", "yes"]
    )
    out = io.BytesIO()
    book.save(out)
    report = _import(out.getvalue(), "feedback.xlsx")
    assert (report.saved, report.created) == (True, 1)
    response = FeedbackResponse.objects.get()
    assert (str(response.submitted_on), response.rating, response.course_run.term.name) == (
        "2012-11-05",
        4,
        "Autumn 2012",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 60])
def test_import_queries_do_not_grow_with_rows(django_assert_max_num_queries, rows):
    lines = "".join(
        f"Term {n % 3},Course {n % 4},2013-01-{1 + n % 28:02d},yes,{1 + n % 5},said {n},,no\n"
        for n in range(rows)
    )
    # terms, courses, existing keys, savepoint; the prospectus's historic runs service (savepoint, terms,
    # courses, new terms, new courses, existing runs, new runs, their audit entries, release); responses,
    # questions, answers, and the savepoint release (bulk: a fixed number, never one per row)
    with django_assert_max_num_queries(19):
        report = _import(HEADER + lines)
    assert report.created == rows


@pytest.mark.django_db
def test_warp_import_feedback_reads_a_file_and_prints_the_report(tmp_path, capsys):
    from warp.cli import main

    path = tmp_path / "history.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", "feedback", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported 3 new, 0 already here." in out and "historic term" in out
    assert FeedbackResponse.objects.count() == 3


@pytest.mark.django_db
def test_a_run_the_import_makes_shows_at_once_on_the_prospectus_term_page_and_the_kept_term_report(
    client_for, personas, django_capture_on_commit_callbacks
):
    """The import makes its historic runs through the prospectus's service and bulk inserts; the kept
    pages see them at once, because the database's triggers count those writes like any other."""
    from django.urls import reverse

    from warp.audit.models import AuditEntry

    run = make_finished_run(title="Peer Support Toolkit")
    client = client_for("centre_manager")
    report_url = reverse("evaluation:term-report", args=[run.term.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert "Hearing Voices" not in client.get(report_url).content.decode()  # now kept
    day = run.term.starts_on.isoformat()
    _import(
        HEADER + f"{run.term.name},Hearing Voices,{day},yes,4,,,no\n", imported_by=personas["administrator"]
    )
    made = CourseRun.objects.get(course__title="Hearing Voices")
    assert (made.term, made.status, made.course.is_historic) == (run.term, RunStatus.DRAFT, True)
    with django_capture_on_commit_callbacks(execute=True):
        assert "Hearing Voices" in client.get(report_url).content.decode()
    term_page = client.get(reverse("prospectus:term-detail", args=[run.term.pk])).content.decode()
    assert "Hearing Voices" in term_page
    made_entries = AuditEntry.objects.filter(action="create", user=personas["administrator"])
    assert {entry.model for entry in made_entries} == {"prospectus.Course", "prospectus.CourseRun"}


def test_the_import_makes_runs_only_through_the_prospectus_service():
    from pathlib import Path

    import warp.feedback.imports as module

    source = Path(module.__file__).read_text()
    for write in ("Term.objects.bulk_create", "Course.objects.bulk_create", "CourseRun.objects.bulk_create"):
        assert write not in source
