"""The impact log and co-production workshops: thin views over services and queries."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.exports import table_download
from warp.impact import queries, services
from warp.impact.access import IMPACT_KEEPERS, IMPACT_READERS, get_comment, get_entry, get_theme, get_workshop
from warp.impact.forms import (
    ImpactEntryForm,
    ImpactFilterForm,
    WorkshopCommentForm,
    WorkshopForm,
    WorkshopThemeForm,
)
from warp.impact.models import CoproductionWorkshop, ImpactEntry, WorkshopComment, WorkshopTheme


def _filtered(request: SignedInRequest) -> tuple[ImpactFilterForm, list[ImpactEntry], str]:
    """The log as filtered by the query string (a filter that does not validate is ignored), and the
    filters again as a query string for the downloads."""
    form = ImpactFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    entries = list(
        ImpactEntry.objects.for_log(
            kind=chosen.get("kind") or "", year=chosen.get("year"), person=chosen.get("person")
        )
    )
    kept = {name: request.GET[name] for name in ("kind", "year", "person") if chosen.get(name)}
    return form, entries, urlencode(kept)


@role_required(*IMPACT_READERS)
@require_safe
def log(request: SignedInRequest) -> HttpResponse:
    form, entries, query = _filtered(request)
    return render(
        request,
        "impact/log.html",
        {
            "form": form,
            "entries": entries,
            "query": query,
            "can_manage": request.user.role in IMPACT_KEEPERS,
        },
    )


@role_required(*IMPACT_READERS)
@require_safe
def log_print(request: SignedInRequest) -> HttpResponse:
    _form, entries, query = _filtered(request)
    return render(
        request,
        "impact/log_print.html",
        {
            "sections": queries.impact_sections(entries),
            "today": timezone.localdate(),
            "filtered": bool(query),
        },
    )


@role_required(*IMPACT_READERS)
@require_safe
def log_csv(request: SignedInRequest) -> HttpResponse:
    _form, entries, _query = _filtered(request)
    rows = (
        [
            entry.get_kind_display(),
            entry.held_on,
            entry.title,
            "; ".join(person.name for person in entry.people.all()),
            entry.event,
            entry.place,
            entry.link,
            entry.get_publication_status_display(),
            entry.reference,
            entry.notes,
        ]
        for entry in entries
    )
    headers = [
        "Kind",
        "Date",
        "Title",
        "Presenters or authors",
        "Event or organisation",
        "Place",
        "Link",
        "Publication status",
        "Reference",
        "Notes",
    ]
    return table_download(filename="impact-log", headers=headers, rows=rows, fmt="csv")


@role_required(*IMPACT_KEEPERS)
def entry_create(request: SignedInRequest) -> HttpResponse:
    form = ImpactEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.impact_entry_create(people=form.people(), **form.fields_for_service())
        messages.success(request, "The entry is in the impact log.")
        return redirect("impact:log")
    return render(request, "impact/entry_form.html", {"form": form})


@role_required(*IMPACT_KEEPERS)
def entry_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = get_entry(pk)
    form = ImpactEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.impact_entry_update(entry=entry, people=form.people(), **form.fields_for_service())
        messages.success(request, "The entry is saved.")
        return redirect("impact:log")
    return render(request, "impact/entry_form.html", {"form": form, "entry": entry})


# Co-production workshops ----------------------------------------------------------------------------------

_WORKSHOP_FIELDS = WorkshopForm.Meta.fields
_COMMENT_FIELDS = WorkshopCommentForm.Meta.fields


@role_required(*IMPACT_READERS)
@require_safe
def workshop_list(request: SignedInRequest) -> HttpResponse:
    workshops = CoproductionWorkshop.objects.order_by("-held_on", "service", "pk")
    return render(
        request,
        "impact/workshop_list.html",
        {"workshops": workshops, "can_manage": request.user.role in IMPACT_KEEPERS},
    )


@role_required(*IMPACT_KEEPERS)
def workshop_create(request: SignedInRequest) -> HttpResponse:
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.workshop_create(**{n: form.cleaned_data[n] for n in _WORKSHOP_FIELDS})
        messages.success(request, "The workshop is saved. Add what people said below.")
        return redirect("impact:workshop-detail", pk=workshop.pk)
    return render(request, "impact/workshop_form.html", {"form": form})


@role_required(*IMPACT_KEEPERS)
def workshop_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    workshop = get_workshop(pk)
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        services.workshop_update(workshop=workshop, **{n: form.cleaned_data[n] for n in _WORKSHOP_FIELDS})
        messages.success(request, "The workshop is saved.")
        return redirect("impact:workshop-detail", pk=workshop.pk)
    return render(request, "impact/workshop_form.html", {"form": form, "workshop": workshop})


@role_required(*IMPACT_READERS)
def workshop_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The workshop and its comments by theme; the form below adds a comment (keepers only)."""
    workshop = get_workshop(pk)
    can_manage = request.user.role in IMPACT_KEEPERS
    if request.method == "POST" and not can_manage:
        return render(request, "403.html", status=403)
    form = WorkshopCommentForm(request.POST or None) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        services.workshop_comment_add(workshop=workshop, **{n: form.cleaned_data[n] for n in _COMMENT_FIELDS})
        messages.success(request, "The comment is saved. Add another, or go back to the workshops.")
        return redirect("impact:workshop-detail", pk=workshop.pk)
    comments = (
        WorkshopComment.objects.filter(workshop=workshop)
        .select_related("theme")
        .order_by("theme__name", "pk")
    )
    return render(
        request,
        "impact/workshop_detail.html",
        {"workshop": workshop, "comments": comments, "form": form, "can_manage": can_manage},
    )


@role_required(*IMPACT_KEEPERS)
def comment_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = get_comment(pk)
    form = WorkshopCommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        services.workshop_comment_update(
            comment=comment, **{n: form.cleaned_data[n] for n in _COMMENT_FIELDS}
        )
        messages.success(request, "The comment is saved.")
        return redirect("impact:workshop-detail", pk=comment.workshop_id)
    return render(request, "impact/comment_form.html", {"form": form, "comment": comment})


@role_required(*IMPACT_KEEPERS)
def themes(request: SignedInRequest) -> HttpResponse:
    form = WorkshopThemeForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        services.workshop_theme_create(name=form.cleaned_data["name"])
        messages.success(request, "The theme is added.")
        return redirect("impact:themes")
    return render(
        request,
        "impact/themes.html",
        {"form": form, "themes": WorkshopTheme.objects.order_by("-active", "name")},
    )


@role_required(*IMPACT_KEEPERS)
def theme_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    theme = get_theme(pk)
    form = WorkshopThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        services.workshop_theme_update(
            theme=theme, name=form.cleaned_data["name"], active=form.cleaned_data["active"]
        )
        messages.success(request, "The theme is saved.")
        return redirect("impact:themes")
    return render(request, "impact/theme_form.html", {"form": form, "theme": theme})


@role_required(*IMPACT_READERS)
@require_safe
def workshop_summary(request: SignedInRequest) -> HttpResponse:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and 1990 <= int(raw) <= 2100 else None
    return render(
        request,
        "impact/workshop_summary.html",
        {"summary": queries.workshop_summary(year=year), "year": year},
    )
