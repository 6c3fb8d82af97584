"""Every `warp import KIND`, in one list: the command line runs them, and the import templates page offers
an empty spreadsheet for each (the header row the import reads, in the order the docs give).

Above every app (it names them all), beside the site's own pages; `warp/urls.py` serves the page.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, re_path
from django.views.decorators.http import require_safe

from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.core.exports import table_download
from warp.core.imports import Importer
from warp.feedback import imports as feedback_imports
from warp.measures import imports as measure_imports
from warp.students import imports as student_imports
from warp.students import review_imports


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
