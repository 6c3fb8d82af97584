"""Every import offers an empty template: the header row its importer reads, in the documented order."""

import pytest
from django.urls import reverse

from tests.downloads import download_rows
from warp.cli import IMPORT_KINDS
from warp.core.exports import table_csv
from warp.core.imports import ImportFileError
from warp.importers import IMPORTS

pytestmark = pytest.mark.django_db


def test_the_command_line_and_the_templates_page_know_the_same_imports():
    assert set(IMPORT_KINDS) == set(IMPORTS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_each_template_is_the_header_row_its_import_reads_and_imports_nothing(client_for, kind, fmt):
    response = client_for("centre_manager").get(reverse("imports:template", args=[kind, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-import-template.{fmt}"'
    assert download_rows(response, fmt) == [list(IMPORTS[kind].columns)]
    report = IMPORTS[kind].run(
        response.content, f"template.{fmt}", dry_run=True, import_valid_rows=False, imported_by=None
    )
    assert not report.errors and report.total_rows == 0


@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_the_columns_marked_may_be_left_out_are_the_ones_the_import_does_without(kind):
    found = IMPORTS[kind]
    only_needed = [column for column in found.columns if column in found.required]
    found.run(table_csv(only_needed, []), "t.csv", dry_run=True, import_valid_rows=False, imported_by=None)
    for column in found.required:
        short = [name for name in only_needed if name != column]
        with pytest.raises(ImportFileError, match=column):
            found.run(table_csv(short, []), "t.csv", dry_run=True, import_valid_rows=False, imported_by=None)


def test_the_templates_page_lists_every_import_its_columns_and_its_downloads(client_for):
    page = client_for("administrator").get(reverse("imports:templates")).content.decode()
    for kind, found in IMPORTS.items():
        assert f"warp import {kind} FILE" in page
        assert reverse("imports:template", args=[kind, "xlsx"]) in page
        assert all(f"<code>{column}</code>" in page for column in found.columns)
    assert "<code>next_steps</code> (may be left out)" in page and "<code>changes</code> (may" not in page


def test_an_unknown_import_has_no_template(client_for):
    response = client_for("centre_manager").get("/imports/nonsense-template.csv")
    assert response.status_code == 404


def test_a_missing_column_points_to_the_templates(client_for):
    found = IMPORTS["reviews"]
    with pytest.raises(ImportFileError, match="Import templates"):
        found.run(
            table_csv(["registration_number"], []),
            "t.csv",
            dry_run=True,
            import_valid_rows=False,
            imported_by=None,
        )
