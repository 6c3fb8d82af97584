"""The quote library: thin views over queries and services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.core.exports import table_download
from warp.quotes import queries, services
from warp.quotes.access import QUOTE_READERS, get_quote
from warp.quotes.forms import LibraryFilterForm, QuoteTagsForm

QUOTES_PER_PAGE = 50


def _back(request: SignedInRequest, default: str) -> str:
    """Where a button returns to: the page it was pressed on (same site only), or `default`."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@role_required(*QUOTE_READERS)
@require_safe
def library(request: SignedInRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None, tags=queries.tag_names())
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = queries.library(
        source=chosen.get("source") or "", tag=chosen.get("tag") or "", year=chosen.get("year")
    )
    page = Paginator(rows, QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    kept = urlencode({name: request.GET[name] for name in ("source", "tag", "year") if chosen.get(name)})
    return render(
        request,
        "quotes/library.html",
        {
            "form": form,
            "page": page,
            "quotes": queries.quotes_from(page.object_list),
            "query": kept,
            "here": request.get_full_path(),
        },
    )


@role_required(*QUOTE_READERS)
@require_safe
def picked(request: SignedInRequest) -> HttpResponse:
    rows = queries.library(picked_only=True)
    page = Paginator(rows, QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "quotes/picked.html",
        {"page": page, "quotes": queries.quotes_from(page.object_list), "here": request.get_full_path()},
    )


@role_required(*QUOTE_READERS)
@require_safe
def picked_csv(request: SignedInRequest) -> HttpResponse:
    """Every picked quote, for pasting into a report: words, who (by role), when, where from, tags."""
    quotes = queries.quotes_from(queries.library(picked_only=True))
    rows = ([q.words, q.attribution, q.said_on, q.where, ", ".join(q.tags)] for q in quotes)
    headers = ["Words", "Attributed to", "Date", "Where from", "Tags"]
    return table_download(filename="picked-quotes", headers=headers, rows=rows, fmt="csv")


@role_required(*QUOTE_READERS)
@require_POST
def pick(request: SignedInRequest, source: str, ref: int) -> HttpResponse:
    get_quote(source, ref)
    services.quote_pick(source=source, ref=ref, by=request.user)
    messages.success(request, "The quote is picked for reports.")
    return HttpResponseRedirect(_back(request, reverse("quotes:library")))


@role_required(*QUOTE_READERS)
@require_POST
def unpick(request: SignedInRequest, source: str, ref: int) -> HttpResponse:
    get_quote(source, ref)
    services.quote_unpick(source=source, ref=ref)
    messages.success(request, "The quote is no longer picked.")
    return HttpResponseRedirect(_back(request, reverse("quotes:picked")))


@role_required(*QUOTE_READERS)
def tags(request: SignedInRequest, source: str, ref: int) -> HttpResponse:
    quote = get_quote(source, ref)
    form = QuoteTagsForm(request.POST or None, initial={"tags": ", ".join(quote.tags)})
    if request.method == "POST" and form.is_valid():
        try:
            services.quote_tags_set(
                source=source, ref=ref, names=services.parse_tags(form.cleaned_data["tags"])
            )
        except ValidationError as error:
            form.add_error("tags", error)  # beside what they typed, which stays in the box
        else:
            messages.success(request, "The tags are saved.")
            return redirect("quotes:library")
    return render(request, "quotes/tags_form.html", {"form": form, "quote": quote})
