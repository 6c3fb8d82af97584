"""The evaluation report, computed once, in the database, for a period [start, end].

Every format (page, CSV, JSON, PDF) renders the EvaluationReport this module returns; none recomputes its
own numbers. Each section is a handful of grouped queries whose number does not depend on how many
students, bookings or reviews there are.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.db import connections
from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from warp.bookings.models import Referral
from warp.bookings.queries import Progress, compiled_sql, progress_grouped, progress_sum
from warp.feedback.models import FeedbackResponse, WouldAttendAgain
from warp.measures.models import Instrument
from warp.measures.queries import outcomes_report
from warp.outreach.models import ActivityMeeting, HeldWorkshop
from warp.outreach.queries import workshop_figures
from warp.prospectus.models import Course, CourseRun, Level, Session, Term
from warp.students.models import (
    Gender,
    Identity,
    LearningPlanReview,
    OutcomeCategory,
    ReviewSecondCoding,
    Student,
)

MULTIPLE_IDENTITIES = "Multiple identities selected"
NOT_PROVIDED = "Not provided"


@dataclass
class LabelCount:
    label: str
    count: int | str


@dataclass
class AgeSummary:
    mean: float | str | None
    min: int | str | None
    max: int | str | None
    not_provided: int | str


@dataclass
class TermGrowth:
    term: str
    starts_on: date
    ends_on: date
    new: int | str
    registered_by_end: int | str


@dataclass
class StudentsSection:
    registered: int | str
    by_identity: list[LabelCount]
    by_gender: list[LabelCount]
    age: AgeSummary
    by_term: list[TermGrowth]
    # Women ÷ men, two decimals, as the report's Table 1 quotes it; None when no man is registered.
    female_to_male_ratio: float | str | None = None

    @property
    def female_to_male_shown(self) -> str:
        """The ratio as the report writes it, women first and fixed at 2: 1.18 shows as "2 : 1.7"."""
        ratio = self.female_to_male_ratio
        if ratio is None or isinstance(ratio, str):
            return ratio or "–"
        if ratio == 0:
            return "0 : 1"
        return f"2 : {2 / ratio:.1f}"


@dataclass
class ProgressRow:
    """Bookings holding a place on runs with sessions in the period, and how they went."""

    label: str
    booked: int | str
    started: int | str
    completed: int | str
    completion_percent: float | str | None  # completed / booked
    dropout_percent: float | str | None  # (started - completed) / started
    attendance_percent: float | str | None  # present marks / all marks, sessions already started


@dataclass
class CoursesSection:
    runs: int | str
    total: ProgressRow
    by_term: list[ProgressRow]
    by_course: list[ProgressRow]
    by_level: list[ProgressRow] = field(default_factory=list)  # REC courses, intensive, other


# The courses section's rows by level: the college's own courses, the intensive cohorts, and runs of any
# other level (runs labelled as skills workshops before workshops were recorded on their own, until
# `warp manage convert_workshop_runs` makes them workshops held).
LEVEL_ROWS = (
    ("REC courses", (Level.REC_COURSE,)),
    ("Intensive", (Level.INTENSIVE,)),
    ("Other", tuple(level for level in Level.values if level not in (Level.REC_COURSE, Level.INTENSIVE))),
)


@dataclass
class SettingRow:
    label: str
    sessions: int | str
    attendances: int | str


@dataclass
class WorkshopsSection:
    """Recovery Skills Workshops held in the period (both dates included): headcounts, never names."""

    sessions: int | str
    attendances: int | str  # the sum of the headcounts
    settings: int | str  # how many different wards or services
    co_facilitated_percent: float | str | None  # at least one peer and one clinical facilitator
    by_setting: list[SettingRow]


@dataclass
class ActivityRow:
    label: str
    meetings: int | str
    attendances: int | str


@dataclass
class ActivitiesSection:
    """Open-access groups and drop-ins that met in the period: meetings and headcounts per activity."""

    meetings: int | str
    attendances: int | str
    by_activity: list[ActivityRow]


@dataclass
class BeforeAfterRow:
    """One questionnaire's baseline and follow-up figures for the cohorts' participants (the pairs)."""

    questionnaire: str  # its code
    questionnaire_name: str
    pairs: int | str
    baseline_mean: float | str | None
    follow_up_mean: float | str | None
    mean_change: float | str | None
    reliably_improved: int | str
    reliably_deteriorated: int | str


@dataclass
class CohortsSection:
    """Intensive courses (closed cohorts) with a session in the period.

    `referrals` counts the places given on those runs by referral or invitation (bookings.Referral);
    `before_after` holds each questionnaire's figures for their participants: see `cohort_before_after`."""

    cohorts: int | str
    participants: int | str  # places held on those runs
    completed: int | str
    referrals: int | str | None = None
    before_after: list[BeforeAfterRow] | None = None


@dataclass
class FeedbackRow:
    label: str
    responses: int | str
    answered: int | str  # answered "would you attend another course?" (yes, no or not sure)
    would_attend_again_percent: float | str | None  # yes / answered
    average_rating: float | str | None
    answered_yes_or_no: int | str = 0
    would_attend_again_yes_or_no_percent: float | str | None = None  # yes / (yes + no)


@dataclass
class FeedbackSection:
    responses: int | str
    answered: int | str
    would_attend_again_percent: float | str | None
    average_rating: float | str | None
    by_term: list[FeedbackRow]
    answered_yes_or_no: int | str = 0
    would_attend_again_yes_or_no_percent: float | str | None = None


@dataclass
class CategoryRow:
    label: str
    count: int | str  # students who named it at least once in the period
    quotes: list[str]


@dataclass
class KappaRow:
    label: str
    kappa: float | str | None  # Cohen's kappa for this category as a yes/no judgement; None where undefined


@dataclass
class AgreementSection:
    """How far two coders agree, over the reviews held in the period that have a second coding."""

    double_coded: int | str
    percent_agreement: float | str | None  # both codings name exactly the same categories
    by_category: list[KappaRow]


@dataclass
class ReviewsSection:
    count: int | str
    students: int | str
    coded: int | str
    by_category: list[CategoryRow]
    agreement: AgreementSection = field(default_factory=lambda: AgreementSection(0, None, []))


QUOTES_PER_CATEGORY = 5


@dataclass
class RunRow:
    """One course run in the term report."""

    run_id: int
    course: str
    places: int
    waiting: int
    progress: ProgressRow
    feedback: FeedbackRow


@dataclass
class Period:
    start: date
    end: date


@dataclass
class EvaluationReport:
    period: Period
    students: StudentsSection
    courses: CoursesSection
    feedback: FeedbackSection
    reviews: ReviewsSection
    workshops: WorkshopsSection | None = None
    activities: ActivitiesSection | None = None
    cohorts: CohortsSection | None = None
    suppressed: bool = False
    notes: list[str] = field(default_factory=list)
    term: str | None = None  # set for the term report
    runs: list[RunRow] = field(default_factory=list)  # per-run detail, term report only

    def to_dict(self) -> dict:
        return asdict(self)


class DateAsNumber(Func):
    """A date as the whole number YYYYMMDD, computed natively (Django's Extract* run as Python on SQLite)."""

    output_field: IntegerField = IntegerField()

    # The template is %-formatted by Django, then the SQL is %-formatted with its parameters: hence %%%%.
    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%Y%%%%m%%%%d', %(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(to_char(%(expressions)s, 'YYYYMMDD') AS INTEGER)"
        )


class WithoutIndex(Func):
    """The value itself; on SQLite written `+value`, which keeps SQLite from reading it through an index.

    SQLite has no statistics unless someone runs ANALYZE, and then reads a `registered_on <= end` filter
    through the registered_on index even when (as for a report ending today) nearly every student matches:
    one table lookup per student, four times slower than reading the table straight through. The unary
    plus changes no value (SQLite documents it as a no-op for text, numbers and NULL)."""

    arity = 1

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"+{sql}", params


def _age_on(day: date):
    """Whole years between date_of_birth and `day`: (YYYYMMDD of day - YYYYMMDD of birth) // 10000.

    Integer division on both databases; a birthday still to come this year keeps the difference below the
    next 10000, and 29 February birthdays turn over on 1 March in other years."""
    day_number = day.year * 10000 + day.month * 100 + day.day
    return ExpressionWrapper(
        (Value(day_number) - DateAsNumber("date_of_birth")) / Value(10000), output_field=IntegerField()
    )


def students_section(*, end: date) -> StudentsSection:
    """Students registered by the end of the period. Three queries: identities, terms, then one pass.

    The pass reads each registered student once, joined to a grouped derived table of their identity ticks
    (how many, and the smallest identity id, which is the only one when there is one), rather than running
    correlated subqueries per student; every figure is a sum of CASE over that one join."""
    identities = list(Identity.objects.all())  # Meta ordering: order, label
    terms = list(Term.objects.filter(starts_on__lte=end).order_by("starts_on"))
    registered = Student.objects.alias(registered=WithoutIndex("registered_on")).filter(registered__lte=end)
    students = registered.order_by().values(
        s_id=F("pk"),
        s_born=F("date_of_birth"),
        s_gender=F("gender"),
        s_registered=F("registered_on"),
        s_age=_age_on(end),
    )
    ticks = (
        Student.identities.through.objects.order_by()
        .values(t_student=F("student_id"))
        .annotate(t_n=Count("pk"), t_only=Min("identity_id"))
        .values("t_student", "t_n", "t_only")  # type: ignore[misc]  # annotated names
    )
    (s_sql, s_params), (t_sql, t_params) = compiled_sql(students), compiled_sql(ticks)
    adapt = connections[registered.db].ops.adapt_datefield_value
    sums: list[tuple[str, tuple]] = [
        ("t.t_n IS NOT NULL", ()),
        ("s.s_born IS NULL", ()),
        *(("t.t_n = 1 AND t.t_only = %s", (identity.pk,)) for identity in identities),
        *(("s.s_gender = %s", (value,)) for value, _ in Gender.choices),
        *(("s.s_registered <= %s", (adapt(min(term.ends_on, end)),)) for term in terms),
    ]
    columns = ", ".join(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)" for condition, _ in sums)
    sql = f"""
        SELECT COUNT(*), AVG(s.s_age), MIN(s.s_age), MAX(s.s_age), {columns}
        FROM ({s_sql}) s LEFT JOIN ({t_sql}) t ON t.t_student = s.s_id
    """  # noqa: S608 - only compiled querysets and fixed conditions are formatted in; values are parameters
    params = tuple(value for _, values in sums for value in values)
    with connections[registered.db].cursor() as cursor:
        cursor.execute(sql, (*params, *s_params, *t_params))
        row = cursor.fetchone()
    total, mean, youngest, oldest = row[:4]
    counts = iter(int(value or 0) for value in row[4:])
    with_identity, age_not_provided = next(counts), next(counts)
    single = {identity.pk: next(counts) for identity in identities}
    gender_counts = {value: next(counts) for value, _ in Gender.choices}
    women, men = gender_counts[Gender.WOMAN], gender_counts[Gender.MAN]
    growth = {term.pk: next(counts) for term in terms}

    by_identity = [
        LabelCount(identity.label, single[identity.pk])
        for identity in identities
        if identity.is_active or single[identity.pk]
    ]
    by_identity.append(LabelCount(MULTIPLE_IDENTITIES, with_identity - sum(single.values())))
    by_identity.append(LabelCount(NOT_PROVIDED, total - with_identity))
    by_identity.sort(key=lambda row: -int(row.count))
    by_gender = [LabelCount(str(label), gender_counts[value]) for value, label in Gender.choices]
    by_term = []
    previous = 0
    for term in terms:
        cumulative = growth[term.pk]
        by_term.append(TermGrowth(term.name, term.starts_on, term.ends_on, cumulative - previous, cumulative))
        previous = cumulative
    return StudentsSection(
        registered=total,
        by_identity=by_identity,
        by_gender=by_gender,
        age=AgeSummary(
            mean=round(float(mean), 1) if mean is not None else None,
            min=int(youngest) if youngest is not None else None,
            max=int(oldest) if oldest is not None else None,
            not_provided=age_not_provided,
        ),
        by_term=by_term,
        female_to_male_ratio=round(women / men, 2) if men else None,
    )


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _progress_row(label: str, p: Progress) -> ProgressRow:
    return ProgressRow(
        label=label,
        booked=p.booked,
        started=p.started,
        completed=p.completed,
        completion_percent=_percent(p.completed, p.booked),
        dropout_percent=_percent(p.started - p.completed, p.started),
        attendance_percent=_percent(p.present_marks, p.all_marks),
    )


def courses_section(*, start: date, end: date) -> CoursesSection:
    """Runs with at least one session in the period; the arithmetic is bookings/queries.py's, shared with the
    term dashboard, so the two can never disagree.

    The figures are counted once per (term, course) and summed here into the total, per-term and per-course
    rows: every booking and mark belongs to exactly one run, so each run's term and course, and the sums are
    exact (whole numbers; percentages are worked out from the sums)."""
    runs = CourseRun.objects.filter(
        pk__in=Session.objects.filter(date__range=(start, end)).order_by().values("course_run_id")
    ).exclude(
        # Runs labelled skills workshops that `warp manage convert_workshop_runs` turned into workshops held
        # are counted in the workshops section, not here.
        sessions__converted_workshop__isnull=False
    )
    # Queries: 1 run count, 2 progress per (term, course), 1 term names, 1 course titles.
    run_count = runs.count()
    cells = progress_grouped(runs, by=("term", "course"))
    terms = Term.objects.filter(pk__in={term for term, _ in cells}).order_by("starts_on")
    courses = list(Course.objects.filter(pk__in={course for _, course in cells}).order_by("title"))
    level_of = {course.pk: course.level for course in courses}
    return CoursesSection(
        runs=run_count,
        total=_progress_row("All runs", progress_sum(cells.values())),
        by_term=[
            _progress_row(term.name, progress_sum(p for (t, _), p in cells.items() if t == term.pk))
            for term in terms
        ],
        by_course=[
            _progress_row(course.title, progress_sum(p for (_, c), p in cells.items() if c == course.pk))
            for course in courses
        ],
        by_level=[
            _progress_row(label, progress_sum(p for (_, c), p in cells.items() if level_of[c] in levels))
            for label, levels in LEVEL_ROWS
        ],
    )


def workshops_section(*, start: date, end: date) -> WorkshopsSection:
    """Workshops held from start to end, both included. Two queries: totals, then per ward or service."""
    held = HeldWorkshop.objects.filter(held_on__range=(start, end)).order_by()
    figures = workshop_figures()  # the same arithmetic as the workshops pages (warp/outreach/queries.py)
    totals = held.aggregate(**figures, settings=Count("team", distinct=True))
    per_setting = held.values("team__name").annotate(**figures).order_by("team__name")
    return WorkshopsSection(
        sessions=totals["sessions"],
        attendances=totals["attendances"],
        settings=totals["settings"],
        co_facilitated_percent=_percent(totals["co_facilitated"], totals["sessions"]),
        by_setting=[
            SettingRow(row["team__name"], row["sessions"], row["attendances"]) for row in per_setting
        ],
    )


def activities_section(*, start: date, end: date) -> ActivitiesSection:
    """Meetings of open-access groups and drop-ins from start to end, both included. One query."""
    rows = list(
        ActivityMeeting.objects.filter(met_on__range=(start, end))
        .order_by()
        .values("activity__name")
        .annotate(meetings=Count("pk"), attendances=Coalesce(Sum("attendees"), 0))
        .order_by("activity__name")
    )
    return ActivitiesSection(
        meetings=sum(row["meetings"] for row in rows),
        attendances=sum(row["attendances"] for row in rows),
        by_activity=[ActivityRow(row["activity__name"], row["meetings"], row["attendances"]) for row in rows],
    )


def cohort_before_after(*, start: date, end: date) -> list[BeforeAfterRow]:
    """Each questionnaire's before/after figures for the participants of the intensive runs that met in
    the period, taken from the outcomes report (warp/measures/queries.py), never counted again.

    The outcomes report's `by_level` row for *Intensive* holds exactly these people: a pair (the earliest
    scored baseline and the latest later scored follow-up, both in the period) counts there when the student
    held a place on an intensive run with a session between the two dates, and such a run met in the
    period. One query for the questionnaires, then the outcomes report's four for each questionnaire: the
    count grows with questionnaires (a centre uses a few), never with responses or students."""
    intensive = dict(Level.choices)[Level.INTENSIVE]
    rows = []
    for instrument in Instrument.objects.order_by("name", "code"):
        report = outcomes_report(instrument=instrument, start=start, end=end)
        group = next((g.figures for g in report.by_level if g.label == intensive), None)
        rows.append(
            BeforeAfterRow(
                questionnaire=instrument.code,
                questionnaire_name=instrument.name,
                pairs=group.pairs if group else 0,
                baseline_mean=group.baseline_mean if group else None,
                follow_up_mean=group.follow_up_mean if group else None,
                mean_change=group.mean_change if group else None,
                reliably_improved=group.reliably_improved if group else 0,
                reliably_deteriorated=group.reliably_deteriorated if group else 0,
            )
        )
    return rows


def cohorts_section(*, start: date, end: date, courses: CoursesSection) -> CohortsSection:
    """Intensive runs (closed cohorts) with a session in the period: two queries (their number, their
    referrals); the participants and completions are the courses section's intensive row, never counted
    twice."""
    runs = CourseRun.objects.filter(
        course__level=Level.INTENSIVE,
        pk__in=Session.objects.filter(date__range=(start, end)).order_by().values("course_run_id"),
    )
    intensive = next(row for row in courses.by_level if row.label == LEVEL_ROWS[1][0])
    return CohortsSection(
        cohorts=runs.count(),
        referrals=Referral.objects.filter(course_run__in=runs).count(),
        participants=intensive.booked,
        completed=intensive.completed,
        before_after=cohort_before_after(start=start, end=end),
    )


def _feedback_figures() -> dict:
    return {
        "responses": Count("pk"),
        "answered": Count("pk", filter=~Q(would_attend_again=WouldAttendAgain.BLANK)),
        "yes": Count("pk", filter=Q(would_attend_again=WouldAttendAgain.YES)),
        "yes_or_no": Count(
            "pk", filter=Q(would_attend_again__in=[WouldAttendAgain.YES, WouldAttendAgain.NO])
        ),
        "rating": Avg("rating"),
    }


def _feedback_row(label: str, figures: dict) -> FeedbackRow:
    rating = figures["rating"]
    return FeedbackRow(
        label=label,
        responses=figures["responses"],
        answered=figures["answered"],
        would_attend_again_percent=_percent(figures["yes"], figures["answered"]),
        average_rating=None if rating is None else round(float(rating), 1),
        answered_yes_or_no=figures["yes_or_no"],
        would_attend_again_yes_or_no_percent=_percent(figures["yes"], figures["yes_or_no"]),
    )


def feedback_section(*, start: date, end: date) -> FeedbackSection:
    """Feedback submitted in the period. The yes-rate twice: of everyone who answered the question (not sure
    included), and of those who answered yes or no."""
    responses = FeedbackResponse.objects.filter(submitted_on__range=(start, end))
    aggregates = _feedback_figures()
    # Query 1: totals; query 2: per term, with the term's name and start for ordering.
    total = _feedback_row("All feedback", responses.aggregate(**aggregates))
    per_term = (
        responses.order_by()
        .values("course_run__term__name", "course_run__term__starts_on")
        .annotate(**aggregates)
        .order_by("course_run__term__starts_on", "course_run__term__name")
    )
    return FeedbackSection(
        responses=total.responses,
        answered=total.answered,
        would_attend_again_percent=total.would_attend_again_percent,
        average_rating=total.average_rating,
        by_term=[_feedback_row(row["course_run__term__name"], row) for row in per_term],
        answered_yes_or_no=total.answered_yes_or_no,
        would_attend_again_yes_or_no_percent=total.would_attend_again_yes_or_no_percent,
    )


def reviews_section(*, start: date, end: date) -> ReviewsSection:
    """Learning Plan Reviews held in the period, and the outcomes students named (the report's Graph 1)."""
    in_period = Q(reviews__review_date__range=(start, end))
    reviews = LearningPlanReview.objects.filter(review_date__range=(start, end))
    # Query 1: how many reviews, how many students, how many coded.
    totals = reviews.aggregate(
        count=Count("pk"),
        students=Count("student", distinct=True),
        coded=Count("pk", filter=Q(coded_at__isnull=False)),
    )
    # Query 2: per category, students who named it (a student reviewed twice counts once per category).
    categories = (
        OutcomeCategory.objects.annotate(students=Count("reviews__student", filter=in_period, distinct=True))
        .filter(Q(is_active=True) | Q(students__gt=0))
        .order_by("order", "label")  # Meta.ordering does not apply to grouped queries
    )
    # Query 3: up to five consented quotes per category, the newest first.
    through = LearningPlanReview.categories.through
    quotes: dict[int, list[str]] = {}
    for row in (
        through.objects.filter(  # type: ignore[misc]
            learningplanreview__in=reviews.quotable().values("pk"),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("outcomecategory_id")],
                order_by=[F("learningplanreview__review_date").desc(), F("learningplanreview_id").desc()],
            )
        )
        .filter(rank__lte=QUOTES_PER_CATEGORY)
        .values_list("outcomecategory_id", "learningplanreview__changes")
    ):
        quotes.setdefault(row[0], []).append(row[1])
    return ReviewsSection(
        count=totals["count"],
        students=totals["students"],
        coded=totals["coded"],
        by_category=[
            CategoryRow(category.label, category.students, quotes.get(category.pk, []))  # type: ignore[attr-defined]
            for category in categories
        ],
        agreement=agreement_section(start=start, end=end),
    )


def kappa(*, n: int, first: int, second: int, both: int) -> float | None:
    """Cohen's kappa for one yes/no judgement made by two coders on `n` items, two decimals.

    `first` and `second` are how many items each coder said yes to, `both` how many both did. Exact
    fractions until the end; None where kappa is undefined (no items, or chance agreement is certain:
    both coders said yes to all, or no to all)."""
    if n == 0:
        return None
    observed = Fraction(n - first - second + 2 * both, n)
    expected = Fraction(first * second + (n - first) * (n - second), n * n)
    if expected == 1:
        return None
    return round(float((observed - expected) / (1 - expected)), 2)


def agreement_section(*, start: date, end: date) -> AgreementSection:
    """The second codings of reviews held in [start, end], compared with the first codings they were made
    beside. Four queries, whatever the number of reviews: totals, each coder's yes counts per category,
    and the category names."""
    codings = ReviewSecondCoding.objects.second_coded().filter(review__review_date__range=(start, end))
    # Query 1: how many double-coded, and how many with exactly the same categories.
    totals = codings.with_differences().aggregate(
        n=Count("pk"), same=Count("pk", filter=Q(only_first=False, only_second=False))
    )
    first = ReviewSecondCoding.first_categories.through
    second = ReviewSecondCoding.categories.through
    in_period = codings.values("pk")
    # Query 2: per category, the first coder's yes count and how many of those the second coder shared.
    shared = Exists(
        second.objects.filter(
            reviewsecondcoding_id=OuterRef("reviewsecondcoding_id"),
            outcomecategory_id=OuterRef("outcomecategory_id"),
        )
    )
    first_yes = {
        row["outcomecategory_id"]: row
        for row in first.objects.filter(reviewsecondcoding_id__in=in_period)
        .order_by()
        .values("outcomecategory_id")
        .annotate(yes=Count("pk"), both=Count("pk", filter=Q(shared)))
    }
    # Query 3: per category, the second coder's yes count.
    second_yes = dict(
        second.objects.filter(reviewsecondcoding_id__in=in_period)
        .order_by()
        .values("outcomecategory_id")
        .annotate(yes=Count("pk"))
        .values_list("outcomecategory_id", "yes")  # type: ignore[misc]  # annotated name
    )
    n = totals["n"]
    # Query 4: the categories, in the report's order: the active ones and any other either coder used.
    categories = OutcomeCategory.objects.filter(
        Q(is_active=True) | Q(pk__in=set(first_yes) | set(second_yes))
    ).order_by("order", "label")
    return AgreementSection(
        double_coded=n,
        percent_agreement=_percent(totals["same"], n),
        by_category=[
            KappaRow(
                category.label,
                kappa(
                    n=n,
                    first=first_yes.get(category.pk, {}).get("yes", 0),
                    second=second_yes.get(category.pk, 0),
                    both=first_yes.get(category.pk, {}).get("both", 0),
                ),
            )
            for category in categories
        ],
    )


def terms_read(*, start: date, end: date):
    """The ids of the terms whose own rows (runs, sessions, bookings, marks) `evaluation_report` reads for
    [start, end]: those with a run that has a session in the period. A kept report is keyed by their
    change counters (warp/core/kept.py), so a register taken in another term leaves it kept."""
    return Session.objects.filter(date__range=(start, end)).order_by().values("course_run__term_id")


def term_report_terms(term: Term) -> list:
    """The terms whose own rows `term_report(term)` reads: the term itself, and those its period reads."""
    return [term.pk, terms_read(start=term.starts_on, end=term.ends_on)]


def evaluation_report(*, start: date, end: date) -> EvaluationReport:
    """The whole report for [start, end]: exact numbers, for staff. See `for_commissioners` for the rest."""
    courses = courses_section(start=start, end=end)
    return EvaluationReport(
        period=Period(start, end),
        students=students_section(end=end),
        courses=courses,
        feedback=feedback_section(start=start, end=end),
        reviews=reviews_section(start=start, end=end),
        workshops=workshops_section(start=start, end=end),
        activities=activities_section(start=start, end=end),
        cohorts=cohorts_section(start=start, end=end, courses=courses),
    )


def term_report(term: Term) -> EvaluationReport:
    """The evaluation report for the term's dates, plus a row for each of the term's runs (for managers)."""
    report = evaluation_report(start=term.starts_on, end=term.ends_on)
    runs = list(
        CourseRun.objects.with_places_left()
        .filter(term=term)
        .exclude(status="cancelled")
        .select_related("course")
        .order_by("course__title", "pk")
    )
    progress = progress_grouped(CourseRun.objects.filter(term=term), by="run")
    feedback = {
        row["course_run"]: row
        for row in FeedbackResponse.objects.filter(course_run__term=term)
        .order_by()
        .values("course_run")
        .annotate(**_feedback_figures())
    }
    empty_progress = Progress(booked=0, started=0, completed=0, present_marks=0, all_marks=0)
    empty_feedback = {"responses": 0, "answered": 0, "yes": 0, "yes_or_no": 0, "rating": None}
    report.term = term.name
    report.runs = [
        RunRow(
            run_id=run.pk,
            course=run.course.title,
            places=run.places,
            waiting=run.waiting_count,  # type: ignore[attr-defined]
            progress=_progress_row(run.course.title, progress.get(run.pk, empty_progress)),
            feedback=_feedback_row(run.course.title, feedback.get(run.pk, empty_feedback)),
        )
        for run in runs
    ]
    return report
