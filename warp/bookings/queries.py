"""Read side of bookings: lists, registers and the completion arithmetic, all computed in the database.

Definitions (also in docs/bookings.md, "Completion, dropout and attendance"):
- booked: bookings holding a place now ("booked"); offers, the waiting list and cancellations are not counted.
- started: booked students present at one session or more.
- completed: booked students present at no fewer than WARP_COMPLETION_MIN_FRACTION of the run's sessions.
- dropout rate: (started - completed) / started; empty when nobody has started.
- attendance rate: present marks / all marks, for sessions that have already started.
"""

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Trim
from django.utils import timezone

from warp.bookings.models import (
    DELIVERY_FAILURES,
    PLACE_TAKING,
    Attendance,
    Booking,
    BookingMessage,
    BookingStatus,
    Channel,
    Mark,
    MessageKind,
    Referral,
    ReferringTeamFeedback,
    RunMessage,
)
from warp.prospectus.models import CourseRun, CourseRunTrainer, Session, Term


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _session_date(run_ref, order: str) -> Subquery:
    """The first (order "date") or last (order "-date") session date of a run."""
    return Subquery(Session.objects.filter(course_run=run_ref).order_by(order).values("date")[:1])


def _completion_threshold() -> tuple[int, int]:
    """The completion fraction as whole numbers, so the database compares integers, never floats."""
    fraction = Fraction(str(settings.WARP_COMPLETION_MIN_FRACTION)).limit_denominator(1000)
    return fraction.numerator, fraction.denominator


# Over bookings_with_progress(): present at one session or more, and at no fewer than the fraction needed.
COMPLETED = Q(session_count__gt=0, present_count__gt=0, present_scaled__gte=F("needed_scaled"))


def bookings_with_progress(queryset: QuerySet[Booking] | None = None) -> QuerySet[Booking]:
    """Bookings annotated with present_count, session_count and completed (1 or 0)."""
    numerator, denominator = _completion_threshold()
    queryset = Booking.objects.all() if queryset is None else queryset
    return (
        queryset.annotate(
            present_count=_count(
                Attendance.objects.filter(booking=OuterRef("pk"), mark=Mark.PRESENT), "booking"
            ),
            session_count=_count(Session.objects.filter(course_run=OuterRef("course_run")), "course_run"),
        )
        .annotate(
            # present / sessions >= numerator / denominator, cross-multiplied to stay in whole numbers.
            present_scaled=F("present_count") * Value(denominator),
            needed_scaled=F("session_count") * Value(numerator),
        )
        .annotate(
            completed=Case(
                When(COMPLETED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )


def booking_is_completed(booking: Booking) -> bool:
    row = bookings_with_progress(Booking.objects.filter(pk=booking.pk)).values("completed").first()  # type: ignore[misc]  # annotated
    return bool(row and row["completed"])


@dataclass(frozen=True)
class Progress:
    booked: int
    started: int
    completed: int
    present_marks: int
    all_marks: int

    @property
    def dropout_rate(self) -> float | None:
        return None if not self.started else (self.started - self.completed) / self.started

    @property
    def attendance_rate(self) -> float | None:
        return None if not self.all_marks else self.present_marks / self.all_marks


def progress_sum(parts) -> Progress:
    """The sum of several Progress figures for separate groups (e.g. every run of a term)."""
    totals = [0, 0, 0, 0, 0]
    for p in parts:
        for index, value in enumerate((p.booked, p.started, p.completed, p.present_marks, p.all_marks)):
            totals[index] += value
    return Progress(*totals)


def _started_sessions(now: datetime) -> Q:
    local = timezone.localtime(now)
    return Q(session__date__lt=local.date()) | Q(
        session__date=local.date(), session__starts_at__lte=local.time()
    )


def sessions_started_today(now: datetime | None = None) -> int:
    """One query: how many of today's sessions have started. Progress figures count marks of started
    sessions only, so kept figures (warp/core/kept.py) name this count in their key."""
    local = timezone.localtime(now or timezone.now())
    return Session.objects.filter(date=local.date(), starts_at__lte=local.time()).count()


def compiled_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """A queryset's SQL and parameters, to use as a derived table (Django has no FROM-subquery of its own)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _key(row: tuple, width: int):
    """A group's key from the leading columns of a row: None in total, the value, or a tuple of values."""
    if width == 0:
        return None
    return row[0] if width == 1 else tuple(row[:width])


def _booking_progress(runs: QuerySet[CourseRun], groups: tuple[str, ...]) -> dict:
    """booked/started/completed for the runs' booked bookings, grouped by booking fields. One query.

    Each booked booking is joined once to its present marks and grouped (a derived table of one row per
    booking with its present count), then to a grouped derived table of sessions per run, rather than running
    correlated subqueries for every booking; the completion rule is the one in COMPLETED: sessions > 0,
    present > 0 and present * denominator >= sessions * numerator (whole numbers). Both derived tables are
    narrowed by the runs themselves, so the database reads only their bookings, marks and sessions.
    """
    numerator, denominator = _completion_threshold()
    run_ids = runs.order_by().values("pk")
    keys = {f"b_k{n}": F(field) for n, field in enumerate(groups)}
    per_booking = (
        Booking.objects.filter(course_run__in=run_ids, status=BookingStatus.BOOKED)
        .annotate(present=FilteredRelation("attendances", condition=Q(attendances__mark=Mark.PRESENT)))
        .order_by()
        .values(b_id=F("pk"), b_run=F("course_run_id"), **keys)
        .annotate(p_n=Count("present"))
    )
    sessions = (
        Session.objects.filter(course_run__in=run_ids)
        .order_by()
        .values(s_run=F("course_run_id"))
        .annotate(s_n=Count("pk"))
        .values("s_run", "s_n")
    )
    (b_sql, b_params), (s_sql, s_params) = map(compiled_sql, (per_booking, sessions))
    key_sql = "".join(f"b.{name}, " for name in keys)
    group_sql = f"GROUP BY {', '.join(f'b.{name}' for name in keys)}" if keys else ""
    sql = f"""
        SELECT {key_sql}
            COUNT(*) AS booked,
            COALESCE(SUM(CASE WHEN b.p_n > 0 THEN 1 ELSE 0 END), 0) AS started,
            COALESCE(SUM(CASE WHEN s.s_n > 0 AND b.p_n > 0 AND b.p_n * %s >= s.s_n * %s THEN 1 ELSE 0 END), 0)
                AS completed
        FROM ({b_sql}) b
        LEFT JOIN ({s_sql}) s ON s.s_run = b.b_run
        {group_sql}
    """  # noqa: S608 - only compiled querysets and fixed column names are formatted in; values are parameters
    with connections[per_booking.db].cursor() as cursor:
        cursor.execute(sql, (denominator, numerator, *b_params, *s_params))
        rows = cursor.fetchall()
    width = len(groups)
    return {
        _key(row, width): {"booked": row[width], "started": row[width + 1], "completed": row[width + 2]}
        for row in rows
        if row[width]  # the total over no bookings at all is one row of zeros: the same as no row
    }


def _progress(runs: QuerySet[CourseRun], groups: tuple[str, ...], now: datetime | None) -> dict:
    """Progress figures for the runs, grouped by booking fields (key None in total, a tuple for several).

    Two queries, however many runs: the bookings' figures, then the marks of sessions already started."""
    now = now or timezone.now()
    marks = Attendance.objects.filter(session__course_run__in=runs.order_by().values("pk")).filter(
        _started_sessions(now)
    )
    mark_counts = {"present_marks": Count("pk", filter=Q(mark=Mark.PRESENT)), "all_marks": Count("pk")}
    booking_rows = _booking_progress(runs, groups)
    if groups:
        keys = {f"k{n}": F(f"session__{field}") for n, field in enumerate(groups)}
        mark_rows = {
            _key(tuple(row[name] for name in keys), len(groups)): row
            for row in marks.order_by().values(**keys).annotate(**mark_counts).values(*keys, *mark_counts)
        }
    else:
        mark_rows = {None: marks.order_by().aggregate(**mark_counts)}
    empty_b = {"booked": 0, "started": 0, "completed": 0}
    return {
        key: Progress(
            **{**empty_b, **booking_rows.get(key, {})},
            present_marks=mark_rows.get(key, {}).get("present_marks", 0),
            all_marks=mark_rows.get(key, {}).get("all_marks", 0),
        )
        for key in set(booking_rows) | set(mark_rows)
    }


def progress_by_run(runs: QuerySet[CourseRun], *, now: datetime | None = None) -> dict[int, Progress]:
    """Two queries, however many runs: booked/started/completed per run, then marks per run."""
    return progress_grouped(runs, by="run", now=now)


PROGRESS_GROUPS = {"run": "course_run_id", "term": "course_run__term_id", "course": "course_run__course_id"}


def progress_grouped(
    runs: QuerySet[CourseRun], *, by: str | tuple[str, ...], now: datetime | None = None
) -> dict:
    """Two queries, however many runs: progress for these runs grouped by "run", "term" or "course" (keys are
    their ids), or by several at once, e.g. ("term", "course") (keys are tuples of ids). The evaluation
    report sums its total, per-term and per-course figures from one ("term", "course") grouping."""
    groups = (by,) if isinstance(by, str) else by
    return _progress(runs, tuple(PROGRESS_GROUPS[name] for name in groups), now)


def progress_total(runs: QuerySet[CourseRun], *, now: datetime | None = None) -> Progress:
    """Two queries: the totals for these runs."""
    return _progress(runs, (), now).get(None, Progress(0, 0, 0, 0, 0))


def progress_for_term(term: Term, *, now: datetime | None = None) -> Progress:
    """Two queries: the term's totals."""
    return progress_total(CourseRun.objects.filter(term=term), now=now)


def with_waiting_position(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    """waiting_position: 1 for the first in the queue (created_at, then pk); None for other statuses."""
    ahead = Booking.objects.filter(course_run=OuterRef("course_run"), status=BookingStatus.WAITING).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
    )
    return queryset.annotate(
        waiting_position=Case(
            When(status=BookingStatus.WAITING, then=_count(ahead, "course_run")),
            default=None,
            output_field=IntegerField(),
        )
    )


def bookings_for_portal(student) -> QuerySet[Booking]:
    """One query: the student's bookings with course, term, queue position and completion."""
    return (
        with_waiting_position(bookings_with_progress(Booking.objects.filter(student=student)))
        .select_related("course_run__course", "course_run__term")
        .annotate(
            first_date=_session_date(OuterRef("course_run"), "date"),
            last_date=_session_date(OuterRef("course_run"), "-date"),
        )
        .order_by("-first_date", "-pk")
    )


def upcoming_sessions_for(student, *, today: date | None = None) -> QuerySet[Session]:
    """One query: sessions from today on, for runs the student is booked, offered or waiting on."""
    today = today or timezone.localdate()
    status = Booking.objects.filter(student=student, course_run=OuterRef("course_run")).exclude(
        status=BookingStatus.CANCELLED
    )
    return (
        Session.objects.filter(date__gte=today)
        .annotate(booking_status=Subquery(status.values("status")[:1]))
        .filter(booking_status__isnull=False)
        .select_related("course_run__course", "venue")
        .order_by("date", "starts_at", "pk")
    )


def sessions_for_trainer(user) -> QuerySet[Session]:
    """Sessions of runs this trainer co-delivers, with booked and marked counts (one query)."""
    booked = Booking.objects.filter(course_run=OuterRef("course_run"), status=BookingStatus.BOOKED)
    return (
        Session.objects.filter(
            Exists(CourseRun.objects.filter(pk=OuterRef("course_run"), run_trainers__trainer=user))
        )
        .exclude(course_run__status="cancelled")
        .annotate(
            booked_count=_count(booked, "course_run"),
            marked_count=_count(Attendance.objects.filter(session=OuterRef("pk")), "session"),
        )
        .select_related("course_run__course", "venue")
        .order_by("date", "starts_at", "pk")
    )


# NamedTuples rather than frozen dataclasses (equally read-only): a register builds two per student, and a
# frozen dataclass's __init__ sets each field through object.__setattr__, several times slower.
class RegisterStudent(NamedTuple):
    pk: int
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class RegisterRow(NamedTuple):
    """One booked student on a register: the booking's id, the student's name and the current mark, and
    the support needs they agreed to share with their trainers (empty otherwise)."""

    pk: int
    student: RegisterStudent
    mark: str | None
    support_needs: str = ""

    @property
    def student_id(self) -> int:
        return self.student.pk


def register_rows(session: Session) -> list[RegisterRow]:
    """One query: the booked students for a session's register, each with their current mark (or None).

    Plain rows of what the register shows, not model instances: a run may have ~140 students, and building
    whole bookings and student records took longer than the rest of the page."""
    mark = Attendance.objects.filter(booking=OuterRef("pk"), session=session).order_by().values("mark")[:1]
    # Support needs only where the student agreed to share them with their trainers (learning plan).
    shared = Case(
        When(
            student__learning_plan__support_needs_shared_with_trainers=True,
            then=F("student__learning_plan__support_needs"),
        ),
        default=Value(""),
        output_field=CharField(),
    )
    rows = (
        Booking.objects.filter(course_run_id=session.course_run_id, status=BookingStatus.BOOKED)
        .annotate(mark=Subquery(mark), shared_needs=shared)
        .order_by("student__last_name", "student__first_name", "pk")
        .values_list("pk", "student_id", "student__first_name", "student__last_name", "mark", "shared_needs")
    )
    return [
        RegisterRow(pk, RegisterStudent(student, first, last), mark, needs or "")
        for pk, student, first, last, mark, needs in rows
    ]


def registers_not_taken(*, now: datetime | None = None) -> QuerySet[Session]:
    """Sessions that have ended, with booked students and not one mark. One query."""
    local = timezone.localtime(now or timezone.now())
    ended = Q(date__lt=local.date()) | Q(date=local.date(), ends_at__lte=local.time())
    booked = Booking.objects.filter(course_run=OuterRef("course_run"), status=BookingStatus.BOOKED)
    return (
        Session.objects.filter(ended)
        .exclude(course_run__status="cancelled")
        .filter(Exists(booked), ~Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .annotate(booked_count=_count(booked, "course_run"))
        .select_related("course_run__course", "course_run__term", "venue")
        .annotate(trainer_names=_trainer_names())
        .order_by("-date", "-starts_at", "pk")
    )


class _JoinedNames(Aggregate):
    """Names joined with ", " in the database: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def _trainer_names() -> Subquery:
    """The trainers of a session's run, "First Last, First Last" (email when there is no name), as a
    column of the same query: the list names them without a query per session or a second query."""
    name = Concat("trainer__first_name", Value(" "), "trainer__last_name", output_field=CharField())
    shown = Case(
        When(Q(trainer__first_name="") & Q(trainer__last_name=""), then=F("trainer__email")),
        default=Trim(name),
        output_field=CharField(),
    )
    names = (
        CourseRunTrainer.objects.filter(course_run=OuterRef("course_run"))
        .order_by()
        .values("course_run")
        .annotate(names=_JoinedNames(shown))
        .values("names")
    )
    return Subquery(names, output_field=CharField())


def runs_for_dashboard(term: Term, *, pks: list[int] | None = None) -> QuerySet[CourseRun]:
    """One query: the term's runs (or only those in `pks`) with places taken, booked, offered, waiting and
    session counts, in date order. Each count is a subquery per run (an index lookup): list one page of runs
    with `pks` from run_order_for_dashboard, so only that page's counts are worked out."""

    def status_count(*statuses):
        return _count(Booking.objects.filter(course_run=OuterRef("pk"), status__in=statuses), "course_run")

    runs = CourseRun.objects.filter(term=term)
    if pks is not None:
        runs = runs.filter(pk__in=pks)
    return (
        runs.select_related("course")
        .annotate(
            booked_count=status_count(BookingStatus.BOOKED),
            offered_count=status_count(BookingStatus.OFFERED),
            places_taken=status_count(*PLACE_TAKING),
            waiting_count=status_count(BookingStatus.WAITING),
            session_count=_count(Session.objects.filter(course_run=OuterRef("pk")), "course_run"),
            first_date=_session_date(OuterRef("pk"), "date"),
        )
        .order_by("first_date", "course__title", "pk")
    )


def run_order_for_dashboard(term: Term) -> QuerySet:
    """The term's run ids in the dashboard's order (first session date, course title, id), to paginate."""
    return (
        CourseRun.objects.filter(term=term)
        .annotate(first_date=_session_date(OuterRef("pk"), "date"))
        .order_by("first_date", "course__title", "pk")
        .values_list("pk", flat=True)
    )


def dashboard_totals(term: Term) -> dict[str, int]:
    """One query: places in all the term's runs, places taken and people waiting, for the whole term."""

    def status_count(*statuses):
        return _count(Booking.objects.filter(course_run=OuterRef("pk"), status__in=statuses), "course_run")

    totals = (
        CourseRun.objects.filter(term=term)
        .order_by()
        .aggregate(
            places=Sum("places"),
            taken=Sum(status_count(*PLACE_TAKING)),
            waiting=Sum(status_count(BookingStatus.WAITING)),
        )
    )
    return {name: int(value or 0) for name, value in totals.items()}


@dataclass(frozen=True)
class ReminderAttendance:
    """Marks of a term's sessions split by whether the student was sent a reminder for that session."""

    reminded_present: int
    reminded_marks: int
    other_present: int
    other_marks: int

    @staticmethod
    def _rate(present: int, marks: int) -> int | None:
        return round(present * 100 / marks) if marks else None

    @property
    def reminded_rate(self) -> int | None:
        return self._rate(self.reminded_present, self.reminded_marks)

    @property
    def other_rate(self) -> int | None:
        return self._rate(self.other_present, self.other_marks)


def reminder_attendance(term: Term) -> ReminderAttendance:
    """One query: every mark given for the term's sessions, split by whether a reminder for that session
    reached GOV.UK Notify or the email server (the text the day before, or the email before a run's first
    session) and was not reported undelivered. Reminders from before this was counted name no session."""
    reminded = BookingMessage.objects.filter(
        booking=OuterRef("booking"),
        session=OuterRef("session"),
        kind__in=[MessageKind.REMINDER, MessageKind.SESSION_REMINDER],
        sent_at__isnull=False,
    ).exclude(delivery_status__in=DELIVERY_FAILURES)
    present = Q(mark=Mark.PRESENT)
    totals = (
        Attendance.objects.filter(session__course_run__term=term)
        .annotate(reminded=Exists(reminded))
        .aggregate(
            reminded_present=Count("pk", filter=Q(reminded=True) & present),
            reminded_marks=Count("pk", filter=Q(reminded=True)),
            other_present=Count("pk", filter=Q(reminded=False) & present),
            other_marks=Count("pk", filter=Q(reminded=False)),
        )
    )
    return ReminderAttendance(**{name: int(value or 0) for name, value in totals.items()})


def messages_to_pass_on() -> QuerySet[BookingMessage]:
    """One query: messages staff must give by phone, text or letter (those left for staff, and those GOV.UK
    Notify could not deliver: `problem` says why), oldest first (none for an erased record: there is
    nobody left to reach)."""
    return (
        BookingMessage.objects.filter(Q(channel=Channel.STAFF) | ~Q(problem=""), handled_at__isnull=True)
        .filter(booking__student__erasure__isnull=True)
        .select_related("booking__student", "booking__course_run__course", "run_message")
        .order_by("created_at", "pk")
    )


def run_message_log(course_run: CourseRun) -> QuerySet[RunMessage]:
    """A run's messages, newest first, with who wrote each and who it went to (name, how, and whether it
    has gone), in two queries whatever their number."""
    deliveries = BookingMessage.objects.select_related("booking__student").order_by(
        "booking__student__last_name", "booking__student__first_name", "pk"
    )
    return (
        RunMessage.objects.filter(course_run=course_run)
        .select_related("sent_by")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries))
    )


def run_bookings_for_export(course_run: CourseRun) -> QuerySet[Booking]:
    """Everyone on a run who has not cancelled (booked, offered or waiting), with their present marks
    (`present_marks`), in one query: erased records and those whose processing is restricted are left out,
    as from every working list."""
    return (
        Booking.objects.filter(course_run=course_run)
        .exclude(status=BookingStatus.CANCELLED)
        .filter(student__erasure__isnull=True, student__processing_restriction__isnull=True)
        .select_related("student")
        .annotate(present_marks=Count("attendances", filter=Q(attendances__mark=Mark.PRESENT)))
        .order_by("status", "student__last_name", "student__first_name", "pk")
    )


def referred_progress(team) -> QuerySet[Booking]:
    """The places of the people this team referred to intensive courses who agreed the team may hear how
    they are getting on: one query, each with its attendance so far and whether it is completed."""
    agreed = Referral.objects.filter(
        student=OuterRef("student"),
        course_run=OuterRef("course_run"),
        referring_team=team,
        share_progress_with_team=True,
    )
    return (
        bookings_with_progress(Booking.objects.filter(Exists(agreed), status=BookingStatus.BOOKED))
        .select_related("student", "course_run__course")
        .order_by("course_run__course__title", "student__last_name", "student__first_name", "pk")
    )


def referrals_for_team_feedback(team) -> QuerySet[Referral]:
    """The people this team referred who agree the team may tell the centre how the course went for them,
    each with the team's feedback so far (if any): one query."""
    return (
        Referral.objects.filter(referring_team=team, team_feedback_consent=True)
        .select_related("student", "course_run__course", "team_feedback")
        .order_by("course_run__course__title", "student__last_name", "student__first_name", "pk")
    )


def team_feedback_for_run(course_run) -> QuerySet[ReferringTeamFeedback]:
    """What the referring teams said about the people they referred to this intensive run, only while
    each person agrees: one query, with the person and the team."""
    return (
        ReferringTeamFeedback.objects.filter(
            referral__course_run=course_run, referral__team_feedback_consent=True
        )
        .select_related("referral__student", "referral__referring_team")
        .order_by("referral__student__last_name", "referral__student__first_name", "pk")
    )
