"""Read side for the centre's own figures that the evaluation report does not carry, and its fidelity.

The bundle's figures are the evaluation report (warp/evaluation/queries.py) in the form commissioners see
(warp/evaluation/disclosure.py); this module adds only what that report leaves out and a bundle needs:
age band counts (the report gives a mean, never bands), how many said they would attend again and how many
workshops were co-facilitated (the report gives the percentages; a network pools the counts). One query
each, whatever the number of students or workshops.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.expressions import Case
from django.db.models.functions import Coalesce

from warp.evaluation.queries import WithoutIndex, _age_on
from warp.feedback.models import FeedbackResponse, WouldAttendAgain
from warp.network.models import FidelityComponent, FidelityRating
from warp.outreach.models import HeldWorkshop
from warp.outreach.queries import CO_FACILITATED
from warp.students.models import Student

# (label, youngest, oldest); None for no bound. Wide bands: a network compares reach, not single years.
AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("Under 25", None, 24),
    ("25 to 34", 25, 34),
    ("35 to 44", 35, 44),
    ("45 to 54", 45, 54),
    ("55 to 64", 55, 64),
    ("65 and over", 65, None),
)


def age_band_counts(*, end: date) -> list[tuple[str, int]]:
    """Students registered by `end` in each age band on that day (one query); those with no date of birth
    are the evaluation report's `age.not_provided`."""
    age = _age_on(end)
    sums = {}
    for index, (_label, youngest, oldest) in enumerate(AGE_BANDS):
        condition = Q(date_of_birth__isnull=False)
        if youngest is not None:
            condition &= Q(age__gte=youngest)
        if oldest is not None:
            condition &= Q(age__lte=oldest)
        sums[f"band_{index}"] = Sum(Case(When(condition, then=Value(1)), default=Value(0)))
    row = (
        Student.objects.alias(registered=WithoutIndex("registered_on"), age=age)
        .filter(registered__lte=end)
        .aggregate(**sums)
    )
    return [(label, int(row[f"band_{index}"] or 0)) for index, (label, _, _) in enumerate(AGE_BANDS)]


def would_attend_again_count(*, start: date, end: date) -> int:
    """Feedback submitted in the period answering yes to "would you attend another course?" (one query)."""
    return FeedbackResponse.objects.filter(
        submitted_on__range=(start, end), would_attend_again=WouldAttendAgain.YES
    ).count()


def co_facilitated_count(*, start: date, end: date) -> int:
    """Workshops held in the period with at least one peer and one clinical facilitator (one query): the
    numerator of the evaluation report's `workshops.co_facilitated_percent`, by the same rule."""
    return HeldWorkshop.objects.filter(held_on__range=(start, end)).filter(CO_FACILITATED).count()


@dataclass
class LatestRating:
    code: str
    name: str
    level: int | None
    out_of: int
    rated_on: date | None
    evidence: str
    actions: str


def latest_fidelity() -> list[LatestRating]:
    """Each active component of the framework with its most recent rating (one query)."""
    newest = FidelityRating.objects.filter(component=OuterRef("pk")).order_by("-rated_on", "-pk")
    components = (
        FidelityComponent.objects.filter(is_active=True)
        .annotate(
            out_of=Coalesce(Max("levels__level"), 0, output_field=IntegerField()),
            latest_level=Subquery(newest.values("level")[:1]),
            latest_on=Subquery(newest.values("rated_on")[:1]),
            latest_evidence=Subquery(newest.values("evidence")[:1]),
            latest_actions=Subquery(newest.values("actions")[:1]),
        )
        .order_by("order", "code")
    )
    return [
        LatestRating(
            code=c.code,
            name=c.name,
            level=c.latest_level,  # type: ignore[attr-defined]
            out_of=c.out_of,  # type: ignore[attr-defined]
            rated_on=c.latest_on,  # type: ignore[attr-defined]
            evidence=c.latest_evidence or "",  # type: ignore[attr-defined]
            actions=c.latest_actions or "",  # type: ignore[attr-defined]
        )
        for c in components
    ]


def ratings_over_time() -> list[FidelityRating]:
    """Every rating, oldest first, with its component (one query): the chart's lines."""
    return list(FidelityRating.objects.over_time())
