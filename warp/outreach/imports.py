"""`warp import workshops FILE`: Recovery Skills Workshops held before WaRP, from CSV or XLSX.

Columns (all needed): held_on, setting, title, minutes, attendees, peer_facilitators,
clinical_facilitators.
- `setting` names the ward or service (a team, matched without regard to case). A name the centre does not
  have is created as a team of kind "Inpatient ward", flagged as imported, and noted, so the partnership
  lead can check its kind and add its leads.
- `title` names a workshop in the library (matched without regard to case); a new title is added to the
  library (flagged as imported, with the row's minutes as its usual length) and noted.
- `minutes` is 1 to 45; `attendees`, `peer_facilitators` and `clinical_facilitators` are whole numbers,
  0 or more. No names of the people who came are read or kept.
- The same date, setting, title and minutes are the same workshop: importing the same file twice adds
  nothing, and two such rows in one file are an error on the second.
- A file with errors imports nothing unless import_valid_rows is set. A few queries per file, never one
  per row.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.outreach.models import MAX_WORKSHOP_MINUTES, HeldWorkshop, Workshop
from warp.teams.models import Team, TeamKind

COLUMNS = [
    "held_on",
    "setting",
    "title",
    "minutes",
    "attendees",
    "peer_facilitators",
    "clinical_facilitators",
]
BATCH = 500


@dataclass
class _Row:
    number: int
    held_on: date | None = None
    setting: str = ""
    title: str = ""
    minutes: int = 0
    attendees: int = 0
    peer_facilitators: int = 0
    clinical_facilitators: int = 0

    @property
    def key(self) -> tuple:
        return (self.held_on, self.setting.casefold(), self.title.casefold(), self.minutes)


def _whole(text: str, *, low: int, high: int | None = None) -> int | None:
    text = text.strip()
    if text.endswith(".0"):  # spreadsheets write whole numbers as 6.0
        text = text[:-2]
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    if value < low or (high is not None and value > high):
        return None
    return value


def _parse_row(number: int, cells: dict[str, str], *, today: date) -> tuple[_Row, list[RowError]]:
    row = _Row(number=number)
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    when = cells.get("held_on", "").strip()
    if not when:
        error("held_on", "This is needed: the day the workshop was held. Use YYYY-MM-DD or DD/MM/YYYY.")
    else:
        row.held_on = parse_date(when)
        if row.held_on is None:
            error("held_on", f"'{when}' is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif row.held_on > today:
            error("held_on", "This date is in the future. Import workshops once they have been held.")
    row.setting = " ".join(cells.get("setting", "").split())
    if not row.setting:
        error("setting", "This is needed: the name of the ward or crisis service.")
    elif len(row.setting) > Team._meta.get_field("name").max_length:  # type: ignore[operator]
        error("setting", "This name is too long: use at most 160 characters.")
    row.title = " ".join(cells.get("title", "").split())
    if not row.title:
        error("title", "This is needed: the workshop's title, as in the workshop library.")
    elif len(row.title) > Workshop._meta.get_field("title").max_length:  # type: ignore[operator]
        error("title", "This title is too long: use at most 200 characters.")
    minutes = _whole(cells.get("minutes", ""), low=1, high=MAX_WORKSHOP_MINUTES)
    if minutes is None:
        error(
            "minutes",
            f"'{cells.get('minutes', '').strip()}' is not 1 to 45. A skills workshop lasts at most 45 "
            "minutes: write its length in whole minutes.",
        )
    else:
        row.minutes = minutes
    for column in ("attendees", "peer_facilitators", "clinical_facilitators"):
        value = _whole(cells.get(column, ""), low=0, high=32767 if column != "attendees" else None)
        if value is None:
            error(
                column,
                f"'{cells.get(column, '').strip()}' is not a whole number. Write 0 or more, for example 6.",
            )
        else:
            setattr(row, column, value)
    return row, errors


def import_workshops(
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
    table = read_table(data, filename, set(COLUMNS))
    report = ImportReport.for_table("workshops", table, dry_run=dry_run)
    parsed: list[_Row] = []
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells, today=today)
        report.errors.extend(errors)
        parsed.append(row)
    rows_with_errors = {error.row for error in report.errors}
    valid = [row for row in parsed if row.number not in rows_with_errors]

    teams = {name.casefold(): pk for name, pk in Team.objects.values_list("name", "pk")}
    workshops = {title.casefold(): pk for title, pk in Workshop.objects.values_list("title", "pk")}
    existing = {
        (held_on, team_id, workshop_id, minutes)
        for held_on, team_id, workshop_id, minutes in HeldWorkshop.objects.filter(
            held_on__in={row.held_on for row in valid}
        ).values_list("held_on", "team_id", "workshop_id", "minutes")
    }
    new_settings: dict[str, str] = {}
    new_titles: dict[str, tuple[str, int]] = {}
    seen: dict[tuple, int] = {}
    new_rows: list[_Row] = []
    for row in valid:
        team_id = teams.get(row.setting.casefold())
        workshop_id = workshops.get(row.title.casefold())
        if (
            team_id is not None
            and workshop_id is not None
            and ((row.held_on, team_id, workshop_id, row.minutes) in existing)
        ):
            report.already_present += 1
            continue
        if row.key in seen:
            report.errors.append(
                RowError(
                    row.number,
                    "held_on",
                    f"This is the same workshop as row {seen[row.key]} (same date, setting, title and "
                    "minutes). Remove one of the two rows.",
                )
            )
            continue
        seen[row.key] = row.number
        if team_id is None and row.setting.casefold() not in new_settings:
            new_settings[row.setting.casefold()] = row.setting
            report.notes.append(
                RowError(
                    row.number,
                    "setting",
                    f"'{row.setting}' is new: it will be added as an inpatient ward, marked as imported. "
                    "Check its kind and leads on the Teams page afterwards.",
                )
            )
        if workshop_id is None and row.title.casefold() not in new_titles:
            new_titles[row.title.casefold()] = (row.title, row.minutes)
            report.notes.append(
                RowError(
                    row.number, "title", f"'{row.title}' is new: it will be added to the workshop library."
                )
            )
        new_rows.append(row)
    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(new_rows)

    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(new_rows, new_settings=new_settings, new_titles=new_titles, imported_by=imported_by)
    report.saved = True
    return report


@transaction.atomic
def _save(
    rows: list[_Row], *, new_settings: dict[str, str], new_titles: dict[str, tuple[str, int]], imported_by
) -> None:
    Team.objects.bulk_create(
        [Team(name=name, kind=TeamKind.INPATIENT_WARD, is_imported=True) for name in new_settings.values()]
    )
    Workshop.objects.bulk_create(
        [Workshop(title=title, minutes=minutes, is_imported=True) for title, minutes in new_titles.values()]
    )
    teams = {name.casefold(): pk for name, pk in Team.objects.values_list("name", "pk")}
    workshops = {title.casefold(): pk for title, pk in Workshop.objects.values_list("title", "pk")}
    HeldWorkshop.objects.bulk_create(
        [
            HeldWorkshop(
                team_id=teams[row.setting.casefold()],
                workshop_id=workshops[row.title.casefold()],
                held_on=row.held_on,  # type: ignore[misc]  # every saved row has its date
                minutes=row.minutes,
                attendees=row.attendees,
                peer_facilitators=row.peer_facilitators,
                clinical_facilitators=row.clinical_facilitators,
                recorded_by=imported_by,
                is_imported=True,
            )
            for row in rows
        ],
        batch_size=BATCH,
    )
