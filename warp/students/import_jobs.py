"""An uploaded student spreadsheet from upload to import: checked once, its dry run kept, and a large file
checked and imported by the task worker while its page shows how far it has gone.

- student_import_start: check a new upload now (a file up to WARP_IMPORT_BACKGROUND_BYTES) or hand it to
  the worker (check_student_import). Either way the dry run's report is stored on the StudentImport, so
  showing the preview, or its next page, never reads the file again.
- student_import_queue: the "Import" button for a large file; the worker imports it (run_student_import).
- Progress (rows checked of rows in the file) is kept in the cache, which every server shares: the import
  itself runs in one transaction, whose own writes no other server can see until it ends.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tasks import task

from warp.core.imports import ImportFileError
from warp.students.imports import import_students, student_import_confirm
from warp.students.models import ImportState, StudentImport

PROGRESS_SECONDS = 24 * 60 * 60
RACE_PROBLEM = (
    "Nothing was imported: one of these students was registered while you were importing. The file is "
    "kept. Check the preview below, which now shows them as already here, then import again."
)
ROWS_PROBLEM = (
    "Nothing was imported, because some rows have problems. Fix them and upload the file again, or tick "
    "the box to import the other rows now."
)


def _progress_key(pk: int) -> str:
    return f"warp:student-import-progress:{pk}"


def import_progress(student_import: StudentImport) -> tuple[int, int] | None:
    """(rows checked, rows in the file) of the check or import under way, or None before it starts."""
    return cache.get(_progress_key(student_import.pk))


def _progress_for(pk: int) -> Callable[[int, int], None]:
    def record(done: int, total: int) -> None:
        cache.set(_progress_key(pk), (done, total), PROGRESS_SECONDS)

    return record


def runs_in_background(student_import: StudentImport) -> bool:
    return len(student_import.data) > settings.WARP_IMPORT_BACKGROUND_BYTES


def student_import_check(
    *, student_import: StudentImport, progress: Callable[[int, int], None] | None = None
) -> None:
    """Dry-run the stored file once and keep its report, or why the file as a whole cannot be read."""
    try:
        report = import_students(
            bytes(student_import.data),
            student_import.filename,
            dry_run=True,
            import_valid_rows=False,
            progress=progress,
        )
    except ImportFileError as exc:
        preview, file_error = None, str(exc)
    else:
        preview, file_error = report.to_json(), ""
    # One statement, and only while it is not imported (a check finishing late never undoes an import).
    StudentImport.objects.filter(pk=student_import.pk, completed_at__isnull=True).update(
        preview=preview, file_error=file_error, state=ImportState.READY
    )
    student_import.refresh_from_db()


def student_import_start(*, student_import: StudentImport) -> None:
    """Check a new upload: now when it is small, by the task worker when it is large."""
    if runs_in_background(student_import):
        cache.delete(_progress_key(student_import.pk))
        transaction.on_commit(lambda: check_student_import.enqueue(student_import.pk))
    else:
        student_import_check(student_import=student_import)


@transaction.atomic
def student_import_queue(*, student_import: StudentImport, import_valid_rows: bool) -> None:
    """Hand a checked file to the task worker to import. Refused (ValidationError) unless it is checked and
    not imported: a second press, in another tab, never starts a second import."""
    locked = StudentImport.objects.select_for_update().get(pk=student_import.pk)
    if locked.is_complete or locked.state != ImportState.READY:
        raise ValidationError("This file is already being imported, or has been.")
    locked.state = ImportState.IMPORTING
    locked.import_valid_rows = import_valid_rows
    locked.problem = ""
    locked.full_clean()
    locked.save()
    cache.delete(_progress_key(locked.pk))
    transaction.on_commit(lambda: run_student_import.enqueue(locked.pk))
    student_import.refresh_from_db()


def _back_to_preview(stored: StudentImport, *, problem: str) -> None:
    """Nothing was saved: check the file again (the database may have changed) and say why on its page."""
    StudentImport.objects.filter(pk=stored.pk).update(state=ImportState.READY, problem=problem)
    stored.refresh_from_db()
    student_import_check(student_import=stored, progress=_progress_for(stored.pk))


@task()
def check_student_import(import_id: int) -> None:
    stored = StudentImport.objects.filter(pk=import_id, completed_at__isnull=True).first()
    if stored is not None:
        student_import_check(student_import=stored, progress=_progress_for(import_id))


@task()
def run_student_import(import_id: int) -> None:
    stored = StudentImport.objects.filter(pk=import_id, state=ImportState.IMPORTING).first()
    if stored is None:
        return
    try:
        report = student_import_confirm(
            student_import=stored,
            import_valid_rows=stored.import_valid_rows,
            progress=_progress_for(import_id),
        )
    except ValidationError:  # already imported
        return
    except IntegrityError:  # registered on another screen since the check: nothing saved
        _back_to_preview(stored, problem=RACE_PROBLEM)
        return
    except ImportFileError as exc:  # the limits changed since the check
        _back_to_preview(stored, problem=str(exc))
        return
    if not report.saved:
        _back_to_preview(stored, problem=ROWS_PROBLEM)
