"""Import students from a CSV or XLSX file (`warp import students FILE`, or the upload page).

Imported students are historic records: their eligibility was checked when they first registered, so the
age and service-area rules are not applied here, but every value must be in a readable format. A row is
"already present" when a student matches its registration number, its email, or its name and date of
birth, so importing the same file twice changes nothing. Reads the existing keys in a few queries and
saves with bulk inserts, so a 1,300-row file takes seconds.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat, Lower, LPad
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.students.eligibility import normalise_postcode
from warp.students.models import Gender, Identity, Student, StudentImport, StudentStatus
from warp.students.services import registration_number_for, temporary_registration_number

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
_PHONE = re.compile(r"^[0-9 +()\-]{6,40}$")
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
BATCH = 2000
# "REC-00042" from the pk, set in the database for many students in one UPDATE: the same text as
# services.registration_number_for gives when the number is free (five digits at least, more when needed).
_REC_NUMBER = Concat(
    Value("REC-"),
    Case(
        When(pk__lt=100000, then=LPad(Cast("pk", CharField()), 5, Value("0"))),
        default=Cast("pk", CharField()),
    ),
    output_field=CharField(),
)


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
        try:
            validate_email(email)
        except ValidationError:
            error("email", f"'{email}' is not an email address.")
        row.email = email

    phone = cells.get("phone", "").strip()
    if phone and not _PHONE.match(phone):
        error("phone", "Use digits, spaces, + ( ) or - only.")
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


def _existing_keys(rows: list[_Row]) -> set[tuple]:
    """The keys of students already here that any of these rows could match: three queries in all."""
    numbers = {row.registration_number.upper() for row in rows if row.registration_number}
    emails = {row.email for row in rows if row.email}
    last_names = {row.last_name.lower() for row in rows}
    keys: set[tuple] = set()
    for chunk in _chunks(sorted(numbers)):
        found = Student.objects.annotate(lower_number=Lower("registration_number")).filter(
            lower_number__in=[n.lower() for n in chunk]
        )
        keys.update(("number", n.upper()) for n in found.values_list("registration_number", flat=True))
    for chunk in _chunks(sorted(emails)):
        found = Student.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=chunk)
        keys.update(("email", e) for e in found.values_list("lower_email", flat=True))
    for chunk in _chunks(sorted(last_names)):
        found = Student.objects.annotate(lower_last=Lower("last_name")).filter(lower_last__in=chunk)
        keys.update(
            ("name", first.lower(), last.lower(), born)
            for first, last, born in found.values_list("first_name", "last_name", "date_of_birth")
        )
    return keys


def _chunks(values: list[str]) -> list[list[str]]:
    return [values[i : i + BATCH] for i in range(0, len(values), BATCH)]


def import_students(
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
    report = ImportReport(kind="students", total_rows=len(table.rows), dry_run=dry_run)
    identities, allowed_identities = _identity_lookup()
    genders = _gender_codes()

    parsed: list[_Row] = []
    for number, cells in table.rows:
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
        if any(key in existing for key in keys):
            report.already_present += 1
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

    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(new_rows, imported_by=imported_by, today=today)
    report.saved = True
    return report


@transaction.atomic
def _save(rows: list[_Row], *, imported_by, today: date) -> None:
    consent_time = timezone.now()
    students = [
        Student(
            registration_number=row.registration_number or temporary_registration_number(),
            first_name=row.first_name,
            last_name=row.last_name,
            date_of_birth=row.date_of_birth,
            gender=row.gender,
            postcode=row.postcode,
            email=row.email,
            phone=row.phone,
            # Held under the consent the centre recorded when they first registered.
            consent_to_hold_data=True,
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
            consent_given_at=consent_time,
            status=StudentStatus.AWAITING_PLAN,
            registered_on=row.registered_on or today,
            registered_by=imported_by,
            is_historic=True,
        )
        for row in rows
    ]
    Student.objects.bulk_create(students, batch_size=BATCH)
    if any(student.pk is None for student in students):  # databases that cannot return new ids
        by_number = dict(
            Student.objects.filter(
                registration_number__in=[s.registration_number for s in students]
            ).values_list("registration_number", "pk")
        )
        for student in students:
            student.pk = by_number[student.registration_number]

    needs_number = [
        student for student, row in zip(students, rows, strict=True) if not row.registration_number
    ]
    if needs_number:
        _number_from_pk(needs_number)

    through = Student.identities.through
    through.objects.bulk_create(
        [
            through(student_id=student.pk, identity_id=identity_id)
            for student, row in zip(students, rows, strict=True)
            for identity_id in row.identity_ids
        ],
        batch_size=BATCH,
    )


def _number_from_pk(students: list[Student]) -> None:
    """Give each student "REC-<pk>": one set-based UPDATE per batch, and one by one only for the rare
    student whose number an earlier (imported) record already holds."""
    candidates = {student.pk: f"REC-{student.pk:05d}" for student in students}
    taken: set[str] = set()
    for chunk in _chunks(sorted(candidates.values())):
        taken.update(
            Student.objects.filter(registration_number__in=chunk).values_list(
                "registration_number", flat=True
            )
        )
    free = [pk for pk, number in candidates.items() if number not in taken]
    for start in range(0, len(free), BATCH):
        Student.objects.filter(pk__in=free[start : start + BATCH]).update(registration_number=_REC_NUMBER)
    clashes = []
    for student in students:
        if candidates[student.pk] in taken:
            student.registration_number = registration_number_for(student.pk, taken)
            taken.add(student.registration_number)
            clashes.append(student)
        else:
            student.registration_number = candidates[student.pk]
    if clashes:
        Student.objects.bulk_update(clashes, ["registration_number"], batch_size=BATCH)


@transaction.atomic
def student_import_store(*, filename: str, data: bytes, uploaded_by) -> StudentImport:
    """Keep an uploaded file for its dry-run preview and the confirm step (which may reach another server)."""
    stored = StudentImport(filename=filename[:255], data=data, uploaded_by=uploaded_by)
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def student_import_confirm(*, student_import: StudentImport, import_valid_rows: bool) -> ImportReport:
    """Import a stored file for real. Once saved, the stored copy is emptied and the counts kept."""
    locked = StudentImport.objects.select_for_update().get(pk=student_import.pk)
    if locked.is_complete:
        raise ValidationError("This file has already been imported.")
    report = import_students(
        bytes(locked.data),
        locked.filename,
        dry_run=False,
        import_valid_rows=import_valid_rows,
        imported_by=locked.uploaded_by,
    )
    if report.saved:
        locked.data = b""
        locked.completed_at = timezone.now()
        locked.created_count = report.created
        locked.already_present_count = report.already_present
        locked.rows_with_errors = report.rows_with_errors
        locked.save()
        student_import.refresh_from_db()
    return report
