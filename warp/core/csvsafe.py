"""CSV that is safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice and Google
Sheets as a formula, so a name typed as `=HYPERLINK(...)` could run when staff open an export. Every CSV
WaRP writes goes through `csv_writer`, which puts an apostrophe in front of such cells (shown as text).
Numbers stay numbers: only strings are changed, so -3 written as an int is left alone.
"""

import csv
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """Wraps csv.writer: the same writerow/writerows, with every cell passed through safe_cell."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> SafeWriter:
    return SafeWriter(out, **kwargs)
