"""Import second codings of Learning Plan Reviews (`warp import review-codes FILE`), for a centre's history.

Each row names a review by its student's registration number and the review's date (a row matching no
review, or more than one, is refused), who made the second coding (free text) and its categories, with
the first coding's rules (at most two, 'No change' on its own; warp/students/review_imports.py parses
them). The review's coding at the time of the import is kept as the first coding. A review that already
has this second coding is "already here", so importing the same file twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.students.models import LearningPlanReview, OutcomeCategory, ReviewSecondCoding
from warp.students.review_imports import BATCH, category_lookup, parse_categories, students_by_number

COLUMNS = ["registration_number", "review_date", "coder", "categories"]
REQUIRED_COLUMNS = set(COLUMNS)


@dataclass
class _Row:
    number: int
    registration_number: str = ""
    review_date: date | None = None
    coder: str = ""
    categories: list[OutcomeCategory] = field(default_factory=list)
    review_id: int | None = None


def _parse_row(
    number: int, cells: dict[str, str], *, categories: dict[str, OutcomeCategory], allowed: str
) -> tuple[_Row, list[RowError]]:
    row = _Row(number=number)
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    row.registration_number = cells.get("registration_number", "").strip()
    if not row.registration_number:
        error("registration_number", "This is needed: the registration number of the student reviewed.")
    when = cells.get("review_date", "").strip()
    if not when:
        error("review_date", "This is needed: the date of the review. Use YYYY-MM-DD or DD/MM/YYYY.")
    else:
        row.review_date = parse_date(when)
        if row.review_date is None:
            error("review_date", f"'{when}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
    row.coder = cells.get("coder", "").strip()
    if not row.coder:
        error("coder", "This is needed: who made the second coding (a name or initials).")
    elif len(row.coder) > 120:
        error("coder", "This is too long: keep it to 120 characters (a name or initials).")
    row.categories, problem = parse_categories(cells.get("categories", ""), categories, allowed)
    if problem:
        error("categories", problem)
    elif not row.categories:
        error(
            "categories",
            "This is needed: the second coder's categories. If they saw no change, use No change.",
        )
    return row, errors


def _reviews_by_student_and_date(student_ids: set[int]) -> dict[tuple[int, date], list[Any]]:
    """(student pk, review date) -> the reviews held that day, with what the import checks (one query per 500)."""
    found: dict[tuple[int, date], list[Any]] = {}
    ids = sorted(student_ids)
    for start in range(0, len(ids), BATCH):
        for review in (
            LearningPlanReview.objects.filter(student_id__in=ids[start : start + BATCH])
            .order_by("pk")
            .values("pk", "student_id", "review_date", "coded_at", "student__erasure")
        ):
            found.setdefault((review["student_id"], review["review_date"]), []).append(review)
    return found


def _categories_of(through, owner: str, owners: list[int]) -> dict[int, set[int]]:
    """owner pk -> its category pks, from one many-to-many table (one query per 500 owners)."""
    found: dict[int, set[int]] = {pk: set() for pk in owners}
    for start in range(0, len(owners), BATCH):
        for owner_id, category_id in through.objects.filter(
            **{f"{owner}__in": owners[start : start + BATCH]}
        ).values_list(owner, "outcomecategory_id"):
            found[owner_id].add(category_id)
    return found


def import_review_codes(
    data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by=None
) -> ImportReport:
    """Check every row, then (unless a dry run, or rows have errors and import_valid_rows is off) save.

    Raises warp.core.imports.ImportFileError when the file as a whole cannot be read.
    """
    table = read_table(data, filename, REQUIRED_COLUMNS)
    report = ImportReport.for_table("review-codes", table, dry_run=dry_run)
    categories, allowed = category_lookup()
    parsed: list[_Row] = []
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells, categories=categories, allowed=allowed)
        report.errors.extend(errors)
        parsed.append(row)

    students = students_by_number(
        {row.registration_number.upper() for row in parsed if row.registration_number}
    )
    reviews = _reviews_by_student_and_date(set(students.values()))
    rows_with_errors = {error.row for error in report.errors}
    matched: list[_Row] = []
    for row in parsed:
        if not row.registration_number:
            continue
        student_id = students.get(row.registration_number.upper())
        if student_id is None:
            report.errors.append(
                RowError(
                    row.number,
                    "registration_number",
                    f"No student has the registration number '{row.registration_number}'. "
                    "Check it, or import the students first.",
                )
            )
            continue
        if row.review_date is None:
            continue
        held = reviews.get((student_id, row.review_date), [])
        day = f"{row.review_date.day} {row.review_date:%B %Y}"
        if not held:
            report.errors.append(
                RowError(
                    row.number,
                    "review_date",
                    f"'{row.registration_number}' has no review on {day}. Check the date, or import the "
                    "reviews first.",
                )
            )
        elif len(held) > 1:
            report.errors.append(
                RowError(
                    row.number,
                    "review_date",
                    f"'{row.registration_number}' has {len(held)} reviews on {day}, so we cannot tell which "
                    "one this coding is for. Code it on the second coding page instead.",
                )
            )
        elif held[0]["student__erasure"] is not None:
            report.errors.append(
                RowError(
                    row.number,
                    "registration_number",
                    "This student's record has been erased. Leave the row out.",
                )
            )
        elif held[0]["coded_at"] is None:
            report.errors.append(
                RowError(
                    row.number,
                    "categories",
                    "This review has no first coding yet. Code it (or import it with its categories) first.",
                )
            )
        elif row.number not in rows_with_errors:
            row.review_id = held[0]["pk"]
            matched.append(row)

    existing = {
        coding.review_id: coding
        for coding in ReviewSecondCoding.objects.filter(review_id__in=[row.review_id for row in matched])
    }
    second = _categories_of(
        ReviewSecondCoding.categories.through,
        "reviewsecondcoding_id",
        [coding.pk for coding in existing.values() if coding.coded_at is not None],
    )
    seen_in_file: dict[int, int] = {}
    new_rows: list[_Row] = []
    for row in matched:
        assert row.review_id is not None  # matched rows have their review
        coding = existing.get(row.review_id)
        if row.review_id in seen_in_file:
            report.errors.append(
                RowError(
                    row.number,
                    "review_date",
                    f"This is the same review as row {seen_in_file[row.review_id]}. Keep one of the two rows.",
                )
            )
        elif coding is not None and coding.coded_at is not None:
            if second[coding.pk] == {category.pk for category in row.categories}:
                report.already_present += 1
            else:
                report.errors.append(
                    RowError(
                        row.number,
                        "categories",
                        "This review already has a different second coding. Nothing was changed; if the "
                        "coders agree a final coding, record it on the disagreements page.",
                    )
                )
        else:
            seen_in_file[row.review_id] = row.number
            new_rows.append(row)
    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(new_rows)
    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(new_rows, waiting=existing, imported_by=imported_by)
    report.saved = True
    return report


@transaction.atomic
def _save(rows: list[_Row], *, waiting: dict[int, ReviewSecondCoding], imported_by) -> None:
    now = timezone.now()
    to_create: list[ReviewSecondCoding] = []
    to_update: list[ReviewSecondCoding] = []
    codings: list[ReviewSecondCoding] = []
    for row in rows:
        assert row.review_id is not None  # only matched rows are saved
        coding = waiting.get(row.review_id) or ReviewSecondCoding(review_id=row.review_id)
        coding.coded_at, coding.coded_by, coding.coder = now, imported_by, row.coder
        (to_update if coding.pk else to_create).append(coding)
        codings.append(coding)
    ReviewSecondCoding.objects.bulk_create(to_create, batch_size=BATCH)
    ReviewSecondCoding.objects.bulk_update(to_update, ["coded_at", "coded_by", "coder"], batch_size=BATCH)
    if any(coding.pk is None for coding in codings):  # databases that cannot return new ids
        by_review = dict(
            ReviewSecondCoding.objects.filter(review_id__in=[c.review_id for c in codings]).values_list(
                "review_id", "pk"
            )
        )
        for coding in codings:
            coding.pk = by_review[coding.review_id]
    first = _categories_of(
        LearningPlanReview.categories.through, "learningplanreview_id", [c.review_id for c in codings]
    )
    first_through = ReviewSecondCoding.first_categories.through
    second_through = ReviewSecondCoding.categories.through
    first_through.objects.bulk_create(
        [
            first_through(reviewsecondcoding_id=coding.pk, outcomecategory_id=category_id)
            for coding in codings
            for category_id in sorted(first[coding.review_id])
        ],
        batch_size=BATCH,
    )
    second_through.objects.bulk_create(
        [
            second_through(reviewsecondcoding_id=coding.pk, outcomecategory_id=category.pk)
            for coding, row in zip(codings, rows, strict=True)
            for category in row.categories
        ],
        batch_size=BATCH,
    )
