"""The partnership report's own reads: only the figures no other page computes."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from warp.prospectus.models import Session


@dataclass
class SessionsAndVenues:
    sessions: int
    venues: int


def sessions_and_venues(*, start: date, end: date) -> SessionsAndVenues:
    """Sessions held from start to end (both included) and the different venues they met in. One query."""
    totals = Session.objects.filter(date__range=(start, end)).aggregate(
        sessions=Count("pk"), venues=Count("venue", distinct=True, filter=Q(venue__isnull=False))
    )
    return SessionsAndVenues(sessions=totals["sessions"], venues=totals["venues"])
