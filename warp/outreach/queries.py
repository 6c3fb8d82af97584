"""Reads for the workshop and activity pages, computed in the database (a few grouped queries each)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from warp.outreach.models import Activity, HeldWorkshop, Workshop

CO_FACILITATED = Q(peer_facilitators__gte=1, clinical_facilitators__gte=1)
RECENT = 50


@dataclass
class WardMonth:
    team: str
    month: date
    sessions: int
    attendances: int
    co_facilitated: int


@dataclass
class WorkshopTotals:
    sessions: int
    attendances: int
    co_facilitated: int
    settings: int


def workshop_figures() -> dict:
    """The aggregates every workshop count uses: sessions, attendances (headcounts summed), co-facilitated."""
    return {
        "sessions": Count("pk"),
        "attendances": Sum("attendees", default=0),
        "co_facilitated": Count("pk", filter=CO_FACILITATED),
    }


def totals(held: QuerySet[HeldWorkshop]) -> WorkshopTotals:
    """One query."""
    row = held.order_by().aggregate(**workshop_figures(), settings=Count("team", distinct=True))
    return WorkshopTotals(**row)


def by_ward_and_month(held: QuerySet[HeldWorkshop]) -> list[WardMonth]:
    """One grouped query: a row per ward or service and month, wards by name, newest month first."""
    rows = (
        held.order_by()
        .annotate(month=TruncMonth("held_on"))
        .values("team__name", "month")
        .annotate(**workshop_figures())
        .order_by("team__name", "-month")
    )
    return [
        WardMonth(
            team=row["team__name"],
            month=row["month"],
            sessions=row["sessions"],
            attendances=row["attendances"],
            co_facilitated=row["co_facilitated"],
        )
        for row in rows
    ]


def recent(held: QuerySet[HeldWorkshop]) -> QuerySet[HeldWorkshop]:
    """The newest workshops held, with their ward and workshop (one query)."""
    return held.select_related("team", "workshop").order_by("-held_on", "-pk")[:RECENT]


def library() -> QuerySet[Workshop]:
    """Every workshop in the library with how often it was held and its files counted (one query)."""
    return Workshop.objects.annotate(
        times_held=Count("held", distinct=True), files=Count("handouts", distinct=True)
    ).order_by("title")


def activities() -> QuerySet[Activity]:
    """Every activity with its meetings and attendances (one query)."""
    return Activity.objects.annotate(
        meetings_count=Count("meetings"), attendances=Sum("meetings__attendees", default=0)
    ).order_by("name")
