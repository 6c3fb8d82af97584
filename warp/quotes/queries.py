"""The quote library: one query over every source's consented words (a UNION), plus one each for the
tags and picks of the rows shown."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from warp.quotes.models import QuotePick, QuoteTag
from warp.quotes.sources import BY_KEY, SOURCES


@dataclass
class Quote:
    source: str
    ref: int
    words: str
    said_on: date
    where: str
    attribution: str
    tags: list[str] = field(default_factory=list)
    picked: bool = False

    @property
    def source_label(self) -> str:
        return BY_KEY[self.source].label


def library(
    *,
    source: str = "",
    tag: str = "",
    year: int | None = None,
    picked_only: bool = False,
    ref: int | None = None,
) -> QuerySet:
    """Every consented quote, newest first, as rows of sources.COLUMNS (one query when run). Each filter
    narrows every source before the UNION: `source` to one source, `tag` to quotes with that tag, `year`
    to words given that year, `picked_only` to the quotes staff picked, `ref` to one row of `source`."""
    parts = []
    for each in SOURCES:
        if source and each.key != source:
            continue
        rows = each.consented()
        if year:
            rows = rows.filter(quote_said_on__year=year)
        if tag:
            rows = rows.filter(quote_ref__in=QuoteTag.objects.filter(source=each.key, name=tag).values("ref"))
        if picked_only:
            rows = rows.filter(quote_ref__in=QuotePick.objects.filter(source=each.key).values("ref"))
        if ref is not None:
            rows = rows.filter(quote_ref=ref)
        parts.append(rows)
    if not parts:
        return SOURCES[0].consented().none()
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-quote_said_on", "quote_source", "-quote_ref")


def quotes_from(rows) -> list[Quote]:
    """The rows of `library()` (already sliced to a page) as Quotes with their tags and picked state:
    two more queries, whatever the number of rows."""
    quotes = [
        Quote(
            source=row["quote_source"],
            ref=row["quote_ref"],
            words=row["quote_words"],
            said_on=row["quote_said_on"],
            where=row["quote_where"],
            attribution=row["quote_by"],
        )
        for row in rows
    ]
    if not quotes:
        return quotes
    keys = {(q.source, q.ref) for q in quotes}
    refs = {q.ref for q in quotes}
    tags: dict[tuple[str, int], list[str]] = {}
    for source, ref, name in (
        QuoteTag.objects.filter(ref__in=refs).values_list("source", "ref", "name").order_by("name")
    ):
        if (source, ref) in keys:
            tags.setdefault((source, ref), []).append(name)
    picked = {
        pair for pair in QuotePick.objects.filter(ref__in=refs).values_list("source", "ref") if pair in keys
    }
    for quote in quotes:
        quote.tags = tags.get((quote.source, quote.ref), [])
        quote.picked = (quote.source, quote.ref) in picked
    return quotes


def tag_names() -> list[str]:
    """Every tag in use, for the library's filter."""
    return list(QuoteTag.objects.order_by("name").values_list("name", flat=True).distinct())


def find_quote(*, source: str, ref: int) -> Quote | None:
    """One quote, if its source row is quotable now (consent is read live)."""
    if source not in BY_KEY:
        return None
    found = quotes_from(library(source=source, ref=ref)[:1])
    return found[0] if found else None
