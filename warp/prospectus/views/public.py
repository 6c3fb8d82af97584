from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from warp.accounts.access import public
from warp.prospectus import access, cache, queries
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
@require_safe
def prospectus(request):
    """Browse a term's published course runs; filters are a plain GET form.

    Pages without filters (the same for every visitor) are kept in the cache until the prospectus changes
    (warp/prospectus/cache.py); searches and filters are always computed."""
    today = timezone.localdate()
    if set(request.GET) <= {"term", "page"}:
        version = cache.prospectus_version()
        parts = (today, request.GET.get("term", ""), request.GET.get("page", ""))
        listing = cache.get(version, *parts)
        if listing is None:
            terms = list(Term.objects.with_published_runs().order_by("starts_on"))
            if not terms:
                return render(request, "prospectus/prospectus_empty.html")
            listing = _listing(request.GET, terms, today)
            if _canonical(*parts[1:], terms, listing["pages"]):
                cache.keep(listing, version, *parts)
        return _prospectus_page(request, listing)
    terms = list(Term.objects.with_published_runs().order_by("starts_on"))
    if not terms:
        return render(request, "prospectus/prospectus_empty.html")
    return _prospectus_page(request, _listing(request.GET, terms, today))


def _canonical(term: str, page: str, terms: list[Term], pages: int) -> bool:
    """Whether an unfiltered request names its term and page plainly (no term or a term with published runs;
    no page or one that exists). Only those are kept, so the cache holds at most one entry per term and page
    however many odd addresses are asked for."""
    if term and not any(str(t.pk) == term for t in terms):
        return False
    return not page or (page.isascii() and page.isdigit() and 1 <= int(page) <= pages)


def _listing(query, terms: list[Term], today) -> dict:
    """The listing for a query of term, filters and page: its HTML, the term's name and the number of pages."""
    chosen = query.get("term", "")
    term = next((t for t in terms if str(t.pk) == chosen), None) or Term.for_prospectus_among(terms, today)
    assert term is not None  # noqa: S101 - terms is never empty here
    data = query.copy()
    data["term"] = str(term.pk)
    form = ProspectusFilterForm(
        data,
        terms=terms,
        themes=queries.prospectus_themes(term),
        localities=queries.prospectus_localities(term),
    )
    filters = _filters(form)
    # A count and this page's run ids (no bookings read), then only this page's runs with their places
    # left, sessions and trainers.
    matching = queries.prospectus_runs(term, filters)
    page = Paginator(matching.values_list("pk", flat=True), RUNS_PER_PAGE).get_page(query.get("page"))
    kept = data.copy()  # the page links keep the term and every filter
    kept.pop("page", None)
    html = render_to_string(
        "prospectus/_listing.html",
        {
            "term": term,
            "form": form,
            "page": page,
            "runs": queries.prospectus_page(list(page.object_list)),
            "page_query": kept.urlencode(),
            "filtered": filters != queries.ProspectusFilters(),
            "today": today,
        },
    )  # no request: the listing is the same for everyone, nothing in it comes from the visitor
    return {"term_name": term.name, "html": html, "pages": page.paginator.num_pages}


def _prospectus_page(request, listing: dict):
    # The listing's HTML was rendered (and escaped) by the template engine.
    html = mark_safe(listing["html"])  # noqa: S308 - rendered and escaped by the template engine  # nosec B308 B703
    return render(request, "prospectus/prospectus.html", {"term_name": listing["term_name"], "listing": html})


@public
@require_safe
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
@require_safe
def term_pdf(request, pk: int):
    """The printable prospectus for a term with published runs."""
    term = get_object_or_404(Term, pk=pk)
    if not Term.objects.with_published_runs().filter(pk=pk).exists():
        raise Http404("This term has no published course runs yet")
    response = HttpResponse(term_prospectus_pdf(term), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="prospectus-{term.pk}.pdf"'
    return response
