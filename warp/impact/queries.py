"""Reads for the impact log and co-production workshops, computed in the database."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from warp.impact.models import REPORT_SECTIONS, ImpactEntry, WorkshopComment


@dataclass
class ImpactSection:
    heading: str
    entries: list[ImpactEntry]


def impact_sections(entries: Iterable[ImpactEntry]) -> list[ImpactSection]:
    """The log as the report prints it: its sections in the report's order, each entry newest first.
    Sections with nothing in them are left out."""
    rows = list(entries)
    sections = []
    for heading, kinds in REPORT_SECTIONS:
        held = [entry for entry in rows if entry.kind in kinds]
        if held:
            sections.append(ImpactSection(heading=heading, entries=held))
    return sections


@dataclass
class ThemeRow:
    theme: str
    by_locality: list[int]  # in the order of WorkshopSummary.localities
    total: int
    quotable: int


@dataclass
class WorkshopSummary:
    """Co-production workshop comments counted by theme (rows) and the workshops' locality (columns)."""

    localities: list[str]
    themes: list[ThemeRow] = field(default_factory=list)
    locality_totals: list[int] = field(default_factory=list)
    total: int = 0
    quotable: int = 0


def workshop_summary(*, year: int | None = None) -> WorkshopSummary:
    """One query: the comments grouped by theme and locality, with how many may be quoted. Themes are
    in alphabetical order, localities too; a theme no comment is coded to is left out."""
    comments = WorkshopComment.objects.all()
    if year:
        comments = comments.filter(workshop__held_on__year=year)
    cells = list(
        comments.values("theme__name", "workshop__locality")
        .annotate(n=Count("pk"), quotable=Count("pk", filter=Q(quote_consent=True)))
        .order_by("theme__name", "workshop__locality")
    )
    localities = sorted({row["workshop__locality"] for row in cells})
    column = {name: i for i, name in enumerate(localities)}
    themes: dict[str, ThemeRow] = {}
    for row in cells:
        theme = themes.setdefault(
            row["theme__name"],
            ThemeRow(theme=row["theme__name"], by_locality=[0] * len(localities), total=0, quotable=0),
        )
        theme.by_locality[column[row["workshop__locality"]]] += row["n"]
        theme.total += row["n"]
        theme.quotable += row["quotable"]
    rows = list(themes.values())
    return WorkshopSummary(
        localities=localities,
        themes=rows,
        locality_totals=[sum(t.by_locality[i] for t in rows) for i in range(len(localities))],
        total=sum(t.total for t in rows),
        quotable=sum(t.quotable for t in rows),
    )
