"""Spreadsheets made to exhaust the server (issue 13, holes 2 and 3), through the upload page and through
`warp import students --dry-run`: each is answered kindly, in bounded memory, and the XLSX ones are refused
before a single row is parsed.

The files are made here: an XLSX of 1.6 KB declaring `A1:XFD1048576`, a CSV of a million short rows, a zip
bomb (a sheet that unpacks to 64 MB from well under 1 MB), and a CSV with a 200,000-character field.
"""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from warp.cli import main as warp_main
from warp.students.models import Student, StudentImport

pytestmark = pytest.mark.django_db

HEADER = "first_name,last_name,date_of_birth,gender,postcode,email,phone,identities,registered_on"
# Peak Python memory while one of these files is uploaded and previewed, or dry-run from the command line.
# Before the fixes the huge dimension alone took minutes and gigabytes; a bounded reader needs a few MB.
PEAK_MB = 64
GENEROUS_SECONDS = 60  # not a speed test: only "it finishes", where it used to hit the 120 s worker timeout


def _workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_sheet(data: bytes, rewrite) -> bytes:
    """The same workbook with its first sheet's XML rewritten."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                rewrite(source.read(info), target)
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


def huge_dimension_xlsx() -> bytes:
    small = _workbook([HEADER.split(","), ["Ana", "Moss"]])

    def declare_everything(xml: bytes, target: zipfile.ZipFile) -> None:
        start = xml.index(b'<dimension ref="')
        end = xml.index(b'"', start + len(b'<dimension ref="'))
        target.writestr(
            "xl/worksheets/sheet1.xml", xml[:start] + b'<dimension ref="A1:XFD1048576' + xml[end:]
        )

    return _with_sheet(small, declare_everything)


def zip_bomb_xlsx() -> bytes:
    small = _workbook([HEADER.split(","), ["Ana", "Moss"]])
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Ana</t></is></c></row>'

    def inflate(xml: bytes, target: zipfile.ZipFile) -> None:
        head, tail = xml.split(b"</sheetData>")
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            chunk = row * 16_000  # about 1 MB
            for _ in range(64):
                sheet.write(chunk)
            sheet.write(b"</sheetData>" + tail)

    return _with_sheet(small, inflate)


def million_row_csv() -> bytes:
    return (HEADER + "\n" + "a\n" * 1_000_000).encode()


def huge_field_csv() -> bytes:
    return (HEADER + "\n" + "Ana,Moss,1970-02-03,,,,,,\n" + "x" * 200_000 + ",Hart,,,,,,,\n").encode()


FILES = {
    # name: (make the file, the file name, what the person is told)
    "huge dimension": (huge_dimension_xlsx, "students.xlsx", "says its first sheet has 1,048,576 rows"),
    "million rows": (million_row_csv, "students.csv", "more than 100,000 rows after the header"),
    "zip bomb": (zip_bomb_xlsx, "students.xlsx", "but unpacks to 63 MB"),
    "huge field": (huge_field_csv, "students.csv", "This cell has 200,000 characters"),
}


@pytest.fixture
def no_row_parsed(monkeypatch):
    """Fails the test if openpyxl parses any row of a sheet (reading its declared dimension is allowed)."""

    def parse(self):
        raise AssertionError("a row was parsed: the workbook should have been refused before this")

    monkeypatch.setattr(WorkSheetParser, "parse", parse)


def _bounded(action):
    """Run action; return what it returned and its peak Python memory in MB, after checking the time."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < GENEROUS_SECONDS
    return result, peak / (1024 * 1024)


def test_the_files_are_what_the_probe_sent():
    assert len(huge_dimension_xlsx()) < 10_000
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 60 * 1024 * 1024
    assert 2_000_000 < len(million_row_csv()) < 5 * 1024 * 1024  # under the upload limit


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_exhausting_file_uploaded_is_answered_kindly_in_bounded_memory(
    name, client_for, django_capture_on_commit_callbacks, no_row_parsed
):
    make, filename, message = FILES[name]
    data = make()
    client = client_for("centre_manager")

    def upload_and_preview():
        upload = io.BytesIO(data)
        upload.name = filename
        # Files over WARP_IMPORT_BACKGROUND_BYTES are checked by the task worker: run it.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("students:import-upload"), {"file": upload})
        return client.get(response["Location"])

    page, peak = _bounded(upload_and_preview)
    assert page.status_code == 200
    text = page.content.decode()
    assert message in text
    assert peak < PEAK_MB, f"{name}: {peak:.0f} MB"
    assert len(text) < 200_000  # the page of a million rows was 384 MB
    assert not Student.objects.exists()
    stored = StudentImport.objects.get()
    assert stored.state == "ready" and not stored.is_complete


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_exhausting_file_dry_run_from_the_command_line_is_answered_kindly_in_bounded_memory(
    name, tmp_path, capsys, no_row_parsed
):
    make, filename, message = FILES[name]
    path = tmp_path / filename
    path.write_bytes(make())
    code, peak = _bounded(lambda: warp_main(["import", "students", str(path), "--dry-run"]))
    out = capsys.readouterr()
    assert message in out.out
    assert "Traceback" not in out.out + out.err
    assert peak < PEAK_MB, f"{name}: {peak:.0f} MB"
    # A refused file is exit code 2; the huge field is one bad row among good ones, exit code 1.
    assert code == (1 if name == "huge field" else 2)


def test_the_huge_field_is_a_bad_row_with_its_row_and_column_on_the_page_and_from_the_cli(
    client_for, tmp_path, capsys
):
    path = tmp_path / "students.csv"
    path.write_bytes(huge_field_csv())
    assert warp_main(["import", "students", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "Checked 2 rows: 1 ready to import, 1 with problems." in out
    assert "row 3, column first_name: This cell has 200,000 characters" in out

    client = client_for("centre_manager")
    upload = io.BytesIO(huge_field_csv())
    upload.name = "students.csv"
    page = client.get(client.post(reverse("students:import-upload"), {"file": upload})["Location"])
    text = page.content.decode()
    assert (
        '<th scope="row" class="nhsuk-table__cell">3</th><td class="nhsuk-table__cell">first_name</td>'
        in text
    )
    assert "at most 10,000" in text
    assert "Import 1 new student" in text


def _declaring(ref: bytes) -> bytes:
    small = _workbook([HEADER.split(","), ["Ana", "Moss"]])

    def declare(xml: bytes, target: zipfile.ZipFile) -> None:
        start = xml.index(b'<dimension ref="')
        end = xml.index(b'"', start + len(b'<dimension ref="'))
        target.writestr("xl/worksheets/sheet1.xml", xml[:start] + b'<dimension ref="' + ref + xml[end:])

    return _with_sheet(small, declare)


def test_a_workbook_declaring_more_columns_than_an_import_needs_is_refused_before_any_row_is_read():
    """Each defence on its own: with the declared size forgotten, a wide declaration would be read; it is
    refused from the declaration alone, saying what to do."""
    from warp.core.imports import ImportFileError, read_table

    with pytest.raises(ImportFileError, match="columns"):
        read_table(_declaring(b"A1:BZZ2"), "wide.xlsx", set(HEADER.split(",")))


def test_rows_are_as_long_as_their_cells_not_the_width_a_workbook_declares():
    """A workbook may declare a width within the limit (here 1,000 columns) that its rows do not have:
    rows are read as long as their own cells, never padded out to the declaration."""
    from warp.core.imports import _rows_from_xlsx

    rows = list(_rows_from_xlsx(_declaring(b"A1:ALL2"), max_rows=10))
    assert [len(row) for row in rows] == [len(HEADER.split(",")), 2]
