"""`warp import reviews FILE`: historic Learning Plan Reviews from a spreadsheet."""

import io
from datetime import date

import pytest

from tests.factories import make_student
from warp.cli import main as warp_main
from warp.core.imports import ImportFileError
from warp.students.models import LearningPlanReview
from warp.students.review_imports import import_reviews

pytestmark = pytest.mark.django_db

HEADER = "registration_number,review_date,changes,categories"


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(data: bytes, *, dry_run=False, import_valid_rows=False, filename="reviews.csv"):
    return import_reviews(
        data, filename, dry_run=dry_run, import_valid_rows=import_valid_rows, today=date(2014, 9, 1)
    )


@pytest.fixture
def ana():
    return make_student(first_name="Ana", last_name="Moss")


@pytest.fixture
def ben():
    return make_student(first_name="Ben", last_name="Hart")


def _codes(review) -> set[str]:
    return set(review.categories.values_list("code", flat=True))


def test_import_creates_historic_reviews_with_both_date_formats_and_labels_or_codes(ana, ben):
    data = csv_of(
        f'{ana.registration_number},2013-06-15,"I go to a group now, every week.",Social / community participation; empathy',
        f"{ben.registration_number.lower()},03/02/2014,Nothing much yet.,No change",
        f"{ben.registration_number},04/03/2014,I feel more hopeful.,",
    )
    report = run(data)
    assert (report.saved, report.created, report.errors) == (True, 3, [])
    first = LearningPlanReview.objects.get(student=ana)
    assert first.review_date == date(2013, 6, 15) and first.is_historic and first.is_coded
    assert first.changes == "I go to a group now, every week."
    assert _codes(first) == {"participation", "empathy"}
    nothing, hopeful = LearningPlanReview.objects.filter(student=ben).order_by("review_date")
    assert nothing.review_date == date(2014, 2, 3) and _codes(nothing) == {"no-change"}
    assert not hopeful.is_coded and list(LearningPlanReview.objects.uncoded()) == [hopeful]


def test_importing_the_same_file_twice_changes_nothing(ana):
    data = csv_of(f"{ana.registration_number},2013-06-15,I sleep better.,Improve self-management")
    run(data)
    before = list(LearningPlanReview.objects.values("pk", "coded_at", "updated_at"))
    again = run(data)
    assert (again.saved, again.created, again.already_present) == (True, 0, 1)
    assert list(LearningPlanReview.objects.values("pk", "coded_at", "updated_at")) == before


def test_every_bad_row_is_reported_with_its_column_and_nothing_is_saved(ana):
    data = csv_of(
        f"{ana.registration_number},2013-06-15,Good row.,empathy",
        "NOBODY-1,2013-06-15,Unknown student.,empathy",
        f"{ana.registration_number},31/02/2013,Bad date.,empathy",
        f"{ana.registration_number},2013-06-16,,empathy",
        f"{ana.registration_number},2013-06-17,Three.,empathy; employment; self-discovery",
        f"{ana.registration_number},2013-06-18,Mixed.,No change; empathy",
        f"{ana.registration_number},2013-06-19,Unknown.,Happiness",
        f"{ana.registration_number},2015-01-01,Future.,",
    )
    report = run(data)
    assert not report.saved and report.created == 0
    assert not LearningPlanReview.objects.exists()
    found = [(e.row, e.column) for e in report.errors]
    assert found == [
        (3, "registration_number"),
        (4, "review_date"),
        (5, "changes"),
        (6, "categories"),
        (7, "categories"),
        (8, "categories"),
        (9, "review_date"),
    ]
    reasons = {e.row: e.reason for e in report.errors}
    assert "NOBODY-1" in reasons[3] and "import the students first" in reasons[3]
    assert "at most 2" in reasons[6]
    assert "'No change' cannot be combined" in reasons[7]
    assert (
        "'Happiness'" in reasons[8] and "Improve self-management" in reasons[8] and "No change" in reasons[8]
    )


def test_import_valid_rows_saves_the_good_ones_only(ana):
    data = csv_of(
        f"{ana.registration_number},2013-06-15,Good row.,empathy",
        "NOBODY-1,2013-06-15,Unknown student.,empathy",
    )
    report = run(data, import_valid_rows=True)
    assert report.saved and report.created == 1 and report.rows_with_errors == 1
    assert LearningPlanReview.objects.get().changes == "Good row."


def test_a_dry_run_checks_but_saves_nothing(ana):
    report = run(csv_of(f"{ana.registration_number},2013-06-15,Good row.,empathy"), dry_run=True)
    assert report.dry_run and report.created == 1 and not report.saved
    assert not LearningPlanReview.objects.exists()


def test_the_same_review_twice_in_one_file_is_an_error(ana):
    row = f"{ana.registration_number},2013-06-15,Same words.,empathy"
    report = run(csv_of(row, row))
    assert [(e.row, e.column) for e in report.errors] == [(3, "changes")]
    assert "row 2" in report.errors[0].reason


def test_optional_columns_carry_courses_next_steps_and_quote_consent(ana):
    header = HEADER + ",courses_attended,next_steps,quote_consent"
    data = csv_of(
        f"{ana.registration_number},2013-06-15,I speak up more.,self-esteem,Recovery Narratives,Volunteer,yes",
        f"{ana.registration_number},2013-07-15,Still me.,,,,maybe",
        header=header,
    )
    report = run(data, import_valid_rows=True)
    assert [(e.row, e.column) for e in report.errors] == [(3, "quote_consent")]
    review = LearningPlanReview.objects.get()
    assert (review.courses_attended, review.next_steps, review.quote_consent) == (
        "Recovery Narratives",
        "Volunteer",
        True,
    )


def test_xlsx_files_are_read_too(ana):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Registration number", "Review date", "Changes", "Categories"])
    sheet.append([ana.registration_number, date(2013, 6, 15), "I can ask for help now.", "access-to-support"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(buffer.getvalue(), filename="reviews.xlsx")
    assert (report.saved, report.created, report.errors) == (True, 1, [])
    review = LearningPlanReview.objects.get()
    assert review.review_date == date(2013, 6, 15) and _codes(review) == {"access-to-support"}


def test_a_file_without_the_needed_columns_is_refused():
    with pytest.raises(ImportFileError, match="changes"):
        run(b"registration_number,review_date,categories\nX,2013-01-01,\n")


@pytest.mark.parametrize("how_many", [3, 30])
def test_import_queries_do_not_grow_with_rows(django_assert_max_num_queries, how_many):
    students = [make_student() for _ in range(how_many)]
    data = csv_of(*(f"{s.registration_number},2013-06-15,Words {n}.,empathy" for n, s in enumerate(students)))
    # categories, students by number, existing import keys, savepoint + insert of reviews, savepoint release,
    # insert of categories (and their savepoints on some databases)
    with django_assert_max_num_queries(9):
        report = run(data)
    assert report.created == how_many


def test_warp_import_reviews_on_the_command_line(ana, tmp_path, capsys):
    path = tmp_path / "reviews.csv"
    path.write_bytes(csv_of(f"{ana.registration_number},2013-06-15,I sleep better.,self-management"))
    assert warp_main(["import", "reviews", str(path)]) == 0
    assert "Imported 1 new" in capsys.readouterr().out
    assert LearningPlanReview.objects.filter(is_historic=True).count() == 1
