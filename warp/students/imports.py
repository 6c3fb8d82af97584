"""Import students from a CSV or XLSX file (`warp import students FILE`, or the upload page).

Imported students are historic records: their eligibility was checked when they first registered, so the
age and service-area rules are not applied here, but every value must be in a readable format. A row is
"already present" when a student matches its registration number, its email, or its name and date of
birth, so importing the same file twice changes nothing.

Every row is checked in Python; the database work is set-based, so the number of queries does not grow with
the file: the existing keys are read in three queries, and the save (one transaction) reserves the new ids,
works out the `REC-` numbers from them in Python, and inserts the students and their identities with one
statement each (warp.core.bulk). A 100,000-row file takes seconds.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from warp import audit
from warp.core.bulk import insert_rows, matching, reserve_ids
from warp.core.imports import ImportReport, RowError, RowMatch, parse_date, read_table
from warp.students.eligibility import normalise_postcode
from warp.students.forms import phone_number
from warp.students.models import (
    ConsentHow,
    ConsentKind,
    ConsentRecord,
    Gender,
    Identity,
    ImportState,
    Student,
    StudentImport,
    StudentStatus,
)
from warp.students.services import registration_number_for

COLUMNS = [
    "registration_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "postcode",
    "email",
    "phone",
    "identities",
    "registered_on",
]
REQUIRED_COLUMNS = set(COLUMNS) - {"registration_number"}
_REGISTRATION_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/]{0,31}$")
_GENDER_WORDS = {
    "female": Gender.WOMAN,
    "f": Gender.WOMAN,
    "male": Gender.MAN,
    "m": Gender.MAN,
    "non-binary": Gender.NON_BINARY,
    "nonbinary": Gender.NON_BINARY,
    "not provided": Gender.NOT_PROVIDED,
}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
EMAIL_LENGTH: int = Student._meta.get_field("email").max_length or 254
# Numbers whose suffixes are looked up in one query (see _registration_numbers); clashes are rare.
CLASH_BATCH = 500


@dataclass
class _Row:
    number: int
    registration_number: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    postcode: str = ""
    email: str = ""
    phone: str = ""
    identity_ids: list[int] = field(default_factory=list)
    registered_on: date | None = None

    def keys(self) -> list[tuple]:
        """The ways this row can match a student, strongest first."""
        keys: list[tuple] = []
        if self.registration_number:
            keys.append(("number", self.registration_number.upper()))
        if self.email:
            keys.append(("email", self.email))
        keys.append(("name", self.first_name.lower(), self.last_name.lower(), self.date_of_birth))
        return keys


def _gender_codes() -> dict[str, str]:
    codes = {choice.value.lower(): choice.value for choice in Gender}
    codes.update({choice.label.lower(): choice.value for choice in Gender})
    codes.update(_GENDER_WORDS)
    codes.pop("", None)
    return codes


def _identity_lookup() -> tuple[dict[str, int], str]:
    lookup: dict[str, int] = {}
    allowed = []
    for identity in Identity.objects.all():
        lookup[identity.code.lower()] = identity.pk
        lookup[identity.label.lower()] = identity.pk
        allowed.append(f"{identity.code} ({identity.label})")
    return lookup, "; ".join(allowed)


def _parse_row(
    number: int,
    cells: dict[str, str],
    *,
    today: date,
    identities: dict[str, int],
    allowed_identities: str,
    genders: dict[str, str],
) -> tuple[_Row, list[RowError], list[RowError]]:
    row = _Row(number=number)
    errors: list[RowError] = []
    notes: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    row.registration_number = cells.get("registration_number", "").strip()
    if row.registration_number and not _REGISTRATION_NUMBER.match(row.registration_number):
        error("registration_number", "Use up to 32 letters, digits, '-' or '/', or leave it blank.")

    for column in ("first_name", "last_name"):
        value = cells.get(column, "").strip()
        if not value:
            error(column, "This is needed. Add the name, or remove the row.")
        elif len(value) > 100:
            error(column, "This is longer than 100 characters.")
        setattr(row, column, value)

    registered = cells.get("registered_on", "").strip()
    if registered:
        row.registered_on = parse_date(registered)
        if row.registered_on is None:
            error("registered_on", f"'{registered}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif row.registered_on > today:
            error("registered_on", "This date is in the future.")
    else:
        row.registered_on = today

    born = cells.get("date_of_birth", "").strip()
    if born:
        row.date_of_birth = parse_date(born)
        if row.date_of_birth is None:
            error(
                "date_of_birth", f"'{born}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY, or leave it blank."
            )
        elif row.date_of_birth >= (row.registered_on or today):
            error("date_of_birth", "The date of birth is not before the registration date. Check both.")
    else:
        notes.append(
            RowError(number, "date_of_birth", "No date of birth: imported as a historic record without one.")
        )

    gender = cells.get("gender", "").strip()
    if gender:
        if gender.lower() not in genders:
            error(
                "gender",
                f"'{gender}' is not one we know. Use one of: "
                + ", ".join(choice.label for choice in Gender if choice.value)
                + " (or female/male), or leave it blank.",
            )
        else:
            row.gender = genders[gender.lower()]

    postcode = cells.get("postcode", "").strip()
    if postcode:
        normal = normalise_postcode(postcode)
        if normal is None:
            error("postcode", f"'{postcode}' is not a UK postcode. Use a full postcode like BH1 1AA.")
        row.postcode = normal or ""

    email = cells.get("email", "").strip().lower()
    if email:
        if len(email) > EMAIL_LENGTH:
            error("email", f"This is longer than {EMAIL_LENGTH} characters.")
        else:
            try:
                validate_email(email)
            except ValidationError:
                error("email", f"'{email}' is not an email address.")
        row.email = email

    phone = cells.get("phone", "").strip()
    try:
        phone_number(phone)  # the same rule as the registration and portal forms
    except ValidationError as invalid:
        error("phone", invalid.messages[0].replace("leave it empty", "leave the cell empty"))
    row.phone = phone

    for part in cells.get("identities", "").split(";"):
        name = part.strip().lower()
        if not name:
            continue
        if name not in identities:
            error(
                "identities",
                f"'{part.strip()}' is not an identity we know. Use one of: {allowed_identities}.",
            )
        elif identities[name] not in row.identity_ids:
            row.identity_ids.append(identities[name])
    return row, errors, notes


def _existing_keys(rows: list[_Row]) -> dict[tuple, str]:
    """The keys of students already here that any of these rows could match, each with the student it
    belongs to ("REC-00012 Ana Moss"): three queries in all, each passing the file's values as one parameter
    (warp.core.bulk.matching)."""
    numbers = sorted({row.registration_number.upper() for row in rows if row.registration_number})
    emails = sorted({row.email for row in rows if row.email})
    # Python's lower() and SQLite's (ASCII letters only) differ for names like "Özil": ask for both.
    last_names = sorted(
        {row.last_name.lower() for row in rows} | {row.last_name.translate(_ASCII_LOWER) for row in rows}
    )
    table = connection.ops.quote_name(Student._meta.db_table)
    who = "registration_number, first_name, last_name"
    keys: dict[tuple, str] = {}

    def found(key: tuple, number: str, first: str, last: str) -> None:
        keys.setdefault(key, f"{number} {first} {last}")

    with connection.cursor() as cursor:
        if numbers:
            where, params = matching("upper(registration_number)", numbers)  # indexed on PostgreSQL
            cursor.execute(f"SELECT upper(registration_number), {who} FROM {table} WHERE {where}", params)  # noqa: S608 - names from model metadata, values are parameters
            for number, *student in cursor.fetchall():
                found(("number", number), *student)
        if emails:
            where, params = matching("lower(email)", emails)
            cursor.execute(f"SELECT lower(email), {who} FROM {table} WHERE {where}", params)  # noqa: S608 - names from model metadata, values are parameters
            for email, *student in cursor.fetchall():
                found(("email", email), *student)
        if last_names:
            where, params = matching("lower(last_name)", last_names)
            cursor.execute(
                f"SELECT date_of_birth, {who} FROM {table} WHERE {where}",  # noqa: S608 - names from model metadata, values are parameters
                params,
            )
            for born, number, first, last in cursor.fetchall():
                found(("name", first.lower(), last.lower(), born), number, first, last)
    return keys


# How a key is named to staff on the preview's "Already here" table.
KEY_WORDS = {"number": "registration number", "email": "email", "name": "name and date of birth"}
PROGRESS_EVERY = 1000  # rows between two progress reports


def import_students(
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    import_valid_rows: bool,
    imported_by=None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row, then (unless a dry run, or rows have errors and import_valid_rows is off) save.

    Raises warp.core.imports.ImportFileError when the file as a whole cannot be read. `progress`, if given,
    is called with (rows checked, rows in the file) every PROGRESS_EVERY rows and once at the end.
    """
    today = today or timezone.localdate()
    table = read_table(data, filename, REQUIRED_COLUMNS)
    report = ImportReport.for_table("students", table, dry_run=dry_run)
    identities, allowed_identities = _identity_lookup()
    genders = _gender_codes()

    parsed: list[_Row] = []
    for done, (number, cells) in enumerate(table.rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(table.rows))
        row, errors, notes = _parse_row(
            number,
            cells,
            today=today,
            identities=identities,
            allowed_identities=allowed_identities,
            genders=genders,
        )
        report.errors.extend(errors)
        if not errors:
            report.notes.extend(notes)
            parsed.append(row)

    existing = _existing_keys(parsed)
    seen_in_file: dict[tuple, int] = {}
    new_rows: list[_Row] = []
    for row in parsed:
        keys = row.keys()
        match = next((key for key in keys if key in existing), None)
        if match is not None:
            report.already_present += 1
            report.present.append(RowMatch(row.number, KEY_WORDS[match[0]], existing[match]))
            continue
        clash = next((key for key in keys if key in seen_in_file), None)
        if clash is not None:
            column = {"number": "registration_number", "email": "email", "name": "first_name"}[clash[0]]
            report.errors.append(
                RowError(
                    row.number,
                    column,
                    f"This looks like the same person as row {seen_in_file[clash]}. Remove one of the two rows"
                    + (
                        ", or add a date of birth or email to tell them apart." if clash[0] == "name" else "."
                    ),
                )
            )
            continue
        for key in keys:
            seen_in_file[key] = row.number
        new_rows.append(row)
    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(new_rows)
    if progress is not None:
        progress(len(table.rows), len(table.rows))

    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    if new_rows:
        _save(new_rows, imported_by=imported_by, today=today, filename=filename)
    report.saved = True
    return report


@transaction.atomic
def _save(rows: list[_Row], *, imported_by, today: date, filename: str) -> None:
    """One transaction: reserve the ids, number the students from them, insert students, their identities and
    consent records, then one audit entry per student created (one statement each)."""
    ids = reserve_ids(Student, len(rows))
    numbers = _registration_numbers(rows, ids)
    consent_time = timezone.now()
    # Held under the consent the centre recorded when they first registered.
    fixed = (True, settings.PRIVACY_NOTICE_VERSION, consent_time, StudentStatus.AWAITING_PLAN.value)
    imported_by_id = imported_by.pk if imported_by is not None else None
    how = ConsentHow.IMPORT.value
    insert_rows(
        Student,
        [
            "id",
            "registration_number",
            "first_name",
            "last_name",
            "date_of_birth",
            "gender",
            "postcode",
            "email",
            "phone",
            "registered_on",
            "registered_by_id",
            "is_historic",
            "consent_to_hold_data",
            "privacy_notice_version",
            "consent_given_at",
            "status",
        ],
        (
            (
                pk,
                number,
                row.first_name,
                row.last_name,
                row.date_of_birth,
                row.gender,
                row.postcode,
                row.email,
                row.phone,
                row.registered_on or today,
                imported_by_id,
                True,
                *fixed,
            )
            for pk, number, row in zip(ids, numbers, rows, strict=True)
        ),
    )
    insert_rows(
        Student.identities.through,
        ["student_id", "identity_id"],
        ((pk, identity_id) for pk, row in zip(ids, rows, strict=True) for identity_id in row.identity_ids),
    )
    # The consent to hold their details that the centre's old records stand for, under today's notice.
    insert_rows(
        ConsentRecord,
        ["student_id", "kind", "given", "notice_version", "at", "how", "recorded_by_id"],
        (
            (
                pk,
                ConsentKind.DATA.value,
                True,
                settings.PRIVACY_NOTICE_VERSION,
                consent_time,
                how,
                imported_by_id,
            )
            for pk in ids
        ),
    )
    audit.record_many(
        action="create",
        model="students.Student",
        student_ids=ids,
        user=imported_by,
        note=f"Imported from {filename}"[:300],
    )


def _registration_numbers(rows: list[_Row], ids: list[int]) -> list[str]:
    """Each row's own number, or "REC-<id>" as services.registration_number_for gives it: with a suffix in
    the rare case the number is already held, in the database or by another row of the file (compared
    without regard to case). One query, and one more per 500 clashes."""
    wanted = {pk: f"REC-{pk:05d}" for pk, row in zip(ids, rows, strict=True) if not row.registration_number}
    taken = {row.registration_number.upper() for row in rows if row.registration_number}
    if wanted:
        table = connection.ops.quote_name(Student._meta.db_table)
        where, params = matching("upper(registration_number)", list(wanted.values()))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT upper(registration_number) FROM {table} WHERE {where}", params)  # noqa: S608 - names from model metadata, values are parameters
            taken.update(number for (number,) in cursor.fetchall())
    clashes = [number for number in wanted.values() if number in taken]
    for start in range(0, len(clashes), CLASH_BATCH):
        # Every number held that starts with a clashing one, so the suffix chosen is free as well.
        condition = Q()
        for number in clashes[start : start + CLASH_BATCH]:
            condition |= Q(registration_number__istartswith=number)
        taken.update(
            number.upper()
            for number in Student.objects.filter(condition).values_list("registration_number", flat=True)
        )
    numbers = []
    for pk, row in zip(ids, rows, strict=True):
        if row.registration_number:
            numbers.append(row.registration_number)
        elif wanted[pk] not in taken:
            numbers.append(wanted[pk])
        else:
            number = registration_number_for(pk, taken)
            taken.add(number)
            numbers.append(number)
    return numbers


def student_imports_expire(*, now=None) -> int:
    """Delete the uploads never imported that are older than a day (their files and dry runs hold people's
    rows). Run on every upload and by `warp manage retention --apply`. Returns how many went."""
    deleted, _ = StudentImport.objects.expired(now=now or timezone.now()).delete()
    return deleted


@transaction.atomic
def student_import_store(*, filename: str, data: bytes, uploaded_by) -> StudentImport:
    """Keep an uploaded file for its dry-run preview and the confirm step (which may reach another server).

    It starts as being checked: warp.students.import_jobs.student_import_check stores its dry run.
    """
    student_imports_expire()
    stored = StudentImport(
        filename=filename[:255], data=data, uploaded_by=uploaded_by, state=ImportState.CHECKING
    )
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def student_import_confirm(
    *,
    student_import: StudentImport,
    import_valid_rows: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a stored file for real. Once saved, the stored copy and its dry run are emptied and the
    counts kept. Refused (ValidationError) when it is already imported."""
    locked = StudentImport.objects.select_for_update().get(pk=student_import.pk)
    if locked.is_complete:
        raise ValidationError("This file has already been imported.")
    report = import_students(
        bytes(locked.data),
        locked.filename,
        dry_run=False,
        import_valid_rows=import_valid_rows,
        imported_by=locked.uploaded_by,
        progress=progress,
    )
    if report.saved:
        locked.data = b""
        locked.preview = None
        locked.problem = ""
        locked.state = ImportState.READY
        locked.completed_at = timezone.now()
        locked.created_count = report.created
        locked.already_present_count = report.already_present
        locked.rows_with_errors = report.rows_with_errors
        locked.save()
        student_import.refresh_from_db()
    return report
