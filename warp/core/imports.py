"""Reading spreadsheets for imports, and the report every import gives back.

Each importer (students now; reviews and feedback later) receives the rows as dicts keyed by lower-case
column name, with the spreadsheet's own row numbers (the header is row 1), validates every row, and returns
an ImportReport naming the row, column and reason for each problem.
"""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

# kind -> "module:function" with signature
#   (data: bytes, filename: str, *, dry_run, import_valid_rows, imported_by) -> ImportReport
IMPORTERS: dict[str, str] = {
    "students": "warp.students.imports:import_students",
    "feedback": "warp.feedback.imports:import_feedback",
    "reviews": "warp.students.review_imports:import_reviews",
}


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
    """The file as a whole cannot be read: wrong type, empty, or missing columns."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


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


# C0 control characters other than tab and line breaks: invisible, never meant (damaged files, copies from
# other systems), and PostgreSQL cannot store NUL at all. The forms refuse them; an import drops them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
    yield from csv.reader(io.StringIO(text, newline=""))


def _rows_from_xlsx(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise ImportFileError("This file could not be opened as an Excel workbook (.xlsx).") from exc
    sheet = workbook.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield [_cell(v) for v in values]
    workbook.close()


def read_table(data: bytes, filename: str, required: set[str]) -> Table:
    """Parse CSV or XLSX bytes. Blank rows are skipped; row numbers match what the spreadsheet shows."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        raw_rows = _rows_from_csv(data)
    elif suffix == ".xlsx":
        raw_rows = _rows_from_xlsx(data)
    else:
        raise ImportFileError("Please choose a .csv or .xlsx file. Other file types cannot be imported.")
    try:
        header = next(raw_rows)
    except StopIteration:
        raise ImportFileError(
            "This file is empty. It needs a header row and at least one row of data."
        ) from None
    columns = [_cell(name).lower().replace(" ", "_") for name in header]
    missing = sorted(required - set(columns))
    if missing:
        raise ImportFileError(
            "Row 1 (the header) is missing these columns: "
            + ", ".join(missing)
            + ". The README lists the columns each import needs."
        )
    rows = []
    for number, values in enumerate(raw_rows, start=2):
        cells = [_CONTROL_CHARACTERS.sub("", value).strip() for value in values]  # both readers give text
        if not any(cells):
            continue
        cells += [""] * (len(columns) - len(cells))
        rows.append((number, {name: cells[i] for i, name in enumerate(columns) if name}))
    return Table(columns=columns, rows=rows)


def importer_for(kind: str) -> Callable[..., ImportReport]:
    module_name, function_name = IMPORTERS[kind].split(":")
    return getattr(import_module(module_name), function_name)


def run_import_cli(*, kind: str, path: str, dry_run: bool, import_valid_rows: bool) -> int:
    """Run an import from the command line and print the report. Exit code 1 when rows were refused."""
    file_path = Path(path)
    if not file_path.exists():
        print(f"There is no file at {path}. Check the path and try again.")
        return 2
    try:
        report = importer_for(kind)(
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
