import csv
import io
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_student
from warp import audit
from warp.audit.models import AuditEntry
from warp.core.csvsafe import csv_writer, safe_cell
from warp.students.models import PostcodeDistrict, Student
from warp.students.services import postcode_district_add


@pytest.mark.parametrize("dangerous", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_made_text(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


def test_ordinary_cells_and_numbers_are_left_alone():
    assert safe_cell("Sam Rivers") == "Sam Rivers"
    assert safe_cell(-3) == -3
    out = io.StringIO()
    csv_writer(out).writerow(["=HYPERLINK(1)", "plain", 5])
    assert out.getvalue().strip() == "'=HYPERLINK(1),plain,5"


@pytest.mark.django_db
def test_the_work_register_and_evaluation_exports_use_the_safe_writer():
    from pathlib import Path

    import warp

    root = Path(warp.__file__).parent
    writers = [p for p in root.rglob("*.py") if "csv.writer(" in p.read_text() and p.name != "csvsafe.py"]
    assert not writers, f"Use warp.core.csvsafe.csv_writer in {writers}"


@pytest.mark.django_db
def test_audit_log_search_by_student_action_and_time(personas, client_for):
    one, two = make_student(), make_student()
    audit.record(user=personas["centre_manager"], action="view", obj=one)
    audit.record(user=personas["admissions_tutor"], action="change", obj=two)
    client = client_for("administrator")
    page = client.get(reverse("privacy:audit-log"), {"student": one.registration_number})
    entries = list(page.context["page"].object_list)
    assert entries and {e.student_id for e in entries} == {one.pk}
    page = client.get(reverse("privacy:audit-log"), {"action": "change", "person": "tutor"})
    assert {e.student_id for e in page.context["page"].object_list} == {two.pk}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.get(reverse("privacy:audit-log"), {"since": tomorrow})
    assert not page.context["page"].object_list


@pytest.mark.django_db
def test_the_audit_csv_is_safe_not_cached_and_itself_audited(personas, client_for):
    student = make_student()
    audit.record(user=personas["centre_manager"], action="view", obj=student, note="=cmd|' /C calc'!A0")
    response = client_for("administrator").get(
        reverse("privacy:audit-log-csv"), {"student": student.registration_number}
    )
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][-1].startswith("'=")
    assert AuditEntry.objects.filter(action="export", model="audit.AuditEntry", role="administrator").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("entries", [3, 30])
def test_audit_log_query_count_does_not_grow(entries, personas, client_for, django_assert_max_num_queries):
    student = make_student()
    for _ in range(entries):
        audit.record(user=personas["centre_manager"], action="view", obj=student)
    client = client_for("administrator")
    # session, user, count for the paginator, the page of entries, the page's students' registration numbers
    with django_assert_max_num_queries(5):
        response = client.get(reverse("privacy:audit-log"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f"Viewed the student record of {student.registration_number}") == entries
    assert "Centre manager" in page and "centre_manager" not in page


# transaction=True: SQLite's backup API needs the data committed. pytest-django runs such tests after the
# others; serialized_rollback restores the seeded rows after its flush (tests/conftest.py requires it).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_the_data_on_sqlite(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite backup path; PostgreSQL uses pg_dump")
    # Another transactional test may have flushed the seeded service area before this one.
    if not PostcodeDistrict.objects.filter(code="BH").exists():
        postcode_district_add(code="BH")
    kept = make_student(first_name="Kept")
    target = tmp_path / "warp-backup.sqlite3"
    call_command("backup", output=str(target), stdout=io.StringIO())
    with sqlite3.connect(target) as copy:
        assert copy.execute("select first_name from students_student where id = ?", [kept.pk]).fetchone() == (
            "Kept",
        )
    copy.close()
    Student.objects.filter(pk=kept.pk).update(first_name="Changed after the backup")
    make_student(first_name="Added after the backup")
    call_command("restore", input=str(target), yes=True, stdout=io.StringIO())
    assert Student.objects.get(pk=kept.pk).first_name == "Kept"
    assert not Student.objects.filter(first_name="Added after the backup").exists()


def _row_counts(cursor, tables) -> dict[str, int]:
    return {table: cursor.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}  # noqa: S608


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_warp_backup_then_restore_into_an_empty_database_loses_no_row_of_any_table(tmp_path, personas):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite backup path; PostgreSQL uses pg_dump")
    from warp.cli import main

    _populate_every_kind_of_row(personas)
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = _row_counts(cursor, tables)
    assert before["students_student"] >= 1 and before["bookings_attendance"] >= 1
    target = tmp_path / "warp-backup.sqlite3"
    assert main(["backup", str(target)]) == 0

    empty = tmp_path / "empty.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{empty}", "WARP_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "warp.cli", "restore", str(target), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(empty) as restored:
        after = _row_counts(restored, tables)
    restored.close()
    assert after == before


def _populate_every_kind_of_row(personas) -> None:
    """A student with a plan, a booking, an attendance mark and a consent record; staff with app keys and
    recovery codes; audit entries: rows in most tables, through the real services."""
    from tests.factories import make_run
    from warp.accounts.services import recovery_codes_generate
    from warp.bookings.services import attendance_mark, booking_create
    from warp.students.services import learning_plan_agree

    if not PostcodeDistrict.objects.filter(code="BH").exists():
        postcode_district_add(code="BH")
    student = make_student(first_name="Round", phone="07700 900222")
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Hopes")
    run = make_run(session_days=[-7], trainers=[personas["peer_trainer"]])
    booking_create(student=student, course_run=run, by=None, now=timezone.now() - timedelta(days=30))
    attendance_mark(session=run.sessions.get(), student=student, mark="present", by=personas["peer_trainer"])
    recovery_codes_generate(user=personas["administrator"])


def _pg_rows(cursor, table: str) -> list[str]:
    """Every row of the table, as text, in a stable order: the table's content, whatever its columns."""
    cursor.execute(f'select t::text from "{table}" as t')  # noqa: S608 - table names from introspection
    return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_warp_backup_then_restore_into_an_empty_postgresql_database_loses_nothing(tmp_path, personas):
    if connection.vendor != "postgresql":
        pytest.skip("The PostgreSQL backup path (pg_dump and pg_restore)")
    import psycopg

    from warp.cli import main

    _populate_every_kind_of_row(personas)
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = {table: _pg_rows(cursor, table) for table in tables}
        cursor.execute("select sequencename, last_value from pg_sequences where schemaname = 'public'")
        sequences_before = sorted(cursor.fetchall())
    assert before["students_student"] and before["bookings_attendance"] and before["mfa_authenticator"]
    target = tmp_path / "warp-backup.pgdump"
    assert main(["backup", str(target)]) == 0
    assert target.read_bytes().startswith(b"PGDMP")

    db = connection.settings_dict
    server = {"host": db["HOST"] or "localhost", "port": db["PORT"] or 5432, "user": db["USER"]}
    server["password"] = db["PASSWORD"] or None
    scratch = f"{db['NAME']}_restore_{os.getpid()}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'drop database if exists "{scratch}"')
        admin.execute(f'create database "{scratch}"')
    try:
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{server['host']}:{server['port']}/{scratch}"
        env = {**os.environ, "DATABASE_URL": url, "WARP_DATA_DIR": str(tmp_path / "data")}
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "warp.cli", "restore", str(target), "--yes"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        with psycopg.connect(dbname=scratch, **server) as restored, restored.cursor() as cursor:
            cursor.execute("select tablename from pg_tables where schemaname = 'public'")
            assert sorted(row[0] for row in cursor.fetchall()) == sorted(tables)
            for table in tables:
                assert _pg_rows(cursor, table) == before[table], table
            cursor.execute("select sequencename, last_value from pg_sequences where schemaname = 'public'")
            assert sorted(cursor.fetchall()) == sequences_before
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'drop database if exists "{scratch}" with (force)')


def _backup_mode(path) -> str:
    return oct(os.stat(path).st_mode & 0o777)


# SQLite's backup API needs the data committed
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sqlite_backup_is_private_while_it_is_being_written(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite backup path")
    from warp.privacy.management.commands import backup

    seen = []
    real_connect = sqlite3.connect

    def connect_and_look(path, *args, **kwargs):
        opened = real_connect(path, *args, **kwargs)  # the backup's pages are copied in right after this
        seen.append(_backup_mode(path))
        return opened

    monkeypatch.setattr(backup.sqlite3, "connect", connect_and_look)
    old_umask = os.umask(0o022)  # the usual umask, with which a file made the ordinary way is 644
    try:
        target = tmp_path / "warp-backup.sqlite3"
        call_command("backup", output=str(target), stdout=io.StringIO())
    finally:
        os.umask(old_umask)
    assert seen == ["0o600"]
    assert _backup_mode(target) == "0o600"


FAKE_PG_DUMP = """#!{python}
# Stands in for pg_dump: writes where pg_dump would (--file, else standard output) and records the mode
# its output file has while it writes.
import os, sys
args = sys.argv[1:]
out = open(args[args.index("--file") + 1], "wb") if "--file" in args else sys.stdout.buffer
with open({record!r}, "w") as record:
    record.write(oct(os.fstat(out.fileno()).st_mode & 0o777))
out.write(b"PGDMP fake archive")
out.flush()
"""


@pytest.mark.django_db
def test_a_pg_dump_backup_is_private_while_pg_dump_writes_it(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("The PostgreSQL backup path")
    import shutil

    from warp.privacy.management.commands import backup

    bin_dir, record = tmp_path / "bin", tmp_path / "mode-while-writing"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"
    fake.write_text(FAKE_PG_DUMP.format(python=sys.executable, record=str(record)))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(backup, "pg_tool", shutil.which)  # the pg_dump on PATH: the fake one
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "warp-backup.pgdump"
        call_command("backup", output=str(target), stdout=io.StringIO())
    finally:
        os.umask(old_umask)
    assert record.read_text() == "0o600"
    assert target.read_bytes() == b"PGDMP fake archive"
    assert _backup_mode(target) == "0o600"
