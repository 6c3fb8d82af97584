from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from warp.accounts.access import MANAGER_ROLES, role_required
from warp.prospectus import queries, services
from warp.prospectus.forms import TermCopyForm, TermForm
from warp.prospectus.models import Term


@role_required(*MANAGER_ROLES)
@require_safe
def term_list(request):
    terms = Term.objects.annotate(run_count=Count("runs")).order_by("-starts_on")
    return render(request, "prospectus/term_list.html", {"terms": terms})


def _term_edit(request, term: Term | None):
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
def term_create(request):
    return _term_edit(request, None)


@role_required(*MANAGER_ROLES)
def term_update(request, pk: int):
    return _term_edit(request, get_object_or_404(Term, pk=pk))


@role_required(*MANAGER_ROLES)
@require_safe
def term_detail(request, pk: int):
    """A term's runs with their fill (places taken of places), waiting lists and status."""
    term = get_object_or_404(Term, pk=pk)
    runs = list(queries.term_runs_with_fill(term))
    return render(request, "prospectus/term_detail.html", {"term": term, "runs": runs})


@role_required(*MANAGER_ROLES)
def term_copy(request, pk: int):
    """Copy another term's runs into this one as drafts, with dates moved to this term."""
    term = get_object_or_404(Term, pk=pk)
    form = TermCopyForm(request.POST or None, to_term=term)
    if request.method == "POST" and form.is_valid():
        try:
            copies = services.term_copy_runs(
                from_term=form.cleaned_data["from_term"], to_term=term, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{len(copies)} course runs copied as drafts. Check their dates, add joining links for "
                "online sessions, then publish each one.",
            )
            return redirect("prospectus:term-detail", pk=term.pk)
    return render(request, "prospectus/term_copy.html", {"form": form, "term": term})
