"""Report editions: the list, the form (sections, their order and the lead's words), the report page in
each version, publishing, and the PDF and Word downloads. Thin views over services and `report.py`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.partnership import render as layout
from warp.partnership import services
from warp.partnership.access import (
    EDITORS,
    READERS,
    STAFF_READERS,
    editions_for,
    get_edition_for,
    version_for,
    versions_for,
)
from warp.partnership.forms import EditionForm
from warp.partnership.models import Edition
from warp.partnership.report import edition_report
from warp.partnership.sections import SECTIONS

VERSION_NAMES = {"full": "Full", "commissioner": "Commissioners'", "public": "Public"}


@role_required(*READERS)
@require_safe
def edition_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "partnership/edition_list.html",
        {
            # The list needs neither the snapshots nor the words: they are left unread.
            "editions": list(editions_for(request.user).defer("snapshots", "words")),
            "can_edit": request.user.role in EDITORS,
        },
    )


def _form_page(request: SignedInRequest, form: EditionForm, edition: Edition | None = None) -> HttpResponse:
    rows = [
        {"section": s, "place": form[f"place_{s.key}"], "words": form[f"words_{s.key}"]} for s in SECTIONS
    ]
    return render(request, "partnership/edition_form.html", {"form": form, "rows": rows, "edition": edition})


@role_required(*EDITORS)
def edition_create(request: SignedInRequest) -> HttpResponse:
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                sections=form.sections(),
                words=form.words(),
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The edition is saved as a draft.")
            return redirect("partnership:edition-detail", pk=edition.pk)
    return _form_page(request, form)


@role_required(*EDITORS)
def edition_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    edition = get_edition_for(request.user, pk)
    if edition.is_published:
        messages.info(request, services.PUBLISHED_REFUSAL)
        return redirect("partnership:edition-detail", pk=edition.pk)
    form = EditionForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_update(
                edition=edition,
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                sections=form.sections(),
                words=form.words(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The edition is saved.")
            return redirect("partnership:edition-detail", pk=edition.pk)
    return _form_page(request, form, edition)


@role_required(*READERS)
@require_safe
def edition_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The report itself: the snapshot of a published edition, or built now for a draft."""
    edition = get_edition_for(request.user, pk)
    version = version_for(request.user, request.GET.get("version"))
    report = edition_report(edition, version=version)
    return render(
        request,
        "partnership/edition_detail.html",
        {
            "edition": edition,
            "report": report,
            "body": layout.render_html(report),
            "version": version,
            "versions": [(v, VERSION_NAMES[v]) for v in versions_for(request.user)],
            "can_edit": request.user.role in EDITORS and not edition.is_published,
            "can_read_drafts": request.user.role in STAFF_READERS,
        },
    )


@role_required(*EDITORS)
@require_POST
def edition_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    edition = get_edition_for(request.user, pk)
    try:
        services.edition_publish(edition=edition)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "The edition is published. Its figures are now kept as they are today.")
    return redirect("partnership:edition-detail", pk=edition.pk)


def _download(request: SignedInRequest, pk: int, fmt: str) -> HttpResponse:
    edition = get_edition_for(request.user, pk)
    version = version_for(request.user, request.GET.get("version"))
    report = edition_report(edition, version=version)
    if fmt == "pdf":
        data = layout.render_pdf(report, base_url=request.build_absolute_uri("/"))
        content_type = "application/pdf"
    else:
        data = layout.render_docx(report)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    name = f"partnership-report-{edition.pk}-{version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*READERS)
@require_safe
def edition_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


@role_required(*READERS)
@require_safe
def edition_docx(request: SignedInRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")
