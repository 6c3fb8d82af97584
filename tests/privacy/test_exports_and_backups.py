import csv
import io
import sqlite3
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.students.factories import make_student
from warp import audit
from warp.audit.models import AuditEntry
from warp.core.csvsafe import csv_writer, safe_cell
from warp.students.models import PostcodeDistrict, Student


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
    # session, user, count for the paginator, the page of entries
    with django_assert_max_num_queries(4):
        response = client.get(reverse("privacy:audit-log"))
    assert response.status_code == 200


# transaction=True: SQLite's backup API needs the data committed. pytest-django runs such tests after the
# others, so the flush at its end does not take the seeded rows from anyone.
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_data_on_sqlite(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite backup path; PostgreSQL uses pg_dump")
    # Another transactional test may have flushed the seeded service area before this one.
    PostcodeDistrict.objects.get_or_create(code="BH")
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
