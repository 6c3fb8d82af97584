"""Hostile spreadsheets through every importer: the CLI's path, the upload page and its preview.

Whatever the rows or bytes, an import answers with a report naming row, column and reason (or, for a file
that cannot be read at all, one kind sentence): never an exception.
"""

import csv
import io

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.personas import sign_in_fully
from tests.security.fuzzing import FUZZ, hostile_value
from warp.cli import IMPORT_KINDS, importer_for
from warp.core.imports import ImportFileError, ImportReport, run_import_cli

pytestmark = pytest.mark.django_db

KINDS = sorted(IMPORT_KINDS)


def _columns(kind: str) -> list[str]:
    from warp.importers import (
        IMPORTS,  # every import's columns, in one list (one module may hold two imports)
    )

    return list(IMPORTS[kind].columns)


cell = st.one_of(
    hostile_value, st.just(""), st.sampled_from(["2026-03-01", "01/03/2026", "REC-1", "yes", "carer"])
)


@st.composite
def table(draw, kind: str) -> list[list[str]]:
    """A header (the real columns, some dropped, some unknown, shuffled) and rows of hostile cells, some
    short and some too long."""
    header = draw(st.permutations(_columns(kind)))
    header = [name for name in header if draw(st.integers(0, 9))] + draw(
        st.lists(st.text(max_size=8), max_size=2)
    )
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=6))
    return [header, *rows]


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])  # Excel cannot hold these
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_report(report) -> None:
    assert isinstance(report, ImportReport)
    for problem in [*report.errors, *report.notes]:
        assert problem.row >= 2 and problem.column and problem.reason, problem


def _run(kind, data, filename, personas, dry_run, valid_rows):
    savepoint = transaction.savepoint()
    try:
        try:
            report = importer_for(kind)(
                data,
                filename,
                dry_run=dry_run,
                import_valid_rows=valid_rows,
                imported_by=personas["centre_manager"],
            )
        except ImportFileError as exc:
            assert str(exc).strip(), "a file-level problem must say what it is"
        else:
            _check_report(report)
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_rows_give_a_report_never_an_exception(kind, personas):
    @FUZZ
    @given(rows=table(kind), as_xlsx=st.booleans(), dry_run=st.booleans(), valid_rows=st.booleans())
    def import_hostile(rows, as_xlsx, dry_run, valid_rows):
        data, name = (_xlsx(rows), "f.xlsx") if as_xlsx else (_csv(rows), "f.csv")
        _run(kind, data, name, personas, dry_run, valid_rows)

    import_hostile()


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_bytes_give_a_report_or_a_kind_refusal(kind, personas):
    @FUZZ
    @given(data=st.binary(max_size=400), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "F.CSV", "f"]))
    @example(
        data=b"REC-\x001,2026-03-01,\x00,\x00,\x00,\x00,\x00\n", name="f.csv"
    )  # NUL: PostgreSQL refuses it
    def import_bytes(data, name):
        header = ",".join(_columns(kind)).encode() + b"\n"
        _run(kind, header + data if name.lower().endswith(".csv") else data, name, personas, True, False)

    import_bytes()


@pytest.mark.parametrize("kind", KINDS)
def test_command_line_import_answers_with_an_exit_code(kind, personas, tmp_path, capsys):
    @FUZZ
    @given(rows=table(kind), dry_run=st.booleans())
    def cli_hostile(rows, dry_run):
        path = tmp_path / "import.csv"
        path.write_bytes(_csv(rows))
        savepoint = transaction.savepoint()
        try:
            code = run_import_cli(
                importer=importer_for(kind), path=str(path), dry_run=dry_run, import_valid_rows=False
            )
        finally:
            transaction.savepoint_rollback(savepoint)
        assert code in (0, 1, 2)
        assert capsys.readouterr().out.strip()

    cli_hostile()


def test_uploaded_hostile_file_is_previewed_kindly(client, personas):
    sign_in_fully(client, personas["centre_manager"])
    upload_url = reverse("students:import-upload")

    @FUZZ
    @given(rows=table("students"), raw=st.one_of(st.none(), st.binary(max_size=300)), as_xlsx=st.booleans())
    def upload_hostile(rows, raw, as_xlsx):
        name = "students.xlsx" if as_xlsx else "students.csv"
        data = raw if raw is not None else (_xlsx(rows) if as_xlsx else _csv(rows))
        savepoint = transaction.savepoint()
        try:
            response = client.post(upload_url, {"file": _named(data, name)})
            if response.status_code == 200:  # an empty file is refused by the upload form itself
                assert 'class="nhsuk-error-summary"' in response.content.decode()
                return
            assert response.status_code == 302, response.status_code
            preview = client.get(response["Location"])
            assert preview.status_code == 200
            confirm = client.post(response["Location"], {"import_valid_rows": "on"})
            assert confirm.status_code in (200, 302)
        finally:
            transaction.savepoint_rollback(savepoint)

    upload_hostile()


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
