import math

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from warp.accounts.access import public
from warp.prospectus import access, cache, queries
from warp.prospectus.forms import ProspectusFilterForm
from warp.prospectus.models import CourseRun, Term
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
    """Browse a term's published course runs; filters are a plain GET form.

    Pages without filters (the same for every visitor) are kept in the cache until the prospectus changes
    (warp/prospectus/cache.py); searches and filters are always computed."""
    today = timezone.localdate()
    version = cache.prospectus_version()
    if set(request.GET) <= {"term", "page"}:
        index = cache.get(version, today, "index")
        if index is None:
            index = _term_index(today)
            cache.keep(index, version, today, "index")
        if index["default"] is None:
            return render(request, "prospectus/prospectus_empty.html")
        term_pk = request.GET.get("term", "")
        if term_pk not in index["pages"]:
            term_pk = index["default"]
        page = request.GET.get("page", "")
        number = min(int(page), index["pages"][term_pk]) if page.isascii() and page.isdigit() else 1
        number = max(number, 1)
        parts = (today, term_pk, number)
        listing = cache.get(version, *parts)
        if listing is None:
            terms = list(Term.objects.with_published_runs().order_by("starts_on"))
            term = next((t for t in terms if str(t.pk) == term_pk), None)
            if term is None:  # the published runs changed since the index was read: compute, keep nothing
                if not terms:
                    return render(request, "prospectus/prospectus_empty.html")
                return _prospectus_page(request, *_listing(request.GET, terms, today))
            listing = _listing(QueryDict(f"term={term_pk}&page={number}"), terms, today)
            cache.keep(listing, version, *parts)
        return _prospectus_page(request, *listing)
    terms = list(Term.objects.with_published_runs().order_by("starts_on"))
    if not terms:
        return render(request, "prospectus/prospectus_empty.html")
    return _prospectus_page(request, *_listing(request.GET, terms, today))


def _term_index(today) -> dict:
    """The terms with published runs (their pks as strings, each with its number of unfiltered pages) and
    the one the prospectus opens on: all an unfiltered request needs to name its page in the cache."""
    terms = list(Term.objects.with_published_runs().order_by("starts_on"))
    counts = dict(
        CourseRun.objects.published()
        .filter(term__in=terms)
        .order_by()
        .values("term")
        .annotate(n=Count("pk"))
        .values_list("term", "n")
    )
    default = Term.for_prospectus_among(terms, today)
    return {
        "pages": {str(t.pk): max(1, math.ceil(counts.get(t.pk, 0) / RUNS_PER_PAGE)) for t in terms},
        "default": str(default.pk) if default else None,
    }


def _listing(query, terms: list[Term], today) -> tuple[str, str]:
    """(term name, the listing's HTML) for a query of term, filters and page."""
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
    return term.name, html


def _prospectus_page(request, term_name: str, listing: str):
    # The listing was rendered (and escaped) by the template engine.
    return render(
        request,
        "prospectus/prospectus.html",
        {"term_name": term_name, "listing": mark_safe(listing)},  # noqa: S308
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
