from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from warp.accounts.access import public
from warp.prospectus import access, queries
from warp.prospectus.forms import ProspectusFilterForm
from warp.prospectus.models import Term
from warp.prospectus.pdf import term_prospectus_pdf

RUNS_PER_PAGE = 20


def _filters(form: ProspectusFilterForm) -> queries.ProspectusFilters:
    form.is_valid()  # a choice that no longer exists is dropped; the other filters still apply
    data = form.cleaned_data
    day = data.get("day")
    return queries.ProspectusFilters(
        q=data.get("q", ""),
        theme=data.get("theme", ""),
        locality=data.get("locality", ""),
        day=int(day) if day else None,
        time_of_day=data.get("time_of_day", ""),
        level=data.get("level", ""),
    )


@public
def prospectus(request):
    """Browse a term's published course runs; filters are a plain GET form."""
    terms = list(Term.objects.with_published_runs().order_by("starts_on"))
    chosen = request.GET.get("term", "")
    term = next((t for t in terms if str(t.pk) == chosen), None)
    if term is None:
        term = Term.for_prospectus_among(terms, timezone.localdate())
    if term is None:
        return render(request, "prospectus/prospectus_empty.html")
    data = request.GET.copy()
    data["term"] = str(term.pk)
    form = ProspectusFilterForm(
        data,
        terms=terms,
        themes=queries.prospectus_themes(term),
        localities=queries.prospectus_localities(term),
    )
    filters = _filters(form)
    # One page of runs: a count, then only this page's runs, sessions and trainers.
    page = Paginator(queries.prospectus_runs(term, filters), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    kept = data.copy()  # the page links keep the term and every filter
    kept.pop("page", None)
    return render(
        request,
        "prospectus/prospectus.html",
        {
            "term": term,
            "form": form,
            "page": page,
            "runs": page.object_list,
            "page_query": kept.urlencode(),
            "filtered": filters != queries.ProspectusFilters(),
            "today": timezone.localdate(),
        },
    )


@public
def run_detail(request, pk: int):
    run = access.get_published_run(pk)
    today = timezone.localdate()
    sessions = list(run.sessions.all())  # prefetched by the getter
    finished = bool(sessions) and max(session.date for session in sessions) < today
    return render(
        request,
        "prospectus/run_detail.html",
        {"run": run, "course": run.course, "today": today, "finished": finished},
    )


@public
def term_pdf(request, pk: int):
    """The printable prospectus for a term with published runs."""
    term = get_object_or_404(Term, pk=pk)
    if not Term.objects.with_published_runs().filter(pk=pk).exists():
        raise Http404("This term has no published course runs yet")
    response = HttpResponse(term_prospectus_pdf(term), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="prospectus-{term.pk}.pdf"'
    return response
