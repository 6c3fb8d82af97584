"""Import Learning Plan Reviews from a CSV or XLSX file (`warp import reviews FILE`).

For bringing a centre's history: every review imported is historic (`is_historic`). Each row names an
existing student by registration number. Categories are labels or codes separated by ';' (at most two,
'No change' on its own); blank means not coded yet, and the review waits on the coding screen. A review is
"already present" when one with the same student, date and words was imported before, so importing the
same file twice changes nothing. Reads everything it needs in a few queries and saves with bulk inserts.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.students.models import LearningPlanReview, OutcomeCategory, Student
from warp.students.reviews import MAX_CATEGORIES, category_problem

COLUMNS = [
    "registration_number",
    "review_date",
    "changes",
    "categories",
    "courses_attended",
    "next_steps",
    "quote_consent",
]
REQUIRED_COLUMNS = {"registration_number", "review_date", "changes", "categories"}
BATCH = 500
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass
class _Row:
    number: int
    registration_number: str = ""
    review_date: date | None = None
    changes: str = ""
    categories: list[OutcomeCategory] = field(default_factory=list)
    courses_attended: str = ""
    next_steps: str = ""
    quote_consent: bool = False
    student_id: int | None = None

    @property
    def import_key(self) -> str:
        """The same student, date and words make the same review, however often the file is imported."""
        words = " ".join(self.changes.split())
        text = "\x1f".join([self.registration_number.upper(), str(self.review_date), words])
        return hashlib.sha256(text.encode()).hexdigest()


def category_lookup() -> tuple[dict[str, OutcomeCategory], str]:
    lookup: dict[str, OutcomeCategory] = {}
    for category in OutcomeCategory.objects.all():
        lookup[category.code.lower()] = category
        lookup[category.label.lower()] = category
    allowed = "; ".join(
        category.label for category in sorted(set(lookup.values()), key=lambda c: (c.order, c.label))
    )
    return lookup, allowed


def parse_categories(
    cell: str, categories: dict[str, OutcomeCategory], allowed: str
) -> tuple[list[OutcomeCategory], str]:
    """A `categories` cell (labels or codes separated by ';') as categories, and what is wrong ("" if fine).

    The coding rules are the services' (at most two, 'No change' on its own); blank is no categories."""
    chosen: list[OutcomeCategory] = []
    unknown = []
    for part in cell.split(";"):
        name = part.strip()
        if not name:
            continue
        found = categories.get(name.lower())
        if found is None:
            unknown.append(name)
        elif found not in chosen:
            chosen.append(found)
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        return chosen, f"{names}: not a category we know. Use up to {MAX_CATEGORIES} of: {allowed}."
    problem = category_problem(chosen)
    return chosen, problem.replace("Untick one of them", "Keep one of them")


def _parse_row(
    number: int, cells: dict[str, str], *, today: date, categories: dict[str, OutcomeCategory], allowed: str
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
        error("review_date", "This is needed. Use YYYY-MM-DD or DD/MM/YYYY.")
    else:
        row.review_date = parse_date(when)
        if row.review_date is None:
            error("review_date", f"'{when}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif row.review_date > today:
            error("review_date", "This date is in the future.")

    row.changes = cells.get("changes", "").strip()
    if not row.changes:
        error(
            "changes", "This is needed: the student's answer in their words. If nothing changed, write that."
        )

    row.categories, problem = parse_categories(cells.get("categories", ""), categories, allowed)
    if problem:
        error("categories", problem)

    row.courses_attended = cells.get("courses_attended", "").strip()
    row.next_steps = cells.get("next_steps", "").strip()
    consent = cells.get("quote_consent", "").strip().lower()
    if consent in _YES:
        row.quote_consent = True
    elif consent not in _NO:
        error("quote_consent", f"'{consent}' is not yes or no. Use yes, no, or leave it blank (no).")
    return row, errors


def _chunks(values: list[str]) -> list[list[str]]:
    return [values[i : i + BATCH] for i in range(0, len(values), BATCH)]


def students_by_number(numbers: set[str]) -> dict[str, int]:
    """Upper-case registration number -> student pk, for these numbers only (one query per 500)."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(numbers)):
        found.update(
            Student.objects.annotate(upper_number=Upper("registration_number"))
            .filter(upper_number__in=chunk)
            .values_list("upper_number", "pk")
        )
    return found


def _existing_keys(keys: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(keys)):
        found.update(
            LearningPlanReview.objects.filter(import_key__in=chunk).values_list("import_key", flat=True)
        )
    return found


def import_reviews(
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    import_valid_rows: bool,
    imported_by=None,
    today: date | None = None,
) -> ImportReport:
    """Check every row, then (unless a dry run, or rows have errors and import_valid_rows is off) save.

    Raises warp.core.imports.ImportFileError when the file as a whole cannot be read.
    """
    today = today or timezone.localdate()
    table = read_table(data, filename, REQUIRED_COLUMNS)
    report = ImportReport.for_table("reviews", table, dry_run=dry_run)
    categories, allowed = category_lookup()

    parsed: list[_Row] = []
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells, today=today, categories=categories, allowed=allowed)
        report.errors.extend(errors)
        parsed.append(row)

    students = students_by_number(
        {row.registration_number.upper() for row in parsed if row.registration_number}
    )
    rows_with_errors = {error.row for error in report.errors}
    valid: list[_Row] = []
    for row in parsed:
        if row.registration_number:
            row.student_id = students.get(row.registration_number.upper())
            if row.student_id is None:
                report.errors.append(
                    RowError(
                        row.number,
                        "registration_number",
                        f"No student has the registration number '{row.registration_number}'. "
                        "Check it, or import the students first.",
                    )
                )
                continue
        if row.number not in rows_with_errors:
            valid.append(row)

    existing = _existing_keys({row.import_key for row in valid})
    seen_in_file: dict[str, int] = {}
    new_rows: list[_Row] = []
    for row in valid:
        key = row.import_key
        if key in existing:
            report.already_present += 1
        elif key in seen_in_file:
            report.errors.append(
                RowError(
                    row.number,
                    "changes",
                    f"This is the same review as row {seen_in_file[key]} (same student, date and words). "
                    "Remove one of the two rows.",
                )
            )
        else:
            seen_in_file[key] = row.number
            new_rows.append(row)
    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(new_rows)

    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(new_rows, imported_by=imported_by)
    report.saved = True
    return report


def _review(row: _Row, *, now, imported_by) -> LearningPlanReview:
    assert row.student_id is not None and row.review_date is not None  # checked before saving
    return LearningPlanReview(
        student_id=row.student_id,
        review_date=row.review_date,
        changes=row.changes,
        courses_attended=row.courses_attended,
        next_steps=row.next_steps,
        quote_consent=row.quote_consent,
        coded_at=now if row.categories else None,
        coded_by=imported_by if row.categories else None,
        is_historic=True,
        import_key=row.import_key,
    )


@transaction.atomic
def _save(rows: list[_Row], *, imported_by) -> None:
    now = timezone.now()
    reviews = [_review(row, now=now, imported_by=imported_by) for row in rows]
    LearningPlanReview.objects.bulk_create(reviews, batch_size=BATCH)
    if any(review.pk is None for review in reviews):  # databases that cannot return new ids
        by_key = dict(
            LearningPlanReview.objects.filter(import_key__in=[r.import_key for r in reviews]).values_list(
                "import_key", "pk"
            )
        )
        for review in reviews:
            review.pk = by_key[review.import_key]
    through = LearningPlanReview.categories.through
    through.objects.bulk_create(
        [
            through(learningplanreview_id=review.pk, outcomecategory_id=category.pk)
            for review, row in zip(reviews, rows, strict=True)
            for category in row.categories
        ],
        batch_size=BATCH,
    )
