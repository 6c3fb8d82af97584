"""The outcomes report for one instrument and a period: computed once, rendered as page, CSV, JSON and PDF.

A period includes both its dates. Counting happens in the database: the responses, the incomplete ones and
the baselines are counted there, and each student's pair (their earliest scored baseline in the period and
their latest scored follow-up in the period dated after it) is found there with two correlated subqueries,
so the database returns one row per pair. The pair figures (means, effect size, reliable change) are then
worked out by one function, `_figures`, for the whole and for each course and level, so the totals and
the breakdowns can never disagree.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

from warp.bookings.models import Booking, BookingStatus
from warp.measures.models import Instrument, InstrumentVersion, MeasureResponse, Occasion
from warp.prospectus.models import Level
from warp.students.models import Student

# Scores are stored to two decimals, so two changes that print alike may differ in the last bit of a
# float: a change counts as greater than the threshold only when it is more than this above it.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Pair:
    student_id: int
    baseline_on: date
    baseline: float
    follow_up_on: date
    follow_up: float

    @property
    def change(self) -> float:
        return self.follow_up - self.baseline


@dataclass
class Figures:
    """What the issue's JSON keys name, over one group of pairs."""

    pairs: int
    baseline_mean: float | None
    follow_up_mean: float | None
    mean_change: float | None
    effect_size: float | None
    reliably_improved: int
    reliably_deteriorated: int
    no_reliable_change: int
    crossed_clinical_cutoff: int | None


@dataclass
class Group:
    label: str
    figures: Figures


@dataclass
class OutcomesReport:
    instrument_code: str
    instrument_name: str
    version: int
    higher_is_better: bool
    clinical_cutoff: float | None
    start: date
    end: date
    responses: int
    incomplete: int
    baselines: int
    followed_up_percent: float | None
    reliable_change_threshold: float
    figures: Figures
    by_course: list[Group] = field(default_factory=list)
    by_level: list[Group] = field(default_factory=list)
    # Each pair as (baseline, follow-up), for the staff chart only; never in the JSON or for commissioners.
    points: list[tuple[float, float]] = field(default_factory=list)
    suppressed: bool = False

    def to_dict(self) -> dict:
        figures = asdict(self.figures)
        return {
            "instrument": self.instrument_code,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "responses": self.responses,
            "incomplete": self.incomplete,
            "baselines": self.baselines,
            "pairs": figures.pop("pairs"),
            "followed_up_percent": self.followed_up_percent,
            "baseline_mean": figures.pop("baseline_mean"),
            "follow_up_mean": figures.pop("follow_up_mean"),
            "mean_change": figures.pop("mean_change"),
            "effect_size": figures.pop("effect_size"),
            "reliable_change_threshold": self.reliable_change_threshold,
            **figures,
            "by_course": [{"label": g.label, **asdict(g.figures)} for g in self.by_course],
            "by_level": [{"label": g.label, **asdict(g.figures)} for g in self.by_level],
        }


def reliable_change_threshold(version: InstrumentVersion) -> float:
    """Jacobson and Truax: 1.96 x reference SD x sqrt(2 x (1 - reliability)), two decimals."""
    return round(1.96 * version.reference_sd * math.sqrt(2 * (1 - version.reliability)), 2)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _figures(pairs: list[Pair], *, threshold: float, version: InstrumentVersion) -> Figures:
    """The pair figures for one group. Better is the direction the instrument's version says."""
    n = len(pairs)
    sign = 1 if version.higher_is_better else -1
    improved = sum(1 for p in pairs if sign * p.change > threshold + TOLERANCE)
    deteriorated = sum(1 for p in pairs if -sign * p.change > threshold + TOLERANCE)
    crossed = None
    cutoff = version.clinical_cutoff
    if cutoff is not None:
        crossed = sum(
            1
            for p in pairs
            if _worse_side(p.baseline, cutoff, version) and not _worse_side(p.follow_up, cutoff, version)
        )
    if not n:
        return Figures(0, None, None, None, None, 0, 0, 0, crossed)
    baseline_mean = statistics.fmean(p.baseline for p in pairs)
    mean_change = statistics.fmean(p.change for p in pairs)
    effect = None
    if n >= 2:
        sd = statistics.stdev(p.baseline for p in pairs)
        effect = _round(mean_change / sd) if sd > 0 else None
    return Figures(
        pairs=n,
        baseline_mean=_round(baseline_mean),
        follow_up_mean=_round(statistics.fmean(p.follow_up for p in pairs)),
        mean_change=_round(mean_change),
        effect_size=effect,
        reliably_improved=improved,
        reliably_deteriorated=deteriorated,
        no_reliable_change=n - improved - deteriorated,
        crossed_clinical_cutoff=crossed,
    )


def _worse_side(score: float, cutoff: float, version: InstrumentVersion) -> bool:
    """Below the cut-off when higher is better, above it when lower is better; the cut-off itself counts
    as the better side."""
    return score < cutoff if version.higher_is_better else score > cutoff


def _baseline_students(instrument: Instrument, start: date, end: date):
    return MeasureResponse.objects.filter(
        instrument=instrument,
        completed_on__gte=start,
        completed_on__lte=end,
        score__isnull=False,
        occasion=Occasion.BASELINE,
    ).values("student")


def _pairs(instrument: Instrument, start: date, end: date) -> list[Pair]:
    """One query: each student's earliest scored baseline and latest later scored follow-up, both in the
    period."""
    scored = MeasureResponse.objects.filter(
        instrument=instrument, completed_on__gte=start, completed_on__lte=end, score__isnull=False
    )
    baseline = scored.filter(occasion=Occasion.BASELINE, student=OuterRef("pk")).order_by("completed_on")
    follow_up = scored.filter(
        occasion=Occasion.FOLLOW_UP, student=OuterRef("pk"), completed_on__gt=OuterRef("baseline_on")
    ).order_by("-completed_on")
    rows = (
        Student.objects.filter(pk__in=_baseline_students(instrument, start, end))
        .annotate(
            baseline_on=Subquery(baseline.values("completed_on")[:1]),
            baseline=Subquery(baseline.values("score")[:1]),
        )
        .annotate(
            follow_up_on=Subquery(follow_up.values("completed_on")[:1]),
            follow_up=Subquery(follow_up.values("score")[:1]),
        )
        .filter(follow_up__isnull=False)
        .order_by("pk")
        .values_list("pk", "baseline_on", "baseline", "follow_up_on", "follow_up")
    )
    return [Pair(*row) for row in rows]


def _courses_between(baseline_students) -> list[tuple[int, str, str, date | None, date | None]]:
    """One query: the booked runs of the students with a baseline, each run's course, level and first and
    last session date: (student, course title, level, first, last)."""
    return list(
        Booking.objects.filter(student_id__in=baseline_students, status=BookingStatus.BOOKED)
        .values("student_id", "course_run_id", "course_run__course__title", "course_run__course__level")
        .annotate(first=Min("course_run__sessions__date"), last=Max("course_run__sessions__date"))
        .values_list("student_id", "course_run__course__title", "course_run__course__level", "first", "last")
    )


def outcomes_report(*, instrument: Instrument, start: date, end: date) -> OutcomesReport:
    """Four queries whatever the number of responses: the instrument's version, the counts, the pairs,
    and the paired students' runs."""
    version = instrument.current
    in_period = MeasureResponse.objects.filter(
        instrument=instrument, completed_on__gte=start, completed_on__lte=end
    )
    counts = in_period.aggregate(
        responses=Count("pk", filter=Q(score__isnull=False)),
        incomplete=Count("pk", filter=Q(score__isnull=True)),
        baselines=Count("student", distinct=True, filter=Q(score__isnull=False, occasion=Occasion.BASELINE)),
    )
    pairs = _pairs(instrument, start, end)
    threshold = reliable_change_threshold(version)
    baselines = counts["baselines"]

    # A course counts for a pair when the student had a place on one of its runs with a session between
    # the pair's two dates (both included).
    by_pair = {p.student_id: p for p in pairs}
    course_groups: dict[str, set[int]] = defaultdict(set)
    level_groups: dict[str, set[int]] = defaultdict(set)
    for student_id, title, level, first, last in _courses_between(_baseline_students(instrument, start, end)):
        pair = by_pair.get(student_id)
        if (
            pair is None
            or first is None
            or last is None
            or last < pair.baseline_on
            or first > pair.follow_up_on
        ):
            continue
        course_groups[title].add(student_id)
        level_groups[level].add(student_id)
    levels = dict(Level.choices)

    def group(label: str, members: set[int]) -> Group:
        chosen = [by_pair[s] for s in sorted(members)]
        return Group(label=label, figures=_figures(chosen, threshold=threshold, version=version))

    return OutcomesReport(
        instrument_code=instrument.code,
        instrument_name=instrument.name,
        version=version.number,
        higher_is_better=version.higher_is_better,
        clinical_cutoff=version.clinical_cutoff,
        start=start,
        end=end,
        responses=counts["responses"],
        incomplete=counts["incomplete"],
        baselines=baselines,
        followed_up_percent=round(100 * len(pairs) / baselines, 1) if baselines else None,
        reliable_change_threshold=threshold,
        figures=_figures(pairs, threshold=threshold, version=version),
        by_course=[group(title, course_groups[title]) for title in sorted(course_groups)],
        by_level=[
            group(levels.get(level, level), level_groups[level])
            for level in sorted(
                level_groups, key=lambda key: list(levels).index(key) if key in levels else 99
            )
        ],
        points=[(p.baseline, p.follow_up) for p in pairs],
    )
