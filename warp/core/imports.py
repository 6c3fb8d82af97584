"""The shared machinery of every import (students, Learning Plan Reviews, feedback): reading a file safely,
the date formats, the report, and the command line's printout of it.

`read_table` turns CSV or XLSX bytes into rows, dicts keyed by lower-case column name, with the spreadsheet's
own row numbers (the header is row 1). It reads only the columns the header names, and it is bounded by
construction whatever the file says about itself: at most `WARP_IMPORT_MAX_ROWS` rows are read (a longer file
is refused), a cell longer than `WARP_IMPORT_MAX_CELL_CHARS` makes its row a bad row (row, column, reason)
instead of reaching an importer, and an XLSX is refused *before* its rows are parsed when it unpacks to far
more than its size (a zip bomb) or declares a dimension out of proportion (`A1:XFD1048576`).

Each importer (`warp.students.imports`, `warp.students.review_imports`, `warp.feedback.imports`) validates
the rows and returns an ImportReport naming the row, column and reason for each problem. This module knows
no importer (core is floor 1): the caller passes the importer it means (the CLI, above every app, in
warp/cli.py; each app's own views for their upload pages).
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings

# The date formats every import accepts: ISO, and the day-first form UK spreadsheets use.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_UK_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None when it is neither."""
    # The usual zero-padded forms directly (strptime costs ten times as much; an import parses two dates a
    # row), anything else (such as 3/4/1985) through strptime.
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _UK_DATE.fullmatch(text):
        day, month, year = match.groups()
    if match:
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    return None


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, empty, missing columns, or beyond the limits."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class RowMatch:
    """A row left as it is because it is already here: which record it matched, and by which key."""

    row: int
    key: str  # in words: "registration number", "email", "name and date of birth"
    existing: str  # the record matched, as staff know it (e.g. "REC-00012 Ana Moss")


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    errors: list[RowError] = field(default_factory=list)  # rows refused while reading (a cell too long)

    @property
    def total_rows(self) -> int:
        return len(self.rows) + len({error.row for error in self.errors})


@dataclass
class ImportReport:
    kind: str
    total_rows: int = 0
    created: int = 0
    already_present: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)  # accepted rows worth a look (e.g. no date of birth)
    dry_run: bool = False
    saved: bool = False
    present: list[RowMatch] = field(default_factory=list)  # what each "already here" row matched, if known

    @classmethod
    def for_table(cls, kind: str, table: Table, *, dry_run: bool) -> "ImportReport":
        """A report for this table: its rows counted, and the rows refused while reading among the errors."""
        return cls(kind=kind, total_rows=table.total_rows, errors=list(table.errors), dry_run=dry_run)

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.rows_with_errors

    def summary(self) -> str:
        if self.saved:
            text = f"Imported {self.created} new, {self.already_present} already here"
        elif self.dry_run:
            text = f"Checked {self.total_rows} rows: {self.valid_rows} ready to import"
        else:
            text = f"Nothing imported: {self.rows_with_errors} of {self.total_rows} rows have problems"
        if self.errors and (self.saved or self.dry_run):
            text += f", {self.rows_with_errors} with problems"
        return text + "."

    def to_json(self) -> dict[str, Any]:
        """Plain data to store (a dry run kept for its preview pages), read back by from_json."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ImportReport":
        return cls(
            **{
                **data,
                "errors": [RowError(**item) for item in data["errors"]],
                "notes": [RowError(**item) for item in data["notes"]],
                "present": [RowMatch(**item) for item in data.get("present", [])],
            }
        )


class Importer(Protocol):
    """What every importer is: bytes and a file name in, a report out (ImportFileError for a bad file)."""

    def __call__(
        self, data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by: Any
    ) -> ImportReport: ...


# C0 control characters other than tab and line breaks: invisible, never meant (damaged files, copies from
# other systems), and PostgreSQL cannot store NUL at all. The forms refuse them; an import drops them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# An XLSX is a zip of XML. A real one unpacks to a few times its size (ten at most, in the files centres
# send); a zip bomb unpacks a few megabytes into gigabytes. Refused before anything is parsed when its
# members together declare more than this many times the file's size (and more than XLSX_ALWAYS_ALLOWED),
# or more than XLSX_MAX_UNPACKED in all. Python's zipfile never gives more bytes than a member declares
# (a lying header fails its checksum instead), so the declared sizes bound what openpyxl can read.
XLSX_MAX_EXPANSION = 50
XLSX_ALWAYS_ALLOWED = 16 * 1024 * 1024
XLSX_MAX_UNPACKED = 256 * 1024 * 1024
# No import has more than a dozen columns; a sheet declaring more than this is refused before parsing (its
# rows would otherwise be padded to every declared column: A1:XFD1048576 is 16,384 of them).
XLSX_MAX_COLUMNS = 1000

# The csv module's own limit (131,072 characters a field) would stop the whole file with an exception; our
# cell limit (WARP_IMPORT_MAX_CELL_CHARS) reports the cell instead, with its row and column. A field can be
# no longer than the file, which is already in memory, so lifting the module's limit costs nothing more.
csv.field_size_limit(2**31 - 1)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _CONTROL_CHARACTERS.sub("", str(value)).strip()


def _rows_from_csv(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # spreadsheets saved by older Excel
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                f"Row {reader.line_num} could not be read as CSV ({exc}). Save the file again as CSV "
                "from your spreadsheet program and upload that."
            ) from None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _check_xlsx_size(data: bytes) -> None:
    """Refuse a zip bomb from the zip's own directory, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("This file could not be opened as an Excel workbook (.xlsx).") from None
    allowed = min(XLSX_MAX_UNPACKED, max(XLSX_ALWAYS_ALLOWED, XLSX_MAX_EXPANSION * len(data)))
    if unpacked > allowed:
        raise ImportFileError(
            f"This workbook is {_megabytes(len(data))} but unpacks to {_megabytes(unpacked)}, far more than "
            f"a spreadsheet of rows needs (we open up to {_megabytes(allowed)} for a file this size). Open it "
            "in your spreadsheet program, save it again as .xlsx or .csv, and upload that."
        )


def _rows_from_xlsx(data: bytes, *, max_rows: int) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The dimension the sheet declares (its <dimension> element), read before any row is parsed.
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise ImportFileError("This file could not be opened as an Excel workbook (.xlsx).") from exc
    try:
        if declared_rows > max_rows + 1:
            raise ImportFileError(
                f"This workbook says its first sheet has {declared_rows:,} rows; one import takes at most "
                f"{max_rows:,} rows after the header. Split it into smaller files, or, if it has fewer "
                "rows than that, copy the rows into a new workbook and upload that."
            )
        if declared_columns > XLSX_MAX_COLUMNS:
            raise ImportFileError(
                f"This workbook says its first sheet has {declared_columns:,} columns; an import needs only "
                "the columns this page lists. Copy those columns into a new workbook and upload that."
            )
        # Forget the declared size: rows are then as long as their own cells, not padded to the dimension.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        workbook.close()


def read_table(data: bytes, filename: str, required: set[str]) -> Table:
    """Parse CSV or XLSX bytes. Blank rows are skipped; row numbers match what the spreadsheet shows.

    Only the columns the header names are read. More than WARP_IMPORT_MAX_ROWS rows after the header is
    an ImportFileError (the file is refused); a cell over WARP_IMPORT_MAX_CELL_CHARS puts its row in
    Table.errors (with row and column) instead of Table.rows.
    """
    max_rows: int = settings.WARP_IMPORT_MAX_ROWS
    max_chars: int = settings.WARP_IMPORT_MAX_CELL_CHARS
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        raw_rows = _rows_from_csv(data)
    elif suffix == ".xlsx":
        raw_rows = _rows_from_xlsx(data, max_rows=max_rows)
    else:
        raise ImportFileError("Please choose a .csv or .xlsx file. Other file types cannot be imported.")
    try:
        header = next(raw_rows)
    except StopIteration:
        raise ImportFileError(
            "This file is empty. It needs a header row and at least one row of data."
        ) from None
    columns = [_cell(name).lower().replace(" ", "_") for name in header]
    while columns and not columns[-1]:
        columns.pop()  # blank cells after the last named column
    missing = sorted(required - set(columns))
    if missing:
        raise ImportFileError(
            "Row 1 (the header) is missing these columns: "
            + ", ".join(missing)
            + ". Add them, or start from the import's empty template (Import templates, at /imports/)."
        )
    named = [(i, name) for i, name in enumerate(columns) if name]
    width = len(columns)
    # First every row's cells under the named columns, counted against the limit before any row becomes a
    # dict, so a file of a million short rows costs a list per row up to the limit and is then refused.
    kept: list[tuple[int, list[str]]] = []
    for number, values in enumerate(raw_rows, start=2):
        if number > max_rows + 1:
            raise ImportFileError(
                f"This file has more than {max_rows:,} rows after the header, the most one import takes. "
                f"Split it into files of up to {max_rows:,} rows and import each one."
            )
        values = values[:width]  # cells beyond the named columns are never looked at
        if any(values):
            kept.append((number, values))
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    for number, values in kept:
        values += [""] * (width - len(values))
        too_long = [(name, len(values[i])) for i, name in named if len(values[i]) > max_chars]
        if too_long:
            errors.extend(
                RowError(
                    number,
                    name,
                    f"This cell has {length:,} characters; a cell may hold at most {max_chars:,}. "
                    "Shorten it, then import the file again.",
                )
                for name, length in too_long
            )
            continue
        cells = {name: _CONTROL_CHARACTERS.sub("", values[i]).strip() for i, name in named}
        if any(cells.values()):
            rows.append((number, cells))
    return Table(columns=columns, rows=rows, errors=errors)


def run_import_cli(*, importer: Importer, path: str, dry_run: bool, import_valid_rows: bool) -> int:
    """Run an import from the command line and print the report. Exit code 1 when rows were refused."""
    file_path = Path(path)
    if not file_path.exists():
        print(f"There is no file at {path}. Check the path and try again.")
        return 2
    try:
        report = importer(
            file_path.read_bytes(),
            file_path.name,
            dry_run=dry_run,
            import_valid_rows=import_valid_rows,
            imported_by=None,
        )
    except ImportFileError as exc:
        print(str(exc))
        return 2
    print(report.summary())
    for error in report.errors:
        print(f"  row {error.row}, column {error.column}: {error.reason}")
    for note in report.notes:
        print(f"  note: row {note.row}, column {note.column}: {note.reason}")
    if report.errors and not report.saved and not dry_run:
        print("Fix these rows and import again, or use --import-valid-rows to import the others now.")
    return 1 if report.errors else 0
