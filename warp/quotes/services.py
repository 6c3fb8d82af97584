"""What staff do in the quote library: pick quotes for reports, and tag them."""

from django.core.exceptions import ValidationError
from django.db import transaction

from warp.accounts.models import User
from warp.quotes.models import QuotePick, QuoteTag
from warp.quotes.queries import find_quote

MAX_TAGS = 10


def _quotable(source: str, ref: int) -> None:
    if find_quote(source=source, ref=ref) is None:
        raise ValidationError(
            "These words can no longer be quoted: the person may have withdrawn their consent."
        )


@transaction.atomic
def quote_pick(*, source: str, ref: int, by: User) -> QuotePick:
    """Pick a quote for reports (picking it twice keeps one pick). Only a quotable quote can be picked."""
    _quotable(source, ref)
    pick = QuotePick.objects.filter(source=source, ref=ref).first()
    if pick is None:
        pick = QuotePick(source=source, ref=ref, picked_by=by)
        pick.full_clean()
        pick.save()
    return pick


@transaction.atomic
def quote_unpick(*, source: str, ref: int) -> None:
    QuotePick.objects.filter(source=source, ref=ref).delete()


def parse_tags(text: str) -> list[str]:
    """Tags typed with commas between them: trimmed, lower case, each once, in the order typed."""
    tags: list[str] = []
    for raw in text.split(","):
        name = " ".join(raw.split()).lower()
        if name and name not in tags:
            tags.append(name)
    return tags


@transaction.atomic
def quote_tags_set(*, source: str, ref: int, names: list[str]) -> list[str]:
    """Replace a quote's tags with these."""
    _quotable(source, ref)
    if len(names) > MAX_TAGS:
        raise ValidationError(f"Give at most {MAX_TAGS} tags to a quote.")
    for name in names:
        if len(name) > 60:
            raise ValidationError(f"Keep each tag under 60 characters (“{name[:20]}…” is longer).")
    QuoteTag.objects.filter(source=source, ref=ref).exclude(name__in=names).delete()
    kept = set(QuoteTag.objects.filter(source=source, ref=ref).values_list("name", flat=True))
    for name in names:
        if name not in kept:
            tag = QuoteTag(source=source, ref=ref, name=name)
            tag.full_clean()
            tag.save()
    return names
