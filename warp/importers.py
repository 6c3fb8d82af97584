"""Every `warp import KIND`, in one list: the command line runs them, and the import templates page offers
an empty spreadsheet for each (the header row the import reads, in the order the docs give).

Above every app (it names them all), beside the site's own pages; `warp/urls.py` serves the page.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import path, re_path
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.bookings import attendance_imports
from warp.core.exports import table_download
from warp.core.forms import WarpForm
from warp.core.imports import Importer, ImportFileError, ImportReport
from warp.core.models import IMPORT_UPLOAD_KEPT_FOR, ImportUpload
from warp.feedback import imports as feedback_imports
from warp.measures import imports as measure_imports
from warp.outreach import imports as workshop_imports
from warp.prospectus import run_imports
from warp.service_use import imports as service_use_imports
from warp.students import imports as student_imports
from warp.students import plan_imports, review_imports, second_coding_imports
from warp.students.forms import StudentImportConfirmForm


@dataclass(frozen=True)
class ImportKind:
    kind: str  # `warp import KIND`, and the template's file name
    title: str
    holds: str  # what one row is, for the templates page
    columns: tuple[str, ...]  # in the template's order
    required: frozenset[str]
    run: Importer


IMPORTS: dict[str, ImportKind] = {
    kind.kind: kind
    for kind in [
        ImportKind(
            kind="students",
            title="Students",
            holds="One student per row.",
            columns=tuple(student_imports.COLUMNS),
            required=frozenset(student_imports.REQUIRED_COLUMNS),
            run=student_imports.import_students,
        ),
        ImportKind(
            kind="reviews",
            title="Learning Plan Reviews",
            holds="One review per row, matched to its student by registration number.",
            columns=tuple(review_imports.COLUMNS),
            required=frozenset(review_imports.REQUIRED_COLUMNS),
            run=review_imports.import_reviews,
        ),
        ImportKind(
            kind="feedback",
            title="Course feedback",
            holds="One feedback form per row, for a course in a term (no names).",
            columns=tuple(feedback_imports.COLUMNS),
            required=frozenset(feedback_imports.COLUMNS),
            run=feedback_imports.import_feedback,
        ),
        ImportKind(
            kind="workshops",
            title="Skills workshops held",
            holds="One workshop held on a ward or in a crisis service per row, with a headcount (no names).",
            columns=tuple(workshop_imports.COLUMNS),
            required=frozenset(workshop_imports.COLUMNS),
            run=workshop_imports.import_workshops,
        ),
        ImportKind(
            kind="review-codes",
            title="Second codings of reviews",
            holds="One second coding per row, matched to its review by registration number and date.",
            columns=tuple(second_coding_imports.COLUMNS),
            required=frozenset(second_coding_imports.REQUIRED_COLUMNS),
            run=second_coding_imports.import_review_codes,
        ),
        ImportKind(
            kind="unit-costs",
            title="Services and unit costs",
            holds="One service per row, with what one contact costs in pounds and where that cost comes from.",
            columns=tuple(service_use_imports.UNIT_COST_COLUMNS),
            required=frozenset(service_use_imports.UNIT_COST_REQUIRED),
            run=service_use_imports.import_unit_costs,
        ),
        ImportKind(
            kind="service-use",
            title="Service use",
            holds="One service per row; the rows of one student, date and period make one answer.",
            columns=tuple(service_use_imports.SERVICE_USE_COLUMNS),
            required=frozenset(service_use_imports.SERVICE_USE_REQUIRED),
            run=service_use_imports.import_service_use,
        ),
        ImportKind(
            kind="runs",
            title="Past course runs",
            holds="One session per row: its term, course and run, with its trainers (history, never published).",
            columns=tuple(run_imports.COLUMNS),
            required=frozenset(run_imports.REQUIRED_COLUMNS),
            run=run_imports.import_runs,
        ),
        ImportKind(
            kind="attendance",
            title="Past attendance",
            holds="One register mark per row, for a student at a session of a past run.",
            columns=tuple(attendance_imports.COLUMNS),
            required=frozenset(attendance_imports.REQUIRED_COLUMNS),
            run=attendance_imports.import_attendance,
        ),
        ImportKind(
            kind="plans",
            title="Past learning plans",
            holds="One learning plan per row, matched to its student by registration number.",
            columns=tuple(plan_imports.COLUMNS),
            required=frozenset(plan_imports.REQUIRED_COLUMNS),
            run=plan_imports.import_plans,
        ),
        ImportKind(
            kind="measures",
            title="Questionnaire responses",
            holds="One questionnaire response per row, matched to its student by registration number.",
            columns=tuple(measure_imports.COLUMNS),
            required=frozenset(measure_imports.REQUIRED_COLUMNS),
            run=measure_imports.import_measures,
        ),
    ]
}


@role_required(*MANAGER_ROLES)
@require_safe
def import_templates(request: SignedInRequest) -> HttpResponse:
    """Each import, its columns (the ones that may be left out marked), and its empty template."""
    return render(request, "core/import_templates.html", {"imports": list(IMPORTS.values())})


@role_required(*MANAGER_ROLES)
@require_safe
def import_template(request: SignedInRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty spreadsheet for one import: its header row, no one in it."""
    found = IMPORTS.get(kind)
    if found is None:
        raise Http404("No such import")
    return table_download(
        filename=f"{kind}-import-template", headers=found.columns, rows=[], fmt=fmt, sheet=found.title[:31]
    )


app_name = "imports"
urlpatterns = [
    path("", import_templates, name="templates"),
    re_path(r"^(?P<kind>[a-z-]+)-template\.(?P<fmt>csv|xlsx)$", import_template, name="template"),
]


# Upload and check any import on a page (the student import has its own, with background work) ------------

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
PREVIEW_PAGE_ROWS = 50  # problems and notes on the preview, each paged on its own


class ImportUploadForm(WarpForm):
    file = forms.FileField(
        label="Spreadsheet to check",
        help_text="A .csv or .xlsx file with the columns listed on this page, up to 5 MB.",
        error_messages={"required": "Choose the spreadsheet to check: a .csv or .xlsx file."},
    )

    def __init__(self, *args, kind: ImportKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label = f"Spreadsheet of {kind.title.lower()}"
        self.fields["file"].error_messages["required"] = (
            f"Choose the {label.lower()} to check: a .csv or .xlsx file."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("Choose a .csv or .xlsx file. Other file types cannot be imported.")
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError("This file is larger than 5 MB. Split it into smaller files.")
        return upload


def _kind_or_404(kind: str) -> ImportKind:
    found = IMPORTS.get(kind)
    if found is None:
        raise Http404("No such import")
    return found


def _stored_upload(request: SignedInRequest, kind: ImportKind, pk: int) -> ImportUpload:
    """The upload behind a preview: only whoever uploaded it sees it (404 for anyone else, or once gone)."""
    found = ImportUpload.objects.filter(
        pk=pk,
        kind=kind.kind,
        uploaded_by=request.user,
        created_at__gte=timezone.now() - IMPORT_UPLOAD_KEPT_FOR,
    ).first()
    if found is None:
        raise Http404("No such upload")
    return found


def import_upload_store(*, kind: ImportKind, user, filename: str, data: bytes) -> ImportUpload:
    """Check the file (a dry run; ImportFileError for a file that cannot be read) and keep it with its
    report for its uploader. Uploads older than a day, anyone's, are deleted here."""
    report = kind.run(data, filename, dry_run=True, import_valid_rows=False, imported_by=user)
    ImportUpload.objects.filter(created_at__lt=timezone.now() - IMPORT_UPLOAD_KEPT_FOR).delete()
    upload = ImportUpload(
        kind=kind.kind, filename=filename[:255], data=data, uploaded_by=user, report=report.to_json()
    )
    upload.full_clean()
    upload.save()
    return upload


def import_upload_done(*, upload: ImportUpload, report: ImportReport) -> None:
    """Record what the import did, and drop the file: it is not needed again."""
    upload.done, upload.data = report.to_json(), b""
    upload.save(update_fields=["done", "data"])


@role_required(*MANAGER_ROLES)
def import_upload(request: SignedInRequest, kind: str) -> HttpResponse:
    """Choose a file; every row is checked (a dry run) and the preview shown before anything is saved.

    The file and its dry run wait in the database (ImportUpload) for a day at most."""
    found = _kind_or_404(kind)
    if found.kind == "students":  # its own page checks large files in the background
        return redirect("students:import-upload")
    form = ImportUploadForm(request.POST or None, request.FILES or None, kind=found)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = import_upload_store(
                kind=found, user=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:preview", kind=found.kind, pk=stored.pk)
    return render(request, "core/import_upload.html", {"form": form, "item": found})


@role_required(*MANAGER_ROLES)
def import_preview(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """The dry run of an uploaded file, then the button that imports it; once imported, what was done."""
    found = _kind_or_404(kind)
    stored = _stored_upload(request, found, pk)
    if stored.done is not None:
        done = ImportReport.from_json(stored.done)
        return render(request, "core/import_preview.html", {"item": found, "stored": stored, "done": done})
    report = ImportReport.from_json(stored.report)
    form = StudentImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        valid_rows = form.cleaned_data["import_valid_rows"]
        if report.errors and not valid_rows:
            form.add_error(
                "import_valid_rows",
                f"Tick this box to import the {report.created} new row{pluralize(report.created)} without "
                "problems, or fix the rows below and upload the file again.",
            )
        else:
            try:
                done = found.run(
                    bytes(stored.data),
                    stored.filename,
                    dry_run=False,
                    import_valid_rows=valid_rows,
                    imported_by=request.user,
                )
            except ImportFileError as error:  # read once already, so only if the stored file was damaged
                form.add_error(None, str(error))
            else:
                import_upload_done(upload=stored, report=done)
                return redirect("imports:preview", kind=found.kind, pk=stored.pk)
    tables = {
        name: Paginator(rows, PREVIEW_PAGE_ROWS).get_page(request.GET.get(name))
        for name, rows in (("problems", report.errors), ("notes", report.notes))
    }
    return render(
        request,
        "core/import_preview.html",
        {"item": found, "stored": stored, "report": report, "form": form, "tables": tables},
    )


urlpatterns += [
    path("<slug:kind>/", import_upload, name="upload"),
    path("<slug:kind>/<int:pk>/", import_preview, name="preview"),
]
