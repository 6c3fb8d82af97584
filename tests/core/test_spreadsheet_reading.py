import io
from datetime import date

import pytest
from openpyxl import Workbook

from warp.core.imports import ImportFileError, ImportReport, RowError, parse_date, read_table


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_rows_carry_the_spreadsheet_row_numbers_and_skip_blank_rows():
    data = b"First Name,last_name\nAda,Example\n,\nBo,Sample\n"
    table = read_table(data, "people.csv", {"first_name", "last_name"})
    assert table.columns == ["first_name", "last_name"]
    assert table.rows == [
        (2, {"first_name": "Ada", "last_name": "Example"}),
        (4, {"first_name": "Bo", "last_name": "Sample"}),
    ]


def test_csv_with_excel_byte_order_mark_and_short_rows():
    data = "\ufefffirst_name,last_name,email\nAda,Example\n".encode()
    table = read_table(data, "people.CSV", {"first_name"})
    assert table.rows == [(2, {"first_name": "Ada", "last_name": "Example", "email": ""})]


def test_xlsx_dates_and_whole_numbers_become_plain_text():
    from datetime import datetime

    data = _xlsx([["first_name", "date_of_birth", "phone"], ["Ada", datetime(1980, 3, 1), 1234.0]])
    table = read_table(data, "people.xlsx", {"first_name"})
    assert table.rows == [(2, {"first_name": "Ada", "date_of_birth": "1980-03-01", "phone": "1234"})]


def test_missing_columns_are_named():
    with pytest.raises(ImportFileError, match="missing these columns: email, last_name"):
        read_table(b"first_name\nAda\n", "people.csv", {"first_name", "last_name", "email"})


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "people.csv", "This file is empty"),
        (b"x", "people.txt", "Please choose a .csv or .xlsx file"),
        (b"not a workbook", "people.xlsx", "could not be opened as an Excel workbook"),
    ],
)
def test_unreadable_files_get_a_message_that_says_what_to_do(data, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(data, name, {"first_name"})


def test_report_counts_rows_not_errors():
    report = ImportReport(kind="students", total_rows=5)
    report.errors += [
        RowError(2, "email", "bad"),
        RowError(2, "postcode", "bad"),
        RowError(4, "email", "bad"),
    ]
    assert report.rows_with_errors == 2
    assert report.valid_rows == 3
    assert report.summary() == "Nothing imported: 2 of 5 rows have problems."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2013-01-15", date(2013, 1, 15)),
        ("15/01/2013", date(2013, 1, 15)),
        ("2013-1-5", date(2013, 1, 5)),  # strptime's looser forms still read
        ("5/1/2013", date(2013, 1, 5)),
        ("2013-02-29", None),  # not a leap year
        ("31/02/1980", None),
        ("2013-13-01", None),
        ("0000-01-01", None),
        ("01/15/2013", None),  # month first is not accepted
        ("tomorrow", None),
        ("", None),
    ],
)
def test_dates_are_read_in_both_formats_and_impossible_ones_refused(text, expected):
    assert parse_date(text) == expected
