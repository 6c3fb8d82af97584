"""`warp import unit-costs FILE` and `warp import service-use FILE`: the same rules as every import.

Every bad row is reported with its row, column and reason; a file with any problem imports nothing unless
the valid rows are asked for; importing the same file twice changes nothing.

unit-costs: one service per row (`service` code, `label`, `unit_cost` in pounds, `source`); a code already
kept with the same label, cost and source is "already here", one with a different one is updated (a note
says what it was).

service-use: one service's contacts per row; the rows of one student, date and period make one answer
(the same `months` on each), and a service missing from an answer counts 0. An answer is imported whole
or not at all. An answer already kept for the student, date and period is "already here" when it is the
same, and a problem when it differs.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.service_use.models import Period, Service, ServiceContact, ServiceUseAnswer
from warp.service_use.services import MAX_MONTHS
from warp.students.review_imports import BATCH, students_by_number

UNIT_COST_COLUMNS = ["service", "label", "unit_cost", "source"]
UNIT_COST_REQUIRED = {"service", "label", "unit_cost"}
SERVICE_USE_COLUMNS = ["registration_number", "answered_on", "period", "months", "service", "contacts"]
SERVICE_USE_REQUIRED = set(SERVICE_USE_COLUMNS)


def _sort(report: ImportReport, columns: list[str]) -> None:
    report.errors.sort(key=lambda e: (e.row, columns.index(e.column) if e.column in columns else 99))


def _finish(report: ImportReport, *, dry_run: bool, import_valid_rows: bool) -> bool:
    """Whether to save: not on a dry run, nor when rows have problems and the valid ones were not asked for."""
    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return False
    return True


def _pounds(text: str) -> Decimal | None:
    cleaned = text.strip().lstrip("£").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    # The range first: quantizing a huge number (1E30) raises rather than answering.
    if not value.is_finite() or value < 0 or value >= 10_000_000 or value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal("0.01"))


def import_unit_costs(
    data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by=None
) -> ImportReport:
    """Services and their unit costs, by code. Raises ImportFileError when the file cannot be read."""
    table = read_table(data, filename, UNIT_COST_REQUIRED)
    report = ImportReport.for_table("unit-costs", table, dry_run=dry_run)
    existing = {service.code: service for service in Service.objects.all()}
    labels = {service.label.lower(): service.code for service in existing.values()}
    seen: dict[str, int] = {}
    to_save: list[Service] = []
    for number, cells in table.rows:
        errors: list[RowError] = []
        code = cells.get("service", "").strip().lower()
        label = cells.get("label", "").strip()
        source = cells.get("source", "").strip()
        cost = _pounds(cells.get("unit_cost", ""))
        if not code:
            errors.append(
                RowError(number, "service", "This is needed: a short code for the service, for example gp.")
            )
        elif not all(ch.isalnum() or ch in "-_" for ch in code) or len(code) > 40:
            errors.append(
                RowError(
                    number,
                    "service",
                    f"'{code}' cannot be a code: use letters, numbers and dashes, for example a-and-e.",
                )
            )
        elif code in seen:
            errors.append(
                RowError(
                    number, "service", f"This service is also on row {seen[code]}. Keep one of the two rows."
                )
            )
        if not label:
            errors.append(RowError(number, "label", "This is needed: the service's name as people know it."))
        elif len(label) > 120:
            errors.append(RowError(number, "label", "This is too long: keep it to 120 characters."))
        elif labels.get(label.lower(), code) != code:
            errors.append(
                RowError(
                    number,
                    "label",
                    f"The service '{labels[label.lower()]}' already has this name. Use another.",
                )
            )
        if cost is None:
            errors.append(
                RowError(
                    number,
                    "unit_cost",
                    f"'{cells.get('unit_cost', '')}' is not an amount in pounds. Write it like 39.00 (0 or more).",
                )
            )
        if len(source) > 300:
            errors.append(RowError(number, "source", "This is too long: keep it to 300 characters."))
        if errors:
            report.errors.extend(errors)
            continue
        assert cost is not None
        seen[code] = number
        service = existing.get(code)
        if service is None:
            to_save.append(Service(code=code, label=label, unit_cost=cost, source=source))
            report.created += 1
        elif (service.label, service.unit_cost, service.source) == (label, cost, source):
            report.already_present += 1
        else:
            report.notes.append(
                RowError(
                    number,
                    "unit_cost",
                    f"Updated: it was {service.label}, £{service.unit_cost} ({service.source or 'no source'}).",
                )
            )
            service.label, service.unit_cost, service.source = label, cost, source
            to_save.append(service)
            report.created += 1
    _sort(report, UNIT_COST_COLUMNS)
    if not _finish(report, dry_run=dry_run, import_valid_rows=import_valid_rows):
        return report
    with transaction.atomic():
        for service in to_save:
            service.full_clean()
            service.save()
    report.saved = True
    return report


@dataclass
class _Answer:
    rows: list[int] = field(default_factory=list)
    months: int | None = None
    contacts: dict[int, int] = field(default_factory=dict)  # service pk -> contacts
    student_id: int = 0
    answered_on: date | None = None
    period: str = ""


def _whole(text: str) -> int | None:
    text = text.strip()
    # ASCII digits only: str.isdigit() also accepts '²', which int() refuses.
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def import_service_use(
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    import_valid_rows: bool,
    imported_by=None,
    today: date | None = None,
) -> ImportReport:
    """Students' service-use answers, one service per row. Raises ImportFileError when the file cannot be read."""
    today = today or timezone.localdate()
    table = read_table(data, filename, SERVICE_USE_REQUIRED)
    report = ImportReport.for_table("service-use", table, dry_run=dry_run)
    services = {service.code: service.pk for service in Service.objects.all()}
    numbers = {cells.get("registration_number", "").strip().upper() for _, cells in table.rows}
    students = students_by_number({number for number in numbers if number})
    answers: dict[tuple[int, date, str], _Answer] = {}
    bad_rows: set[int] = {error.row for error in report.errors}
    for number, cells in table.rows:
        errors: list[RowError] = []

        def error(column: str, reason: str, errors=errors, number=number) -> None:
            errors.append(RowError(number, column, reason))

        registration = cells.get("registration_number", "").strip()
        student_id = students.get(registration.upper())
        if not registration:
            error("registration_number", "This is needed: the student's registration number.")
        elif student_id is None:
            error(
                "registration_number",
                f"No student has the registration number '{registration}'. Check it, or import the students first.",
            )
        when = cells.get("answered_on", "").strip()
        answered_on = parse_date(when) if when else None
        if not when:
            error("answered_on", "This is needed: the date they answered. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif answered_on is None:
            error("answered_on", f"'{when}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif answered_on > today:
            error("answered_on", "This date is in the future.")
        period = cells.get("period", "").strip().lower()
        if period not in Period.values:
            error("period", f"'{period}' is not a period we know. Use before or after.")
        months = _whole(cells.get("months", ""))
        if months is None or not 1 <= months <= MAX_MONTHS:
            error(
                "months", f"Write how many months the answer covers, a whole number from 1 to {MAX_MONTHS}."
            )
        code = cells.get("service", "").strip().lower()
        service_id = services.get(code)
        if service_id is None:
            known = ", ".join(sorted(services)) or "none yet: import the unit costs first"
            error("service", f"'{code}' is not a service we know. Use one of: {known}.")
        contacts = _whole(cells.get("contacts", ""))
        if contacts is None:
            error("contacts", "Write the number of contacts as a whole number, 0 or more.")
        report.errors.extend(errors)
        if errors:
            bad_rows.add(number)
        if student_id is None or answered_on is None or period not in Period.values:
            continue
        answer = answers.setdefault((student_id, answered_on, period), _Answer())
        answer.rows.append(number)
        answer.student_id, answer.answered_on, answer.period = student_id, answered_on, period
        if errors:
            continue
        assert months is not None and service_id is not None and contacts is not None
        if answer.months is None:
            answer.months = months
        elif answer.months != months:
            report.errors.append(
                RowError(
                    number,
                    "months",
                    f"This answer's other rows say {answer.months} months. Use the same on every row of one answer.",
                )
            )
            bad_rows.add(number)
            continue
        if service_id in answer.contacts:
            report.errors.append(
                RowError(number, "service", f"This answer already has a row for '{code}'. Keep one of them.")
            )
            bad_rows.add(number)
            continue
        answer.contacts[service_id] = contacts

    kept = _existing_answers(answers)
    new_answers: list[_Answer] = []
    for key, answer in answers.items():
        broken = [row for row in answer.rows if row in bad_rows]
        if broken:
            for row in answer.rows:
                if row not in bad_rows:
                    report.errors.append(
                        RowError(
                            row,
                            "registration_number",
                            f"Row {broken[0]} of the same answer has a problem, and an answer is imported whole. Fix that row.",
                        )
                    )
            continue
        found = kept.get(key)
        wanted = {service: count for service, count in answer.contacts.items() if count}
        if found is None:
            new_answers.append(answer)
            report.created += len(answer.rows)
        elif found == (answer.months, wanted):
            report.already_present += len(answer.rows)
        else:
            for row in answer.rows:
                report.errors.append(
                    RowError(
                        row,
                        "answered_on",
                        "This student already has a different answer for this date and period. Nothing was changed; check the date.",
                    )
                )
    _sort(report, SERVICE_USE_COLUMNS)
    if not _finish(report, dry_run=dry_run, import_valid_rows=import_valid_rows):
        return report
    _save(new_answers, imported_by=imported_by)
    report.saved = True
    return report


def _existing_answers(
    answers: dict[tuple[int, date, str], _Answer],
) -> dict[tuple[int, date, str], tuple[int, dict[int, int]]]:
    """(student, date, period) -> (months, {service: contacts}) for the answers already kept for these
    students (one query for the answers and one for their contacts per 500 students)."""
    student_ids = sorted({student for student, _, _ in answers})
    found: dict[tuple[int, date, str], tuple[int, dict[int, int]]] = {}
    by_pk: dict[int, tuple[int, date, str]] = {}
    for start in range(0, len(student_ids), BATCH):
        chunk = student_ids[start : start + BATCH]
        for pk, student, answered_on, period, months in ServiceUseAnswer.objects.filter(
            student_id__in=chunk
        ).values_list("pk", "student_id", "answered_on", "period", "months"):
            by_pk[pk] = (student, answered_on, period)
            found[by_pk[pk]] = (months, {})
        for answer_id, service_id, contacts in ServiceContact.objects.filter(
            answer__student_id__in=chunk
        ).values_list("answer_id", "service_id", "contacts"):
            if contacts:
                found[by_pk[answer_id]][1][service_id] = contacts
    return found


@transaction.atomic
def _save(answers: list[_Answer], *, imported_by) -> None:
    assert all(a.answered_on is not None and a.months is not None for a in answers)  # only whole answers
    made = ServiceUseAnswer.objects.bulk_create(
        [
            ServiceUseAnswer(
                student_id=answer.student_id,
                answered_on=answer.answered_on,  # type: ignore[misc]  # checked above
                period=answer.period,
                months=answer.months,  # type: ignore[misc]
                entered_by=imported_by,
            )
            for answer in answers
        ],
        batch_size=BATCH,
    )
    if any(row.pk is None for row in made):  # databases that cannot return new ids
        ids = defaultdict(int)
        for pk, student, answered_on, period in ServiceUseAnswer.objects.filter(
            student_id__in={a.student_id for a in answers}
        ).values_list("pk", "student_id", "answered_on", "period"):
            ids[(student, answered_on, period)] = pk
        for row in made:
            row.pk = ids[(row.student_id, row.answered_on, row.period)]
    ServiceContact.objects.bulk_create(
        [
            ServiceContact(answer_id=row.pk, service_id=service_id, contacts=count)
            for row, answer in zip(made, answers, strict=True)
            for service_id, count in answer.contacts.items()
            if count
        ],
        batch_size=BATCH,
    )
