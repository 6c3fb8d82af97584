"""A table of rows as a download: CSV or XLSX, safe to open in a spreadsheet.

CSV goes through core/csvsafe.py (an apostrophe before a cell that would be read as a formula). XLSX is
written with openpyxl; a text cell that looks like a formula is stored as text, so it shows exactly what
was typed and never runs. Dates stay dates and numbers numbers in both. Downloads are never cached by the
browser (`Cache-Control: no-store`): they may name students.
"""

import io
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from warp.core.csvsafe import FORMULA_STARTS, csv_writer

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value: Any) -> Any:
    """None as an empty cell; a time with its zone as the centre's local time without one (XLSX has no
    zones); everything else as it is."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def table_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_plain(value) for value in row])
    return out.getvalue().encode("utf-8-sig")  # the mark tells Excel the file is UTF-8


def table_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    title = "".join(" " if char in "\\/?*[]:" else char for char in sheet).strip()[:31] or "Sheet"
    worksheet = book.create_sheet(title=title)  # a sheet name may not hold these

    def cell(value: Any) -> Any:
        value = _plain(value)
        written = WriteOnlyCell(worksheet, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            written.data_type = "s"  # text, as typed: openpyxl would otherwise store "=..." as a formula
        elif isinstance(value, date) and not isinstance(value, datetime):
            written.number_format = "yyyy-mm-dd"
        return written

    worksheet.append([cell(header) for header in headers])
    for row in rows:
        worksheet.append([cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_download(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, sheet: str = ""
) -> HttpResponse:
    """`filename` without its extension; `fmt` is "csv" or "xlsx" (anything else is a programming error:
    views offer only FORMATS)."""
    if fmt == "xlsx":
        body, content_type = table_xlsx(headers, rows, sheet=sheet or filename), XLSX_TYPE
    elif fmt == "csv":
        body, content_type = table_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        raise ValueError(f"Unknown export format {fmt!r}")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def write_out(data: str | bytes, output: str | None) -> int:
    """A report on the command line: into the file named (saying so), or, for text, to standard output.
    Returns the command's exit status. Binary formats (PDF, Word) are always given a file by their command."""
    if output:
        path = Path(output)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        print(f"Wrote {output}")
    else:
        assert isinstance(data, str), "a PDF or Word report needs --output"  # noqa: S101
        sys.stdout.write(data)
    return 0
