"""`warp import workshops FILE`: the issue's columns, row/column/reason errors, nothing saved from a file
with errors unless asked, and the same file twice changes nothing."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from tests.teams.factories import make_team
from warp.cli import main
from warp.outreach.imports import COLUMNS, import_workshops
from warp.outreach.models import HeldWorkshop, Workshop
from warp.teams.models import Team, TeamKind

HEADER = "held_on,setting,title,minutes,attendees,peer_facilitators,clinical_facilitators\n"
GOOD = HEADER + (
    "2025-10-06,Hillside Ward,Introduction to Recovery,45,7,1,1\n"
    "14/10/2025,hillside ward,Distress Tolerance,30,4,1,0\n"
    "2025-11-03,Crisis House,Introduction to Recovery,40,0,2,1\n"
)


def _import(text: str, name: str = "workshops.csv", **options):
    data = text.encode() if isinstance(text, str) else text
    options.setdefault("dry_run", False)
    options.setdefault("import_valid_rows", False)
    return import_workshops(data, name, today=date(2026, 1, 1), **options)


def test_the_columns_are_the_issues_columns_in_order():
    assert COLUMNS == [
        "held_on",
        "setting",
        "title",
        "minutes",
        "attendees",
        "peer_facilitators",
        "clinical_facilitators",
    ]


@pytest.mark.django_db
def test_rows_are_imported_with_their_headcounts_and_facilitators():
    make_team(name="Hillside Ward")
    report = _import(GOOD)
    assert (report.saved, report.created, report.errors) == (True, 3, [])
    rows = list(
        HeldWorkshop.objects.order_by("held_on").values_list(
            "team__name",
            "workshop__title",
            "minutes",
            "attendees",
            "peer_facilitators",
            "clinical_facilitators",
        )
    )
    assert rows == [
        ("Hillside Ward", "Introduction to Recovery", 45, 7, 1, 1),
        ("Hillside Ward", "Distress Tolerance", 30, 4, 1, 0),
        ("Crisis House", "Introduction to Recovery", 40, 0, 2, 1),
    ]
    assert all(HeldWorkshop.objects.values_list("is_imported", flat=True))


@pytest.mark.django_db
def test_an_unknown_setting_becomes_an_imported_ward_and_is_noted():
    make_team(name="Hillside Ward")
    report = _import(GOOD)
    crisis = Team.objects.get(name="Crisis House")
    assert (crisis.kind, crisis.is_imported) == (TeamKind.INPATIENT_WARD, True)
    assert not Team.objects.get(name="Hillside Ward").is_imported
    assert [(n.row, n.column) for n in report.notes if n.column == "setting"] == [(4, "setting")]
    assert set(Workshop.objects.filter(is_imported=True).values_list("title", flat=True)) == {
        "Introduction to Recovery",
        "Distress Tolerance",
    }


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    _import(GOOD)
    again = _import(GOOD)
    assert (again.created, again.already_present, again.errors) == (0, 3, [])
    assert HeldWorkshop.objects.count() == 3
    assert Team.objects.count() == 2 and Workshop.objects.count() == 2


@pytest.mark.django_db
def test_the_same_workshop_twice_in_one_file_is_an_error_on_the_second_row():
    report = _import(HEADER + "2025-10-06,Ward A,Intro,45,7,1,1\n2025-10-06,ward a,INTRO,45,9,1,1\n")
    assert [(e.row, e.column) for e in report.errors] == [(3, "held_on")]
    assert "same workshop as row 2" in report.errors[0].reason
    assert not HeldWorkshop.objects.exists()


@pytest.mark.django_db
def test_another_length_on_the_same_day_is_another_workshop():
    report = _import(HEADER + "2025-10-06,Ward A,Intro,45,7,1,1\n2025-10-06,Ward A,Intro,30,5,1,1\n")
    assert (report.created, report.errors) == (2, [])


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_saved():
    text = HEADER + (
        "2025-10-06,Ward A,Intro,45,7,1,1\n"
        "not a date,Ward A,Intro,46,-1,x,\n"
        ",,,0,3.5,1,1\n"
        "2027-01-01,Ward A,Intro,45,2,1,1\n"
    )
    report = _import(text)
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "held_on"),
        (3, "minutes"),
        (3, "attendees"),
        (3, "peer_facilitators"),
        (3, "clinical_facilitators"),
        (4, "held_on"),
        (4, "setting"),
        (4, "title"),
        (4, "minutes"),
        (4, "attendees"),
        (5, "held_on"),
    }
    minutes = next(e for e in report.errors if (e.row, e.column) == (3, "minutes"))
    assert "at most 45 minutes" in minutes.reason
    assert not report.saved and report.created == 0
    assert not HeldWorkshop.objects.exists() and not Team.objects.exists() and not Workshop.objects.exists()


@pytest.mark.django_db
def test_valid_rows_are_imported_only_when_asked():
    text = HEADER + "2025-10-06,Ward A,Intro,45,7,1,1\n2025-10-07,Ward A,Intro,60,7,1,1\n"
    report = _import(text, import_valid_rows=True)
    assert (report.saved, report.created, report.rows_with_errors) == (True, 1, 1)
    assert HeldWorkshop.objects.get().minutes == 45


@pytest.mark.django_db
def test_a_dry_run_checks_everything_and_saves_nothing():
    report = _import(GOOD, dry_run=True)
    assert (report.saved, report.created) == (False, 3)
    assert not HeldWorkshop.objects.exists() and not Team.objects.exists()


@pytest.mark.django_db
def test_xlsx_files_are_imported():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([datetime(2025, 10, 6), "Ward A", "Intro", 45.0, 7.0, 1, 1])
    out = io.BytesIO()
    book.save(out)
    report = _import(out.getvalue(), "workshops.xlsx")
    assert (report.saved, report.created, report.errors) == (True, 1, [])
    assert HeldWorkshop.objects.get().attendees == 7


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 60])
def test_import_queries_do_not_grow_with_rows(django_assert_max_num_queries, rows):
    lines = "".join(
        f"2025-10-{1 + n % 28:02d},Ward {n % 3},Workshop {n % 4},{1 + n % 45},{n},1,1\n" for n in range(rows)
    )
    # teams, workshops, existing held workshops; savepoint, new teams, new workshops, teams again,
    # workshops again, the held workshops (bulk), release
    with django_assert_max_num_queries(10):
        report = _import(HEADER + lines)
    assert report.created == rows


@pytest.mark.django_db
def test_warp_import_workshops_reads_a_file_and_prints_the_report(tmp_path, capsys):
    path = tmp_path / "workshops.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["import", "workshops", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported 3 new, 0 already here." in out and "'Hillside Ward' is new" in out
    assert main(["import", "workshops", str(path)]) == 0
    assert "Imported 0 new, 3 already here." in capsys.readouterr().out
    assert HeldWorkshop.objects.count() == 3


@pytest.mark.django_db
def test_warp_import_workshops_refuses_a_file_with_errors_and_says_what_to_do(tmp_path, capsys):
    path = tmp_path / "workshops.csv"
    path.write_text(HEADER + "2025-10-06,Ward A,Intro,50,7,1,1\n", encoding="utf-8")
    assert main(["import", "workshops", str(path)]) == 1
    out = capsys.readouterr().out
    assert "row 2, column minutes" in out and "--import-valid-rows" in out
    assert not HeldWorkshop.objects.exists()
    path.write_text(HEADER + "2025-10-06,Ward A,Intro,40,7,1,1\n2025-10-06,Ward A,Intro,50,7,1,1\n")
    assert main(["import", "workshops", str(path), "--import-valid-rows"]) == 1
    assert HeldWorkshop.objects.count() == 1


@pytest.mark.django_db
def test_the_teams_page_flags_a_ward_the_import_made(client_for):
    _import(GOOD)
    page = client_for("partnership_lead").get("/teams/").content.decode()
    assert "imported: check its kind" in page
