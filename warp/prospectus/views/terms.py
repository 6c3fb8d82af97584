from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from warp.accounts.access import MANAGER_ROLES, SignedInRequest, role_required
from warp.prospectus import queries, services
from warp.prospectus.forms import RunBulkForm, TermCopyForm, TermForm
from warp.prospectus.models import RunStatus, Term


@role_required(*MANAGER_ROLES)
@require_safe
def term_list(request: SignedInRequest) -> HttpResponse:
    terms = Term.objects.annotate(run_count=Count("runs")).order_by("-starts_on")
    return render(request, "prospectus/term_list.html", {"terms": terms})


def _term_edit(request: SignedInRequest, term: Term | None) -> HttpResponse:
    form = TermForm(request.POST or None, instance=term or Term())
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in TermForm.Meta.fields}
        try:
            if term is None:
                term = services.term_create(by=request.user, **fields)
            else:
                services.term_update(term=term, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{term} is saved.")
            return redirect("prospectus:term-detail", pk=term.pk)
    return render(request, "prospectus/term_form.html", {"form": form, "term": term})


@role_required(*MANAGER_ROLES)
def term_create(request: SignedInRequest) -> HttpResponse:
    return _term_edit(request, None)


@role_required(*MANAGER_ROLES)
def term_update(request: SignedInRequest, pk: int) -> HttpResponse:
    return _term_edit(request, get_object_or_404(Term, pk=pk))


@role_required(*MANAGER_ROLES)
@require_safe
def term_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A term's runs with their fill (places taken of places), waiting lists and status."""
    term = get_object_or_404(Term, pk=pk)
    runs = list(queries.term_runs_with_fill(term))
    has_drafts = any(run.status == RunStatus.DRAFT for run in runs)
    return render(
        request, "prospectus/term_detail.html", {"term": term, "runs": runs, "has_drafts": has_drafts}
    )


@role_required(*MANAGER_ROLES)
def term_copy(request: SignedInRequest, pk: int) -> HttpResponse:
    """Copy another term's runs into this one as drafts, with dates moved to this term."""
    term = get_object_or_404(Term, pk=pk)
    form = TermCopyForm(request.POST or None, to_term=term)
    already: list = []
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["from_term"]
        choice = form.cleaned_data["if_copied"]
        already = services.term_runs_already_copied(from_term=source, to_term=term)
        if already and not choice:
            count = len(already)
            form.add_error(
                "if_copied",
                f"{count} course run{'s' if count != 1 else ''} of {source} {'was' if count == 1 else 'were'} "
                f"copied into {term} already. Choose whether to skip "
                f"{'it' if count == 1 else 'them'} or copy {'it' if count == 1 else 'them'} again.",
            )
        else:
            try:
                copies = services.term_copy_runs(
                    from_term=source, to_term=term, by=request.user, skip_copied=choice == "skip"
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                skipped = len(already) if choice == "skip" else 0
                note = (
                    f" {skipped} already copied before {'was' if skipped == 1 else 'were'} skipped."
                    if skipped
                    else ""
                )
                messages.success(
                    request,
                    f"{len(copies)} course run{'s' if len(copies) != 1 else ''} copied as drafts.{note} "
                    "Check their dates, add joining links for online sessions, then publish them.",
                )
                return redirect("prospectus:term-detail", pk=term.pk)
    return render(request, "prospectus/term_copy.html", {"form": form, "term": term, "already": already})


@role_required(*MANAGER_ROLES)
@require_POST
def term_runs_bulk(request: SignedInRequest, pk: int) -> HttpResponse:
    """Publish or delete the ticked draft runs of a term. Deleting asks first."""
    term = get_object_or_404(Term, pk=pk)
    form = RunBulkForm(request.POST, term=term)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("prospectus:term-detail", pk=term.pk)
    runs = list(form.cleaned_data["runs"])
    action = form.cleaned_data["action"]
    if action == "delete" and not form.cleaned_data["confirm"]:
        return render(request, "prospectus/term_runs_delete.html", {"term": term, "runs": runs})
    if action == "publish":
        outcome = services.course_runs_publish(course_runs=runs, by=request.user)
        verb = "published: they are in the prospectus now"
    else:
        outcome = services.course_runs_delete(course_runs=runs, by=request.user)
        verb = "deleted"
    if outcome.done:
        n = len(outcome.done)
        messages.success(request, f"{n} course run{'s' if n != 1 else ''} {verb}.")
    for run, problems in outcome.refused.items():
        messages.error(request, f"{run.course.title} was left as it was: {' '.join(problems)}")
    return redirect("prospectus:term-detail", pk=term.pk)
