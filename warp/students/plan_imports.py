"""`warp import plans FILE`: learning plans agreed before WaRP.

Columns: registration_number, agreed_on, review_date (may be blank), goals (the plan's hopes and goals,
as text). Each row names an existing student by registration number; a student has one learning plan, so
a student who already has one agreed on that day is "already present" (importing a file twice adds
nothing), and one whose plan in WaRP was agreed on another day is a problem to look at, never overwritten.
A student waiting to agree a plan becomes active, as when a plan is agreed in WaRP. Erased students and
those whose processing is restricted are refused. A file with errors imports nothing unless
import_valid_rows is set. Bulk: a handful of queries per file.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from warp import audit
from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.students.models import LearningPlan, Student, StudentStatus

COLUMNS = ["registration_number", "agreed_on", "review_date", "goals"]
REQUIRED_COLUMNS = {"registration_number", "agreed_on", "goals"}
CHUNK = 900


@dataclass
class _Row:
    number: int
    registration_number: str
    agreed_on: date
    review_date: date | None
    goals: str


def _parse_row(number: int, cells: dict[str, str], today: date) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    registration_number = cells.get("registration_number", "").strip()
    if not registration_number:
        error("registration_number", "Write the student's registration number.")
    agreed_text = cells.get("agreed_on", "")
    agreed_on = parse_date(agreed_text)
    if not agreed_text:
        error("agreed_on", "Write the day the plan was agreed, as YYYY-MM-DD or DD/MM/YYYY.")
    elif agreed_on is None:
        error("agreed_on", f"'{agreed_text}' is not a date we can read; write YYYY-MM-DD or DD/MM/YYYY.")
    elif agreed_on > today:
        error("agreed_on", f"{agreed_on:%d/%m/%Y} is still to come; check the year.")
    review_text = cells.get("review_date", "")
    review_date = parse_date(review_text) if review_text else None
    if review_text and review_date is None:
        error(
            "review_date",
            f"'{review_text}' is not a date we can read; write YYYY-MM-DD or DD/MM/YYYY, or leave it blank.",
        )
    elif review_date and agreed_on and review_date < agreed_on:
        error("review_date", "The review date is before the plan was agreed; check the two dates.")
    goals = cells.get("goals", "").strip()
    if not goals:
        error("goals", "Write the student's hopes and goals as the plan recorded them.")
    if errors:
        return None, errors
    assert agreed_on is not None
    return _Row(number, registration_number, agreed_on, review_date, goals), []


def _students(numbers: set[str]) -> dict[str, Student]:
    found: dict[str, Student] = {}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), CHUNK):
        for student in (
            Student.objects.annotate(upper=Upper("registration_number"))
            .filter(upper__in=ordered[start : start + CHUNK])
            .select_related("learning_plan", "erasure", "processing_restriction")
        ):
            found[student.upper] = student  # type: ignore[attr-defined]
    return found


def _has(student: Student, relation: str) -> bool:
    try:
        return getattr(student, relation) is not None
    except Student._meta.get_field(relation).related_model.DoesNotExist:  # type: ignore[union-attr]
        return False


def import_plans(
    data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by=None
) -> ImportReport:
    """Check every row, then (unless a dry run, or rows have errors and import_valid_rows is off) save.

    Raises warp.core.imports.ImportFileError when the file as a whole cannot be read."""
    table = read_table(data, filename, REQUIRED_COLUMNS)
    report = ImportReport.for_table("plans", table, dry_run=dry_run)
    today = timezone.localdate()
    rows: list[_Row] = []
    for number, cells in table.rows:
        parsed, errors = _parse_row(number, cells, today)
        report.errors.extend(errors)
        if parsed is not None:
            rows.append(parsed)

    students = _students({row.registration_number.upper() for row in rows})
    fresh: list[tuple[_Row, Student]] = []
    seen: dict[int, int] = {}
    for row in rows:
        student = students.get(row.registration_number.upper())

        def refuse(column: str, reason: str, row: _Row = row) -> None:
            report.errors.append(RowError(row.number, column, reason))

        if student is None:
            refuse(
                "registration_number",
                f"No student has the registration number '{row.registration_number}'. Check it, or import "
                "the students first.",
            )
        elif _has(student, "erasure") or _has(student, "processing_restriction"):
            refuse(
                "registration_number",
                f"{student.registration_number}'s record is erased or its use is restricted, so nothing can "
                "be added to it. Remove this row.",
            )
        elif student.pk in seen:
            refuse(
                "registration_number",
                f"Row {seen[student.pk]} is this student's plan too; a student has "
                "one learning plan, so keep the one agreed last.",
            )
        elif _has(student, "learning_plan"):
            seen[student.pk] = row.number
            plan = student.learning_plan
            if plan.agreed_on == row.agreed_on:
                report.already_present += 1
            else:
                refuse(
                    "agreed_on",
                    f"{student.registration_number} already has a learning plan in WaRP, agreed on "
                    f"{plan.agreed_on:%d/%m/%Y}; the import never replaces a plan. Remove this row, or update "
                    "the plan on the student's page.",
                )
        else:
            seen[student.pk] = row.number
            fresh.append((row, student))

    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(fresh)
    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(fresh, imported_by=imported_by)
    report.saved = True
    return report


@transaction.atomic
def _save(fresh: list[tuple[_Row, Student]], *, imported_by) -> None:
    plans = []
    for row, student in fresh:
        plan = LearningPlan(
            student=student,
            hopes_and_goals=row.goals,
            agreed_on=row.agreed_on,
            review_date=row.review_date,
            agreed_by=None,  # agreed before WaRP, with someone who may have no account here
        )
        plan.full_clean(exclude=["student", "agreed_by"], validate_unique=False, validate_constraints=False)
        plans.append(plan)
    LearningPlan.objects.bulk_create(plans, batch_size=500)
    waiting = [student.pk for _, student in fresh if student.status == StudentStatus.AWAITING_PLAN]
    Student.objects.filter(pk__in=waiting).update(status=StudentStatus.ACTIVE, updated_at=timezone.now())
    audit.record_each(
        changes=[("create", plan, plan.student_id) for plan in plans],
        user=imported_by,
        note="Historic: agreed before WaRP",
    )
