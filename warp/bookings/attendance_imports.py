"""`warp import attendance FILE`: register marks for the sessions of past runs (`warp import runs` first).

Columns: registration_number, term, course, run (optional: the run's label), session_date, mark (present,
absent or apologies).
- Each row names a historic run (its term, course and label) and one of its sessions by date, and a student
  by registration number. A student with any mark on a run has a booked place on it (made if missing).
- A mark already there is "already present", so importing a file twice adds nothing; a different mark for
  the same student and session is a problem to look at, never overwritten.
- The evaluation report then recounts the past from these raw marks with today's definitions (booked,
  started, completed, completion, dropout, attendance), as it does for runs held in WaRP.
- A file with errors imports nothing unless import_valid_rows is set. Bulk: a handful of queries per file.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from warp import audit
from warp.bookings.models import Attendance, Booking, BookingStatus, Mark
from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.prospectus.models import Session
from warp.prospectus.run_imports import RunKey, historic_runs, run_key
from warp.students.models import Student

COLUMNS = ["registration_number", "term", "course", "run", "session_date", "mark"]
REQUIRED_COLUMNS = {"registration_number", "term", "course", "session_date", "mark"}
MARKS = {"present": Mark.PRESENT, "absent": Mark.ABSENT, "apologies": Mark.APOLOGIES}
CHUNK = 900


@dataclass
class _Row:
    number: int
    registration_number: str
    key: RunKey
    run_words: str  # the run as the row names it, for messages
    session_date: date
    mark: str


def _parse_row(number: int, cells: dict[str, str]) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    registration_number = cells.get("registration_number", "").strip()
    if not registration_number:
        error("registration_number", "Write the student's registration number.")
    term = " ".join(cells.get("term", "").split())
    course = " ".join(cells.get("course", "").split())
    label = " ".join(cells.get("run", "").split())
    if not term:
        error("term", "Write the term's name, as in the runs file.")
    if not course:
        error("course", "Write the course's title, as in the runs file.")
    day_text = cells.get("session_date", "")
    day = parse_date(day_text)
    if not day_text:
        error("session_date", "Write the date of the session, as YYYY-MM-DD or DD/MM/YYYY.")
    elif day is None:
        error("session_date", f"'{day_text}' is not a date we can read; write YYYY-MM-DD or DD/MM/YYYY.")
    mark_text = cells.get("mark", "").strip().lower()
    mark = MARKS.get(mark_text)
    if mark is None:
        error("mark", "Write present, absent or apologies.")
    if errors:
        return None, errors
    assert day is not None and mark is not None
    words = f"{course} in {term}" + (f" ({label})" if label else "")
    return _Row(number, registration_number, run_key(term, course, label), words, day, mark), []


def _students(numbers: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), CHUNK):
        found.update(
            Student.objects.annotate(upper=Upper("registration_number"))
            .filter(upper__in=ordered[start : start + CHUNK])
            .values_list("upper", "pk")
        )
    return found


def import_attendance(
    data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by=None
) -> ImportReport:
    """Check every row, then (unless a dry run, or rows have errors and import_valid_rows is off) save.

    Raises warp.core.imports.ImportFileError when the file as a whole cannot be read."""
    table = read_table(data, filename, REQUIRED_COLUMNS)
    report = ImportReport.for_table("attendance", table, dry_run=dry_run)
    rows: list[_Row] = []
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells)
        report.errors.extend(errors)
        if row is not None:
            rows.append(row)

    students = _students({row.registration_number.upper() for row in rows})
    runs = historic_runs({row.key for row in rows})
    run_ids = [run.pk for run in runs.values()]
    sessions = {(s.course_run_id, s.date): s for s in Session.objects.filter(course_run_id__in=run_ids)}
    bookings = {
        (b.student_id, b.course_run_id): b
        for b in Booking.objects.filter(course_run_id__in=run_ids).exclude(status=BookingStatus.CANCELLED)
    }
    marks = {
        (student_id, session_id): mark
        for student_id, session_id, mark in Attendance.objects.filter(
            session__course_run_id__in=run_ids
        ).values_list("booking__student_id", "session_id", "mark")
    }

    fresh: list[tuple[_Row, int, Session]] = []
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        student_id = students.get(row.registration_number.upper())
        run = runs.get(row.key)
        if student_id is None:
            report.errors.append(
                RowError(
                    row.number,
                    "registration_number",
                    f"No student has the registration number '{row.registration_number}'. Check it, or "
                    "import the students first.",
                )
            )
            continue
        if run is None:
            report.errors.append(
                RowError(
                    row.number,
                    "course",
                    f"There is no past run of {row.run_words}. Import it first with the runs import, or "
                    "check the term, course and run cells match the runs file.",
                )
            )
            continue
        session = sessions.get((run.pk, row.session_date))
        if session is None:
            report.errors.append(
                RowError(
                    row.number,
                    "session_date",
                    f"{row.run_words} had no session on {row.session_date:%d/%m/%Y}. Check the date, or add "
                    "the session to the runs file and import that first.",
                )
            )
            continue
        pair = (student_id, session.pk)
        if pair in seen:
            report.errors.append(
                RowError(
                    row.number,
                    "registration_number",
                    f"Row {seen[pair]} marks the same student at the same session; remove one of the two.",
                )
            )
            continue
        seen[pair] = row.number
        recorded = marks.get(pair)
        if recorded == row.mark:
            report.already_present += 1
        elif recorded is not None:
            report.errors.append(
                RowError(
                    row.number,
                    "mark",
                    f"This student is already marked {Mark(recorded).label.lower()} for this session in WaRP; "
                    "the import never changes a mark. Correct it on the register, or remove the row.",
                )
            )
        else:
            fresh.append((row, student_id, session))

    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(fresh)
    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(fresh, bookings=bookings, imported_by=imported_by)
    report.saved = True
    return report


@transaction.atomic
def _save(fresh: list[tuple[_Row, int, Session]], *, bookings: dict, imported_by) -> None:
    made: dict[tuple[int, int], Booking] = {}
    for _row, student_id, session in fresh:
        pair = (student_id, session.course_run_id)
        if pair not in bookings and pair not in made:
            made[pair] = Booking(
                student_id=student_id,
                course_run_id=session.course_run_id,
                status=BookingStatus.BOOKED,
                created_by=imported_by,
            )
    Booking.objects.bulk_create(list(made.values()), batch_size=500)
    if any(booking.pk is None for booking in made.values()):  # databases that cannot return new ids
        ids = {
            (b.student_id, b.course_run_id): b
            for b in Booking.objects.filter(
                course_run_id__in={run for _, run in made}, student_id__in={s for s, _ in made}
            ).exclude(status=BookingStatus.CANCELLED)
        }
        made = {pair: ids[pair] for pair in made}
    bookings = {**bookings, **made}
    zone = timezone.get_current_timezone()
    attendances = [
        Attendance(
            booking=bookings[(student_id, session.course_run_id)],
            session=session,
            mark=row.mark,
            marked_by=imported_by,
            # Marked when the session ended: the register's own time, not the day of the import.
            marked_at=datetime.combine(session.date, session.ends_at, tzinfo=zone),
        )
        for row, student_id, session in fresh
    ]
    Attendance.objects.bulk_create(attendances, batch_size=500)
    audit.record_each(
        changes=[("create", booking, booking.student_id) for booking in made.values()],
        user=imported_by,
        note="Historic: from before WaRP",
    )
