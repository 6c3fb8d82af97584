import io
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_student
from warp.cli import main as warp_main
from warp.core.imports import ImportFileError
from warp.students.imports import import_students
from warp.students.models import Student, StudentImport

pytestmark = pytest.mark.django_db

HEADER = "registration_number,first_name,last_name,date_of_birth,gender,postcode,email,phone,identities,registered_on"


def csv_of(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


GOOD = csv_of(
    "OLD-001,Ana,Moss,1970-02-03,Woman,bh2 5ab,ana@example.org,01202 000001,carer,2013-01-15",
    ",Ben,Hart,03/04/1985,male,DT1 1AA,,,secondary-care; A carer or supporter,15/06/2012",
    ",Cy,Lowe,,,,,,,",
)


def run(data: bytes, *, dry_run=False, import_valid_rows=False, filename="students.csv"):
    return import_students(
        data, filename, dry_run=dry_run, import_valid_rows=import_valid_rows, today=date(2014, 9, 1)
    )


def test_import_creates_students_with_both_date_formats():
    report = run(GOOD)
    assert (report.saved, report.created, report.errors) == (True, 3, [])
    ana = Student.objects.get(first_name="Ana")
    ben = Student.objects.get(first_name="Ben")
    assert ana.date_of_birth == date(1970, 2, 3) and ana.registered_on == date(2013, 1, 15)
    assert ben.date_of_birth == date(1985, 4, 3) and ben.registered_on == date(2012, 6, 15)
    assert ana.registration_number == "OLD-001" and ana.postcode == "BH2 5AB"
    assert ben.gender == "man"
    assert set(ben.identities.values_list("code", flat=True)) == {"secondary-care", "carer"}
    assert ben.registration_number == f"REC-{ben.pk:05d}"


def test_imported_students_are_historic_and_a_missing_date_of_birth_is_noted():
    report = run(GOOD)
    cy = Student.objects.get(first_name="Cy")
    assert cy.is_historic and cy.date_of_birth is None
    assert cy.registered_on == date(2014, 9, 1)  # blank registered_on means today
    assert [(n.row, n.column) for n in report.notes] == [(4, "date_of_birth")]
    assert Student.objects.filter(is_historic=True).count() == 3


def test_importing_the_same_file_twice_changes_nothing():
    run(GOOD)
    before = list(Student.objects.order_by("pk").values())
    again = run(GOOD)
    assert (again.created, again.already_present, again.errors) == (0, 3, [])
    assert list(Student.objects.order_by("pk").values()) == before


def test_a_row_matching_a_registered_student_by_email_or_name_and_birth_date_is_already_present():
    make_student(first_name="Ana", last_name="Moss", email="ANA@example.org", date_of_birth=date(1960, 1, 1))
    make_student(first_name="BEN", last_name="hart", email="ben@example.org", date_of_birth=date(1985, 4, 3))
    report = run(GOOD)
    assert (report.created, report.already_present) == (1, 2)


def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_saved():
    data = csv_of(
        ",Good,Row,1980-01-01,,BH1 1AA,good@example.org,,,2013-01-01",
        ",,Nameless,31/02/1980,robot,XX,not-an-email,call me,wizard,tomorrow",
    )
    report = run(data)
    assert not report.saved and report.created == 0
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "first_name"),
        (3, "date_of_birth"),
        (3, "gender"),
        (3, "postcode"),
        (3, "email"),
        (3, "phone"),
        (3, "identities"),
        (3, "registered_on"),
    }
    assert all(e.reason for e in report.errors)
    assert not Student.objects.exists()


def test_an_unknown_identity_names_the_allowed_values():
    report = run(csv_of(",Dee,Ray,1980-01-01,,,,,peer mentor,2013-01-01"))
    [error] = report.errors
    assert error.column == "identities" and "peer mentor" in error.reason
    for allowed in ("secondary-care", "primary-care", "carer", "trust-staff", "charity-staff", "other"):
        assert allowed in error.reason


def test_import_valid_rows_imports_the_good_rows_and_reports_the_others():
    data = csv_of(
        ",Good,Row,1980-01-01,,BH1 1AA,good@example.org,,,2013-01-01",
        ",Bad,Row,not a date,,,,,,2013-01-01",
    )
    report = run(data, import_valid_rows=True)
    assert report.saved and report.created == 1 and report.rows_with_errors == 1
    assert list(Student.objects.values_list("first_name", flat=True)) == ["Good"]


def test_dry_run_checks_everything_and_saves_nothing():
    report = run(GOOD, dry_run=True)
    assert report.created == 3 and not report.saved
    assert not Student.objects.exists()


def test_duplicate_rows_within_one_file_are_caught():
    data = csv_of(
        ",Eve,Stone,1990-01-01,,,eve@example.org,,,2013-01-01",
        ",Evelyn,Stone,1991-01-01,,,EVE@example.org,,,2013-01-01",
        ",Eve,Stone,1990-01-01,,,,,,2013-01-01",
    )
    report = run(data)
    assert [(e.row, e.column) for e in report.errors] == [(3, "email"), (4, "first_name")]
    assert "row 2" in report.errors[0].reason


def test_xlsx_files_import_with_real_dates():
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "",
            "Fay",
            "Quinn",
            datetime(1977, 7, 7),
            "Woman",
            "BH8 8AA",
            "fay@example.org",
            "",
            "trust-staff",
            datetime(2013, 5, 1),
        ]
    )
    sheet.append(["", "Gil", "Ward", "07/08/1966", "", "", "", "", "", "2013-05-02"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(buffer.getvalue(), filename="students.xlsx")
    assert report.errors == [] and report.created == 2
    assert Student.objects.get(first_name="Fay").date_of_birth == date(1977, 7, 7)
    assert Student.objects.get(first_name="Gil").date_of_birth == date(1966, 8, 7)


def test_missing_columns_are_named():
    with pytest.raises(ImportFileError, match="date_of_birth"):
        run(b"first_name,last_name\nA,B\n")


def test_a_file_of_1300_rows_imports():
    rows = [
        f",Person{n},Family{n % 97},{1940 + n % 60}-{1 + n % 12:02d}-{1 + n % 28:02d},,BH{1 + n % 25} {n % 10}AB,"
        f"p{n}@example.org,,carer;other,2013-{1 + n % 12:02d}-01"
        for n in range(1300)
    ]
    report = run(csv_of(*rows))
    assert report.errors == [] and report.created == 1300
    assert Student.objects.count() == 1300
    assert Student.identities.through.objects.count() == 2600
    assert len(set(Student.objects.values_list("registration_number", flat=True))) == 1300


def test_cli_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_of(",Bad,Row,not a date,,,,,,2013-01-01"))
    assert warp_main(["import", "students", str(tmp_path / "missing.csv")]) == 2
    assert warp_main(["import", "students", str(bad)]) == 1
    assert "row 2, column date_of_birth" in capsys.readouterr().out
    assert warp_main(["import", "students", str(good), "--dry-run"]) == 0
    assert not Student.objects.exists()
    assert warp_main(["import", "students", str(good)]) == 0
    assert Student.objects.count() == 3


def test_upload_page_previews_then_imports_on_confirm(client_for, personas):
    client = client_for("centre_manager")
    upload = io.BytesIO(GOOD)
    upload.name = "students.csv"
    response = client.post(reverse("students:import-upload"), {"file": upload})
    stored = StudentImport.objects.get()
    assert response["Location"] == reverse("students:import-preview", args=[stored.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Import 3 new students" in preview
    assert not Student.objects.exists()
    client.post(response["Location"], {})
    assert Student.objects.count() == 3
    stored.refresh_from_db()
    assert stored.is_complete and stored.created_count == 3 and bytes(stored.data) == b""
    assert Student.objects.first().registered_by == personas["centre_manager"]


def test_upload_page_shows_errors_as_a_table_and_imports_nothing_without_the_tick(client_for):
    client = client_for("administrator")
    upload = io.BytesIO(csv_of(",Good,Row,1980-01-01,,,,,,2013-01-01", ",Bad,Row,1980-13-01,,,,,,2013-01-01"))
    upload.name = "mixed.csv"
    url = client.post(reverse("students:import-upload"), {"file": upload})["Location"]
    page = client.get(url).content.decode()
    assert '<th scope="row" class="nhsuk-table__cell">3</th>' in page and "date_of_birth" in page
    client.post(url, {})
    assert not Student.objects.exists()
    client.post(url, {"import_valid_rows": "on"})
    assert list(Student.objects.values_list("first_name", flat=True)) == ["Good"]


def test_upload_page_refuses_other_file_types(client_for):
    upload = io.BytesIO(b"hello")
    upload.name = "notes.txt"
    response = client_for("centre_manager").post(reverse("students:import-upload"), {"file": upload})
    assert "Choose a .csv or .xlsx file" in response.content.decode()
    assert not StudentImport.objects.exists()


@pytest.mark.parametrize("how_many", [2, 12])
def test_upload_page_query_count_does_not_grow_with_past_imports(
    client_for, personas, django_assert_max_num_queries, how_many
):
    from warp.students.imports import student_import_store

    for n in range(how_many):
        student_import_store(filename=f"f{n}.csv", data=GOOD, uploaded_by=personas["centre_manager"])
    client = client_for("centre_manager")
    # session, user, the ten most recent imports with who uploaded them
    with django_assert_max_num_queries(3):
        assert client.get(reverse("students:import-upload")).status_code == 200


def test_imported_student_whose_number_is_already_held_gets_a_suffix():
    existing = make_student(first_name="Dee", last_name="Ray")
    next_pk = existing.pk + 2  # Eve takes existing.pk + 1 with her own old number, Fin the one after
    report = run(
        csv_of(
            f"REC-{next_pk:05d},Eve,Stone,1970-01-01,,,,,,2013-01-15",
            ",Fin,Lake,1971-01-01,,,,,,2013-01-15",
            ",Gus,Bell,1972-01-01,,,,,,2013-01-15",
        )
    )
    assert report.saved and report.errors == []
    fin = Student.objects.get(first_name="Fin")
    gus = Student.objects.get(first_name="Gus")
    assert fin.pk == next_pk
    assert fin.registration_number == f"REC-{fin.pk:05d}-2"
    assert gus.registration_number == f"REC-{gus.pk:05d}"


def test_reimporting_a_name_with_a_capital_beyond_ascii_finds_the_student_already_here():
    data = csv_of(",Émile,Özil,1980-01-01,,,,,,2013-01-01")
    run(data)
    again = run(data)  # SQLite's lower() leaves "Ö" alone; the student must still be recognised
    assert (again.saved, again.created, again.already_present) == (True, 0, 1)
    assert Student.objects.count() == 1


def test_an_email_too_long_to_store_is_reported():
    report = run(csv_of(f",Long,Mail,1980-01-01,,,{'a' * 250}@example.org,,,2013-01-01"))
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        (2, "email", "This is longer than 254 characters.")
    ]
    assert not Student.objects.exists()


def test_a_bulk_import_numbers_its_students_in_file_order_without_gaps():
    rows = [f",Person{n},Family{n},1980-01-{1 + n % 28:02d},,,,,,2013-01-01" for n in range(300)]
    assert run(csv_of(*rows)).created == 300
    saved = list(Student.objects.order_by("pk").values_list("pk", "first_name", "registration_number"))
    pks = [pk for pk, _, _ in saved]
    assert pks == list(range(pks[0], pks[0] + 300))
    assert [first for _, first, _ in saved] == [f"Person{n}" for n in range(300)]
    assert [number for _, _, number in saved] == [f"REC-{pk:05d}" for pk in pks]


def test_imported_students_never_take_the_id_of_a_deleted_student():
    gone = make_student(first_name="Gone", last_name="Away")
    gone_pk = gone.pk
    gone.delete()
    run(csv_of(",Ann,New,1980-01-01,,,,,,2013-01-01"))
    assert Student.objects.get().pk > gone_pk


def test_a_student_registered_after_an_import_gets_the_next_number():
    run(GOOD)
    later = make_student(first_name="Late", last_name="Comer")
    assert later.pk == Student.objects.exclude(pk=later.pk).order_by("-pk").first().pk + 1
    assert later.registration_number == f"REC-{later.pk:05d}"


def test_a_number_already_held_in_another_case_is_not_given_again():
    existing = make_student(first_name="Dee", last_name="Ray")
    next_pk = existing.pk + 2
    report = run(
        csv_of(
            f"rec-{next_pk:05d},Eve,Stone,1970-01-01,,,,,,2013-01-15",
            ",Fin,Lake,1971-01-01,,,,,,2013-01-15",
        )
    )
    assert report.errors == []
    assert Student.objects.get(first_name="Fin").registration_number == f"REC-{next_pk:05d}-2"


def test_an_import_that_fails_part_way_saves_nothing(monkeypatch):
    # Someone registers Ana between the check and the save: the database refuses the second Ana, and the
    # import's one transaction leaves nothing of the file behind.
    from django.db import IntegrityError

    import warp.students.imports as imports

    make_student(first_name="Ana", last_name="Moss", email="ana@example.org", date_of_birth=date(1970, 2, 3))
    monkeypatch.setattr(imports, "_existing_keys", lambda rows: set())
    with pytest.raises(IntegrityError):
        run(GOOD)
    assert list(Student.objects.values_list("first_name", flat=True)) == ["Ana"]
    assert not Student.identities.through.objects.filter(student__first_name__in=["Ben", "Cy"]).exists()


def _people(count: int) -> bytes:
    rows = []
    for n in range(count):
        number = f"OLD-{n}" if n % 5 == 0 else ""
        rows.append(
            f"{number},Person{n},Family{n % 7},1980-01-{1 + n % 28:02d},Woman,BH1 1AA,p{n}@example.org,,"
            "carer;other,2013-01-01"
        )
    return csv_of(*rows)


@pytest.mark.parametrize("rows", [50, 500])
def test_import_query_count_does_not_grow_with_rows(django_assert_max_num_queries, rows):
    data = _people(rows)
    # identities; existing numbers, emails, names; savepoint; ids reserved (one read); numbers already
    # held; students, then identities, each
    # inserted in one statement (SQLite: page cache read, set, insert, restored; PostgreSQL: one COPY, which
    # the query log does not see); consent records, then one audit entry per student, one statement each;
    # savepoint released
    with django_assert_max_num_queries(21):
        report = run(data)
    assert report.created == rows and Student.objects.count() == rows
    # the same file again: identities, the three key queries, nothing saved
    with django_assert_max_num_queries(4):
        again = run(data)
    assert (again.created, again.already_present) == (0, rows)


def test_every_imported_student_gets_an_audit_entry_naming_who_imported_them_and_the_file(personas):
    from warp.audit.models import AuditEntry

    manager = personas["centre_manager"]
    import_students(GOOD, "old-list.csv", dry_run=False, import_valid_rows=False, imported_by=manager)
    entries = AuditEntry.objects.filter(action="create", model="students.Student")
    assert sorted(entries.values_list("student_id", flat=True)) == sorted(
        Student.objects.values_list("pk", flat=True)
    )
    assert {(e.user_id, e.role, e.note) for e in entries} == {
        (manager.pk, manager.role, "Imported from old-list.csv")
    }
    run(GOOD)  # a re-import creates nobody, so it records nobody
    assert AuditEntry.objects.filter(action="create", model="students.Student").count() == 3


def test_confirming_an_import_that_clashes_with_a_new_registration_explains_and_keeps_the_file(
    client_for, monkeypatch
):
    import warp.students.imports as imports

    client = client_for("centre_manager")
    upload = io.BytesIO(GOOD)
    upload.name = "students.csv"
    response = client.post(reverse("students:import-upload"), {"file": upload})
    preview = response["Location"]
    # Ana registers at the desk after the preview and before the confirm.
    make_student(first_name="Ana", last_name="Moss", email="ana@example.org", date_of_birth=date(1970, 2, 3))
    monkeypatch.setattr(imports, "_existing_keys", lambda rows: set())  # the check misses her, as in a race
    page = client.post(preview, {"import_valid_rows": ""}, follow=True)
    assert page.status_code == 200
    assert "registered while you were importing" in page.content.decode()
    assert list(Student.objects.values_list("first_name", flat=True)) == ["Ana"]
    assert StudentImport.objects.get().completed_at is None  # the file is kept, to confirm again


def test_every_imported_student_has_a_consent_record_for_holding_their_details(personas):
    from django.conf import settings

    from warp.students.models import ConsentRecord

    manager = personas["centre_manager"]
    import_students(GOOD, "old-list.csv", dry_run=False, import_valid_rows=False, imported_by=manager)
    records = ConsentRecord.objects.all()
    assert sorted(r.student_id for r in records) == sorted(Student.objects.values_list("pk", flat=True))
    assert {(r.kind, r.given, r.how, r.notice_version, r.recorded_by_id) for r in records} == {
        ("data", True, "import", settings.PRIVACY_NOTICE_VERSION, manager.pk)
    }
    run(GOOD)  # a re-import creates nobody, so it records no consent
    assert ConsentRecord.objects.count() == 3


def test_a_phone_number_too_short_to_call_is_refused_as_the_registration_form_refuses_it():
    report = run(csv_of(",Dee,Ray,1980-01-01,,,,07700 90,,2013-01-01"))
    [error] = report.errors
    assert (error.row, error.column) == (2, "phone") and "07700 900123" in error.reason
    assert run(csv_of(",Dee,Ray,1980-01-01,,,,+44 (0)7700 900123,,2013-01-01")).errors == []
