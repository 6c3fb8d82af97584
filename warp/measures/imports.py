"""Import questionnaire history from a CSV or XLSX file (`warp import measures FILE`).

Columns: registration_number, instrument (code), completed_on (YYYY-MM-DD or DD/MM/YYYY), occasion
(baseline or follow-up), item_1 ... item_N (whole numbers in the instrument's range; blank = unanswered;
columns beyond an instrument's items left blank, so one file can hold several instruments). A response is
the same when student, instrument, date and occasion are: importing the same file twice changes nothing.
Each response is scored with the instrument's current version. Reads what it needs in a few queries and
saves with one bulk insert.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.measures.models import Instrument, InstrumentVersion, MeasureResponse, Occasion, ResponseSource
from warp.measures.scoring import score_of
from warp.students.models import Student

# The template offers ten item columns; a questionnaire with more items takes item_11, item_12 ... too.
COLUMNS = [
    "registration_number",
    "instrument",
    "completed_on",
    "occasion",
    *(f"item_{n}" for n in range(1, 11)),
]
REQUIRED_COLUMNS = {"registration_number", "instrument", "completed_on", "occasion"}
BATCH = 500
_ITEM = re.compile(r"^item_(\d+)$")


@dataclass
class _Row:
    number: int
    registration_number: str = ""
    instrument: Instrument | None = None
    version: InstrumentVersion | None = None
    completed_on: date | None = None
    occasion: str = ""
    answers: list[int | None] = field(default_factory=list)
    student_id: int | None = None

    @property
    def key(self) -> tuple:
        assert self.instrument is not None
        return (self.student_id, self.instrument.pk, self.completed_on, self.occasion)


def _instruments() -> dict[str, tuple[Instrument, InstrumentVersion]]:
    """Code (lower case) -> the instrument and its current version: one query."""
    found: dict[str, tuple[Instrument, InstrumentVersion]] = {}
    for version in InstrumentVersion.objects.select_related("instrument").order_by("instrument", "number"):
        found[version.instrument.code.lower()] = (version.instrument, version)  # the newest wins
    return found


def _parse_row(
    number: int,
    cells: dict[str, str],
    item_columns: list[tuple[int, str]],
    *,
    instruments: dict[str, tuple[Instrument, InstrumentVersion]],
    today: date,
) -> tuple[_Row, list[RowError]]:
    row = _Row(number=number)
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    row.registration_number = cells.get("registration_number", "").strip()
    if not row.registration_number:
        error("registration_number", "This is needed: the registration number of the student who answered.")

    code = cells.get("instrument", "").strip()
    if not code:
        error("instrument", "This is needed: the questionnaire's short code.")
    elif code.lower() not in instruments:
        known = ", ".join(sorted(instrument.code for instrument, _ in instruments.values())) or "none yet"
        error("instrument", f"'{code}' is not a questionnaire we know. Use one of: {known}.")
    else:
        row.instrument, row.version = instruments[code.lower()]

    when = cells.get("completed_on", "").strip()
    if not when:
        error("completed_on", "This is needed. Use YYYY-MM-DD or DD/MM/YYYY.")
    else:
        row.completed_on = parse_date(when)
        if row.completed_on is None:
            error("completed_on", f"'{when}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif row.completed_on > today:
            error("completed_on", "This date is in the future.")

    occasion = cells.get("occasion", "").strip().lower()
    if occasion not in Occasion.values:
        shown = f"'{occasion}' is not an occasion." if occasion else "This is needed."
        error("occasion", f"{shown} Write baseline or follow-up.")
    row.occasion = occasion

    if row.version is not None:
        version = row.version
        count = version.item_count
        for position, column in item_columns:
            text = cells.get(column, "").strip()
            if position > count:
                if text:
                    error(column, f"{version.instrument.name} has {count} items; leave this column blank.")
                continue
            if not text:
                continue
            try:
                answer = int(float(text)) if re.fullmatch(r"-?\d+(\.0+)?", text) else None
            except ValueError:
                answer = None
            if answer is None or not version.response_min <= answer <= version.response_max:
                error(
                    column,
                    f"'{text}' is not an answer: use a whole number from {version.response_min} to "
                    f"{version.response_max}, or leave it blank if it was not answered.",
                )
        present = {position for position, _ in item_columns}
        missing = [f"item_{n}" for n in range(1, count + 1) if n not in present]
        if missing:
            error(
                "instrument", f"The file has no column {', '.join(missing)} for this questionnaire's items."
            )
        row.answers = []
        for n in range(1, count + 1):
            text = cells.get(f"item_{n}", "").strip()
            row.answers.append(int(float(text)) if re.fullmatch(r"-?\d+(\.0+)?", text) else None)
        if not errors and all(a is None for a in row.answers):
            error("item_1", "No item is answered. Give at least one answer, or leave the row out.")
    return row, errors


def _students_by_number(numbers: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), BATCH):
        found.update(
            Student.objects.annotate(upper_number=Upper("registration_number"))
            .filter(upper_number__in=ordered[start : start + BATCH])
            .values_list("upper_number", "pk")
        )
    return found


def _existing(rows: list[_Row]) -> set[tuple]:
    """The keys of these rows' responses already stored: one query per 500 students."""
    students = sorted({row.student_id for row in rows if row.student_id is not None})
    found: set[tuple] = set()
    for start in range(0, len(students), BATCH):
        found.update(
            MeasureResponse.objects.filter(student_id__in=students[start : start + BATCH]).values_list(
                "student_id", "instrument_id", "completed_on", "occasion"
            )
        )
    return found


def import_measures(
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
    report = ImportReport.for_table("measures", table, dry_run=dry_run)
    instruments = _instruments()
    item_columns = sorted(
        (int(match.group(1)), name) for name in table.columns if (match := _ITEM.match(name))
    )

    parsed: list[_Row] = []
    rows_with_errors: set[int] = set()
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells, item_columns, instruments=instruments, today=today)
        report.errors.extend(errors)
        if errors:
            rows_with_errors.add(number)
        parsed.append(row)

    students = _students_by_number(
        {row.registration_number.upper() for row in parsed if row.registration_number}
    )
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

    existing = _existing(valid)
    seen: dict[tuple, int] = {}
    new_rows: list[_Row] = []
    for row in valid:
        if row.key in existing:
            report.already_present += 1
        elif row.key in seen:
            report.errors.append(
                RowError(
                    row.number,
                    "completed_on",
                    f"This is the same response as row {seen[row.key]} (same student, questionnaire, date "
                    "and occasion). Remove one of the two rows.",
                )
            )
        else:
            seen[row.key] = row.number
            new_rows.append(row)
    order = {
        name: i for i, name in enumerate(["registration_number", "instrument", "completed_on", "occasion"])
    }
    report.errors.sort(key=lambda e: (e.row, order.get(e.column, 4), e.column))
    report.created = len(new_rows)
    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(new_rows, imported_by=imported_by)
    report.saved = True
    return report


@transaction.atomic
def _save(rows: list[_Row], *, imported_by) -> None:
    responses = []
    for row in rows:
        assert row.version is not None and row.completed_on is not None and row.student_id is not None
        score = score_of(row.version, row.answers)
        responses.append(
            MeasureResponse(
                student_id=row.student_id,
                instrument=row.instrument,
                version=row.version,
                completed_on=row.completed_on,
                occasion=row.occasion,
                answers=row.answers,
                is_complete=score is not None,
                score=score,
                source=ResponseSource.IMPORT,
                entered_by=imported_by,
            )
        )
    MeasureResponse.objects.bulk_create(responses, batch_size=BATCH)
