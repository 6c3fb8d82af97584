from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from warp.accounts.access import public
from warp.accounts.models import User
from warp.core.kept import kept
from warp.prospectus import access, queries
from warp.prospectus.forms import ProspectusFilterForm
from warp.prospectus.models import PUBLIC_LEVELS, CourseRun, Term
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
def prospectus(request: HttpRequest) -> HttpResponse:
    """Browse a term's published course runs; filters are a plain GET form.

    Pages without filters (the same for every visitor) are kept in the cache until anything they show
    changes (warp/core/kept.py); searches and filters are always computed."""
    today = timezone.localdate()
    if set(request.GET) <= {"term", "page"}:
        asked = (request.GET.get("term", ""), request.GET.get("page", ""))
        listing = kept(
            "prospectus-listing",
            asked,
            lambda: _listing_for(request.GET, today),
            worth_keeping=lambda listing: listing is not None and _canonical(*asked, listing),
        )
    else:
        listing = _listing_for(request.GET, today)
    if listing is None:
        return render(request, "prospectus/prospectus_empty.html")
    return _prospectus_page(request, listing)


def _listing_for(query, today) -> dict | None:
    """The listing for the query (its term, filters and page), or None when no term has published runs."""
    terms = list(Term.objects.with_published_runs().order_by("starts_on"))
    if not terms:
        return None
    listing = _listing(query, terms, today)
    listing["term_ids"] = [str(term.pk) for term in terms]
    return listing


def _canonical(term: str, page: str, listing: dict) -> bool:
    """Whether an unfiltered request names its term and page plainly (no term or a term with published runs;
    no page or one that exists). Only those are kept, so the cache holds at most one entry per term and page
    however many odd addresses are asked for."""
    if term and term not in listing["term_ids"]:
        return False
    return not page or (page.isascii() and page.isdigit() and 1 <= int(page) <= listing["pages"])


def _listing(query: QueryDict, terms: list[Term], today: date) -> dict:
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


def _prospectus_page(request: HttpRequest, listing: dict) -> HttpResponse:
    # The listing's HTML was rendered (and escaped) by the template engine.
    html = mark_safe(listing["html"])  # noqa: S308 - rendered and escaped by the template engine
    return render(request, "prospectus/prospectus.html", {"term_name": listing["term_name"], "listing": html})


@public
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_published_run(pk)
    if run.course.level not in PUBLIC_LEVELS:
        # Never listed: a closed cohort or a ward workshop. Say kindly how people take part instead.
        return render(request, "prospectus/run_not_public.html", {"course": run.course}, status=404)
    today = timezone.localdate()
    sessions = list(run.sessions.all())  # prefetched by the getter
    finished = bool(sessions) and max(session.date for session in sessions) < today
    return render(
        request,
        "prospectus/run_detail.html",
        {
            "run": run,
            "course": run.course,
            "today": today,
            "finished": finished,
            **_student_state(request.user, run),
        },
    )


def _student_state(user: User | AnonymousUser, run: CourseRun) -> dict:
    """What "How to book" says to a signed-in student: it follows their record, never a guess.

    student_state is "no_record", "awaiting_plan", "left" or "active"; an active student's live booking
    on this run (booked, offered or waiting) is `existing`."""
    if not (user.is_authenticated and user.is_student):
        return {}
    # Students sit beside prospectus, not below it: their record is reached through the account.
    student = getattr(user, "student", None)
    if student is None:
        return {"student_state": "no_record"}
    state = {"active": "active", "left": "left"}.get(student.status, "awaiting_plan")
    existing = None
    if state == "active":
        existing = run.bookings.filter(student=student).exclude(status="cancelled").first()
    return {"student_state": state, "existing": existing}


@public
@require_safe
def term_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable prospectus for a term with published runs."""
    term = get_object_or_404(Term, pk=pk)
    if not Term.objects.with_published_runs().filter(pk=pk).exists():
        raise Http404("This term has no published course runs yet")
    response = HttpResponse(term_prospectus_pdf(term), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="prospectus-{term.pk}.pdf"'
    return response
