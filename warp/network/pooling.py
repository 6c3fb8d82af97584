"""The network report: the bundles a hub holds for exactly one period, pooled. Computed once; every format
(page, CSV, JSON, PDF) renders the NetworkReport this module returns.

Pooled counts are sums of the bundles' counts, which are already rounded and suppressed at each centre: a
suppressed cell ("*") counts 0, and the report says how many cells were suppressed. Pooled rates are the
pooled counts over the pooled denominators, never an average of the centres' percentages. Each centre's own
rates are the ones its bundle carries (worked out at the centre from its exact counts). One query reads
every bundle, however many there are.
"""

import statistics
from copy import deepcopy
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from warp.network.models import NetworkBundle

HEADLINE_RATES = (
    ("completion_percent", "Courses completed"),
    ("would_attend_again_percent", "Would attend another course"),
)


@dataclass
class LabelCount:
    label: str
    count: int


@dataclass
class CentreRow:
    code: str
    name: str
    students_registered: int | str
    completion_percent: float | int | str | None
    would_attend_again_percent: float | int | str | None
    own: bool = False


@dataclass
class Spread:
    """One rate across the centres that have it (a centre whose rate is suppressed or empty is left out)."""

    label: str
    centres: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    lowest: float | None
    highest: float | None


@dataclass
class FidelitySpread:
    code: str
    name: str
    out_of: int
    centres: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    by_level: list[LabelCount]


@dataclass
class PooledStudents:
    registered: int
    by_identity: list[LabelCount]
    by_gender: list[LabelCount]
    by_age_band: list[LabelCount]


@dataclass
class PooledCourses:
    booked: int
    started: int
    completed: int
    completion_percent: float | None


@dataclass
class PooledFeedback:
    responses: int
    answered: int
    would_attend_again: int
    would_attend_again_percent: float | None


@dataclass
class PooledWorkshops:
    """Recovery Skills Workshops across the `centres` whose bundles carry them (format version 2 on)."""

    centres: int
    sessions: int
    attendances: int
    co_facilitated: int
    co_facilitated_percent: float | None


@dataclass
class PooledCohorts:
    centres: int
    cohorts: int
    participants: int
    completed: int


@dataclass
class PooledOutcome:
    """One questionnaire (by code) across the `centres` that sent its figures."""

    code: str
    name: str
    centres: int
    pairs: int
    baselines: int
    followed_up_percent: float | None
    reliably_improved: int
    reliably_deteriorated: int


@dataclass
class NetworkReport:
    start: date
    end: date
    centres: int
    suppressed_cells: int
    students: PooledStudents
    courses: PooledCourses
    feedback: PooledFeedback
    workshops: PooledWorkshops
    cohorts: PooledCohorts
    outcomes: list[PooledOutcome]
    per_centre: list[CentreRow]
    rates_across_centres: dict[str, Spread]
    fidelity: list[FidelitySpread]
    notes: list[str] = field(default_factory=list)
    named: bool = True  # False when the others' names are hidden (a member centre's manager)

    def to_dict(self) -> dict:
        return asdict(self)


class _Counter:
    """Sums bundle counts, counting "*" (suppressed) as 0 and keeping a tally of the suppressed cells."""

    def __init__(self) -> None:
        self.suppressed = 0

    def __call__(self, value: Any) -> int:
        if isinstance(value, bool):
            return 0
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value)
        if value == "*":
            self.suppressed += 1
        return 0

    def labelled(self, groups: list[list[dict]]) -> list[LabelCount]:
        totals: dict[str, int] = {}
        for rows in groups:
            for row in rows or []:
                label = str(row.get("label", ""))
                totals[label] = totals.get(label, 0) + self(row.get("count"))
        return [LabelCount(label, count) for label, count in totals.items()]


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def spread(values: list[float]) -> tuple[float | None, float | None, float | None]:
    """(lower quartile, median, upper quartile) of the values; the quartiles are the inclusive kind (the
    median of each half, counting the middle value in both when there is one), as spreadsheets' QUARTILE."""
    if not values:
        return None, None, None
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return round(q1, 1), round(q2, 1), round(q3, 1)


def _spread(label: str, values: list[float]) -> Spread:
    low, mid, high = spread(values)
    return Spread(
        label=label,
        centres=len(values),
        median=mid,
        lower_quartile=low,
        upper_quartile=high,
        lowest=min(values) if values else None,
        highest=max(values) if values else None,
    )


def _rates(document: dict) -> dict[str, Any]:
    return {
        str(rate.get("name")): rate.get("percent")
        for rate in document.get("rates", [])
        if isinstance(rate, dict)
    }


def bundles_for(*, start: date, end: date):
    """The trusted centres' bundles for exactly this period (one query)."""
    return (
        NetworkBundle.objects.filter(start=start, end=end, centre__withdrawn_at__isnull=True)
        .select_related("centre")
        .order_by("centre__code")
    )


def network_report(*, start: date, end: date) -> NetworkReport:
    """The report for exactly [start, end], from the trusted centres' bundles (one query)."""
    documents = [
        (bundle.centre.code, bundle.centre_name, bundle.document)
        for bundle in bundles_for(start=start, end=end)
    ]
    return pool(start=start, end=end, documents=documents)


def pool(*, start: date, end: date, documents: list[tuple[str, str, dict]]) -> NetworkReport:
    """Pool (code, name, bundle) triples: the arithmetic, apart from the database."""
    count = _Counter()
    figures = [document.get("figures", {}) for _, _, document in documents]
    students = [f.get("students", {}) for f in figures]
    courses = [f.get("courses", {}) for f in figures]
    feedback = [f.get("feedback", {}) for f in figures]
    pooled_students = PooledStudents(
        registered=sum(count(s.get("registered")) for s in students),
        by_identity=sorted(
            count.labelled([s.get("by_identity", []) for s in students]), key=lambda r: -r.count
        ),
        by_gender=count.labelled([s.get("by_gender", []) for s in students]),
        by_age_band=count.labelled([s.get("by_age_band", []) for s in students]),
    )
    booked = sum(count(c.get("booked")) for c in courses)
    completed = sum(count(c.get("completed")) for c in courses)
    pooled_courses = PooledCourses(
        booked=booked,
        started=sum(count(c.get("started")) for c in courses),
        completed=completed,
        completion_percent=_percent(completed, booked),
    )
    answered = sum(count(f.get("answered")) for f in feedback)
    yes = sum(count(f.get("would_attend_again")) for f in feedback)
    pooled_feedback = PooledFeedback(
        responses=sum(count(f.get("responses")) for f in feedback),
        answered=answered,
        would_attend_again=yes,
        would_attend_again_percent=_percent(yes, answered),
    )
    pooled_workshops, pooled_cohorts, pooled_outcomes = _outreach_and_outcomes(figures, count)
    per_centre = []
    for (code, name, document), student in zip(documents, students, strict=True):
        rates = _rates(document)
        per_centre.append(
            CentreRow(
                code=code,
                name=name,
                students_registered=student.get("registered", 0),
                completion_percent=rates.get("completion_percent"),
                would_attend_again_percent=rates.get("would_attend_again_percent"),
            )
        )
    across = {
        key: _spread(label, [v for v in (_number(getattr(row, key)) for row in per_centre) if v is not None])
        for key, label in HEADLINE_RATES
    }
    return NetworkReport(
        start=start,
        end=end,
        centres=len(documents),
        suppressed_cells=count.suppressed,
        students=pooled_students,
        courses=pooled_courses,
        feedback=pooled_feedback,
        workshops=pooled_workshops,
        cohorts=pooled_cohorts,
        outcomes=pooled_outcomes,
        per_centre=per_centre,
        rates_across_centres=across,
        fidelity=_fidelity([document.get("fidelity", []) for _, _, document in documents]),
        notes=[
            "Each centre's counts were rounded and small ones suppressed before they left the centre. Pooled "
            "counts add them up, counting a suppressed count as 0, so they may be a little below the true "
            f"totals ({count.suppressed} suppressed cell{'' if count.suppressed == 1 else 's'} in this "
            "period). Pooled percentages are pooled counts over pooled totals, not averages of the centres' "
            "percentages; each centre's own percentages come from its exact counts."
        ],
    )


def _outreach_and_outcomes(
    figures: list[dict], count: _Counter
) -> tuple[PooledWorkshops, PooledCohorts, list[PooledOutcome]]:
    """Workshops, cohorts and each questionnaire, summed over the bundles that carry them (a version 1
    bundle carries none); rates are pooled counts over pooled denominators."""
    workshops = [f["workshops"] for f in figures if isinstance(f.get("workshops"), dict)]
    sessions = sum(count(w.get("sessions")) for w in workshops)
    co_facilitated = sum(count(w.get("co_facilitated")) for w in workshops)
    pooled_workshops = PooledWorkshops(
        centres=len(workshops),
        sessions=sessions,
        attendances=sum(count(w.get("attendances")) for w in workshops),
        co_facilitated=co_facilitated,
        co_facilitated_percent=_percent(co_facilitated, sessions),
    )
    cohorts = [f["cohorts"] for f in figures if isinstance(f.get("cohorts"), dict)]
    pooled_cohorts = PooledCohorts(
        centres=len(cohorts),
        cohorts=sum(count(c.get("cohorts")) for c in cohorts),
        participants=sum(count(c.get("participants")) for c in cohorts),
        completed=sum(count(c.get("completed")) for c in cohorts),
    )
    by_code: dict[str, list[dict]] = {}
    for f in figures:
        for row in f.get("outcomes") or []:
            if isinstance(row, dict) and str(row.get("code") or ""):
                by_code.setdefault(str(row["code"]), []).append(row)
    pooled_outcomes = []
    for code in sorted(by_code):
        rows = by_code[code]
        pairs = sum(count(r.get("pairs")) for r in rows)
        baselines = sum(count(r.get("baselines")) for r in rows)
        pooled_outcomes.append(
            PooledOutcome(
                code=code,
                name=str(rows[0].get("name") or code),
                centres=len(rows),
                pairs=pairs,
                baselines=baselines,
                followed_up_percent=_percent(pairs, baselines),
                reliably_improved=sum(count(r.get("reliably_improved")) for r in rows),
                reliably_deteriorated=sum(count(r.get("reliably_deteriorated")) for r in rows),
            )
        )
    return pooled_workshops, pooled_cohorts, pooled_outcomes


def _fidelity(lists: list[list[dict]]) -> list[FidelitySpread]:
    """Each component's latest levels across the centres that rated it, in the order centres list them."""
    names: dict[str, str] = {}
    tops: dict[str, int] = {}
    levels: dict[str, list[int]] = {}
    for ratings in lists:
        for rating in ratings or []:
            code = str(rating.get("code", ""))
            names.setdefault(code, str(rating.get("name", code)))
            levels.setdefault(code, [])
            top = rating.get("out_of")
            if isinstance(top, int):
                tops[code] = max(tops.get(code, 0), top)
            level = rating.get("level")
            if isinstance(level, int) and not isinstance(level, bool):
                levels[code].append(level)
    result = []
    for code, values in levels.items():
        low, mid, high = spread([float(v) for v in values])
        out_of = tops.get(code, max(values, default=0))
        result.append(
            FidelitySpread(
                code=code,
                name=names[code],
                out_of=out_of,
                centres=len(values),
                median=mid,
                lower_quartile=low,
                upper_quartile=high,
                by_level=[LabelCount(str(level), values.count(level)) for level in range(1, out_of + 1)],
            )
        )
    return result


def for_member(report: NetworkReport, own_code: str) -> NetworkReport:
    """The report as a member centre's manager sees it: their own centre named, the others not (lettered in
    an order that follows their figures, not their codes)."""
    shown = deepcopy(report)
    others = sorted(
        (row for row in shown.per_centre if row.code != own_code),
        key=lambda row: (-(_number(row.students_registered) or 0), str(row.completion_percent)),
    )
    for index, row in enumerate(others):
        row.code, row.name = "", f"Centre {_letter(index)}"
    own = [row for row in shown.per_centre if row.code == own_code]
    for row in own:
        row.own = True
    shown.per_centre = own + others
    shown.named = False
    return shown


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
