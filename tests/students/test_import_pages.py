"""The student import's pages: the dry run stored once and paged, large files run by the task worker with
their progress shown, "Already here" naming whom each row matched, the tick kept, and uploads kept only by
whoever uploaded them, for a day."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_student
from tests.students.test_imports import GOOD, csv_of
from warp.students import import_jobs
from warp.students.imports import student_import_store
from warp.students.models import Student, StudentImport

pytestmark = pytest.mark.django_db

MIXED = csv_of(",Good,Row,1980-01-01,,,,,,2013-01-01", ",Bad,Row,1980-13-01,,,,,,2013-01-01")


def _upload(client, data: bytes, name: str = "students.csv") -> str:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("students:import-upload"), {"file": upload})["Location"]


def _tick(page: str) -> str:
    return re.search(r'<input[^>]*name="import_valid_rows"[^>]*>', page).group(0)


def test_import_without_the_tick_keeps_the_preview_and_the_tick_and_says_what_to_do(client_for):
    client = client_for("centre_manager")
    url = _upload(client, MIXED)
    before = client.get(url).content.decode()
    page = client.post(url, {}).content.decode()
    assert not Student.objects.exists()
    # The same preview: the counts, the problem, the button, and the tick still offered (and not ticked).
    assert 'New students to add</dt><dd class="nhsuk-summary-list__value">1<' in page
    assert '<th scope="row" class="nhsuk-table__cell">3</th>' in page
    assert "Import 1 new student<" in page
    assert not re.search(r"\schecked", _tick(before)) and not re.search(r"\schecked", _tick(page))
    assert "Tick this box to import the 1 new student without problems" in page
    assert 'href="#id_import_valid_rows"' in page  # the error summary links to the tick
    # The tick, once given, imports the good row.
    client.post(url, {"import_valid_rows": "on"})
    assert list(Student.objects.values_list("first_name", flat=True)) == ["Good"]


def test_already_here_lists_which_row_matched_which_student_and_by_which_key(client_for):
    ana = make_student(first_name="Ana", last_name="Moss")
    bea = make_student(first_name="Bea", last_name="Quill", email="shared@example.org")
    cy = make_student(first_name="Cy", last_name="Lowe", date_of_birth=date(1990, 5, 6))
    for student, number in [(ana, "OLD-001"), (bea, "REC-7"), (cy, "REC-8")]:  # numbers as an old system gave
        Student.objects.filter(pk=student.pk).update(registration_number=number)
    data = csv_of(
        "OLD-001,Ana,Moss,1970-02-03,,,,,,2013-01-15",
        # Another person using Bea's email: the clash shows before anything is saved.
        ",Dee,Ray,1985-04-03,,,shared@example.org,,,2013-01-15",
        ",Cy,Lowe,1990-05-06,,,,,,2013-01-15",
        ",Eve,New,1991-01-01,,,,,,2013-01-15",
    )
    client = client_for("centre_manager")
    page = client.get(_upload(client, data)).content.decode()
    rows = re.findall(
        r'<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__cell">(\d+)</th>'
        r'<td class="nhsuk-table__cell">([^<]*)</td><td class="nhsuk-table__cell">([^<]*)</td></tr>',
        page.split('id="present"')[1],
    )
    assert rows == [
        ("2", "OLD-001 Ana Moss", "registration number"),
        ("3", "REC-7 Bea Quill", "email"),
        ("4", "REC-8 Cy Lowe", "name and date of birth"),
    ]
    assert Student.objects.count() == 3


def test_the_preview_shows_the_stored_dry_run_without_reading_the_file_again(
    client_for, django_assert_max_num_queries
):
    client = client_for("centre_manager")
    url = _upload(client, MIXED)
    stored = StudentImport.objects.get()
    assert stored.preview["total_rows"] == 2
    # Were the file read again, an empty file would say "This file is empty".
    StudentImport.objects.filter(pk=stored.pk).update(data=b"")
    # session, user, the upload with its stored report: however many rows the file had
    with django_assert_max_num_queries(3):
        page = client.get(url).content.decode()
    assert '<th scope="row" class="nhsuk-table__cell">3</th>' in page and "date_of_birth" in page


def test_the_preview_tables_are_paged(client_for):
    bad = [f",Bad{n},Row,not a date,,,,,,2013-01-01" for n in range(120)]
    client = client_for("centre_manager")
    url = _upload(client, csv_of(*bad))
    first = client.get(url).content.decode()
    assert first.count('<th scope="row" class="nhsuk-table__cell">') == 50
    assert "?problems=2#problems" in first and "Page 2 of 3" in first
    last = client.get(url, {"problems": 3}).content.decode()
    assert last.count('<th scope="row" class="nhsuk-table__cell">') == 20
    assert '<th scope="row" class="nhsuk-table__cell">121</th>' in last


def test_a_large_file_is_checked_and_imported_by_the_task_worker_with_its_progress_shown(
    client_for, settings, django_capture_on_commit_callbacks
):
    settings.WARP_IMPORT_BACKGROUND_BYTES = 10  # every file is "large"
    client = client_for("centre_manager")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        url = _upload(client, GOOD)
    waiting = client.get(url).content.decode()
    assert "Checking the file" in waiting and '<meta http-equiv="refresh" content="3">' in waiting
    assert "Waiting to start" in waiting
    assert f'href="{url}"' in waiting  # a link to look again, for browsers that ignore the refresh
    for callback in queued:  # the worker picks it up
        callback()
    assert import_jobs.import_progress(StudentImport.objects.get()) == (3, 3)
    preview = client.get(url).content.decode()
    assert "Import 3 new students" in preview and "refresh" not in preview

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(url, {})
    stored = StudentImport.objects.get()
    assert stored.state == "importing" and not Student.objects.exists()
    import_jobs.cache.set(import_jobs._progress_key(stored.pk), (1, 3))
    importing = client.get(url).content.decode()
    assert "Importing the students" in importing and "1 of 3 rows checked" in importing
    assert '<progress class="warp-progress" max="3" value="1"' in importing
    client.post(url, {})  # pressed again while it runs: nothing more is started
    for callback in queued:
        callback()
    assert Student.objects.count() == 3
    assert "Import finished" in client.get(url).content.decode()
    stored.refresh_from_db()
    assert stored.is_complete and stored.preview is None and bytes(stored.data) == b""


def test_a_queued_import_is_started_once_however_often_import_is_pressed(client_for, settings):
    settings.WARP_IMPORT_BACKGROUND_BYTES = 10
    client = client_for("centre_manager")
    url = _upload(client, GOOD)  # the check runs at once: outside a transaction, on_commit is immediate
    stored = StudentImport.objects.get()
    import_jobs.student_import_check(student_import=stored)
    import_jobs.student_import_queue(student_import=stored, import_valid_rows=False)
    with pytest.raises(ValidationError):
        import_jobs.student_import_queue(student_import=stored, import_valid_rows=False)
    assert client.get(url).status_code == 200


def test_an_upload_is_seen_only_by_whoever_uploaded_it(client_for, personas):
    url = _upload(client_for("administrator"), GOOD)
    manager = client_for("centre_manager")
    assert manager.get(url).status_code == 404
    assert "students.csv" not in manager.get(reverse("students:import-upload")).content.decode()


def test_an_upload_never_imported_is_gone_after_a_day(client_for, personas):
    old = student_import_store(filename="old.csv", data=GOOD, uploaded_by=personas["centre_manager"])
    StudentImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    client = client_for("centre_manager")
    assert client.get(reverse("students:import-preview", args=[old.pk])).status_code == 404
    _upload(client, GOOD)  # the next upload deletes it
    assert list(StudentImport.objects.values_list("filename", flat=True)) == ["students.csv"]


def test_retention_deletes_uploads_never_imported_after_a_day_and_keeps_finished_ones(personas):
    who = personas["centre_manager"]
    stale = student_import_store(filename="stale.csv", data=GOOD, uploaded_by=who)
    done = student_import_store(filename="done.csv", data=b"", uploaded_by=who)
    fresh = student_import_store(filename="fresh.csv", data=GOOD, uploaded_by=who)
    day_ago = timezone.now() - timedelta(days=2)
    StudentImport.objects.filter(pk__in=[stale.pk, done.pk]).update(created_at=day_ago)
    StudentImport.objects.filter(pk=done.pk).update(completed_at=day_ago)
    out = io.StringIO()
    call_command("retention", "--apply", stdout=out)
    assert "Deleted 1 student upload(s) never imported" in out.getvalue()
    assert set(StudentImport.objects.values_list("pk", flat=True)) == {done.pk, fresh.pk}
