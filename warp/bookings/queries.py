"""Read side of bookings: lists, registers and the completion arithmetic, all computed in the database.

Definitions (also in the README):
- booked: bookings holding a place now ("booked"); offers, the waiting list and cancellations are not counted.
- started: booked students present at one session or more.
- completed: booked students present at no fewer than WARP_COMPLETION_MIN_FRACTION of the run's sessions.
- dropout rate: (started - completed) / started; empty when nobody has started.
- attendance rate: present marks / all marks, for sessions that have already started.
"""

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from warp.bookings.models import (
    PLACE_TAKING,
    Attendance,
    Booking,
    BookingMessage,
    BookingStatus,
    Channel,
    Mark,
)
from warp.prospectus.models import CourseRun, Session, Term


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


def _compiled(queryset: QuerySet) -> tuple[str, tuple]:
    """A queryset's SQL and parameters, to use as a derived table (Django has no FROM-subquery of its own)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _booking_progress(bookings: QuerySet[Booking], group: str | None) -> dict:
    """booked/started/completed for booked bookings, grouped by a field (or in total: key None). One query.

    Present marks per booking and sessions per run are each counted once, as grouped derived tables joined to
    the bookings, rather than as correlated subqueries run for every booking; the completion rule is the one in
    COMPLETED: sessions > 0, present > 0 and present * denominator >= sessions * numerator (whole numbers).
    """
    numerator, denominator = _completion_threshold()
    booked = bookings.filter(status=BookingStatus.BOOKED).order_by()
    keyed = booked.values(b_id=F("pk"), b_run=F("course_run_id"))
    if group is not None:
        keyed = booked.values(b_id=F("pk"), b_run=F("course_run_id"), b_key=F(group))
    present = (
        Attendance.objects.filter(mark=Mark.PRESENT, booking__in=booked.values("pk"))
        .order_by()
        .values(p_booking=F("booking_id"))
        .annotate(p_n=Count("pk"))
        .values("p_booking", "p_n")
    )
    sessions = (
        Session.objects.filter(course_run__in=booked.values("course_run_id"))
        .order_by()
        .values(s_run=F("course_run_id"))
        .annotate(s_n=Count("pk"))
        .values("s_run", "s_n")
    )
    (b_sql, b_params), (s_sql, s_params), (p_sql, p_params) = map(_compiled, (keyed, sessions, present))
    key_sql, group_sql = ("b.b_key", "GROUP BY b.b_key") if group is not None else ("NULL", "")
    sql = f"""
        SELECT {key_sql},
            COUNT(*) AS booked,
            COALESCE(SUM(CASE WHEN p.p_n > 0 THEN 1 ELSE 0 END), 0) AS started,
            COALESCE(SUM(CASE WHEN s.s_n > 0 AND p.p_n > 0 AND p.p_n * %s >= s.s_n * %s THEN 1 ELSE 0 END), 0)
                AS completed
        FROM ({b_sql}) b
        LEFT JOIN ({s_sql}) s ON s.s_run = b.b_run
        LEFT JOIN ({p_sql}) p ON p.p_booking = b.b_id
        {group_sql}
    """  # noqa: S608 - only compiled querysets and fixed column names are formatted in; values are parameters  # nosec B608
    with connections[booked.db].cursor() as cursor:
        cursor.execute(sql, (denominator, numerator, *b_params, *s_params, *p_params))
        rows = cursor.fetchall()
    if group is None:
        _, booked_n, started, completed = rows[0]
        return {None: {"booked": booked_n, "started": started, "completed": completed}}
    return {
        key: {"booked": booked_n, "started": started, "completed": completed}
        for key, booked_n, started, completed in rows
    }


def _progress(bookings: QuerySet[Booking], marks: QuerySet[Attendance], group: str | None) -> dict:
    """Progress figures for the bookings and marks given, grouped by a field (or in total: key None)."""
    mark_counts = {"present_marks": Count("pk", filter=Q(mark=Mark.PRESENT)), "all_marks": Count("pk")}
    booking_rows = _booking_progress(bookings, group)
    if group is None:
        mark_rows = {None: marks.order_by().aggregate(**mark_counts)}
    else:
        mark_rows = {
            row.pop("key"): row
            for row in marks.order_by()
            .values(key=F(f"session__{group}"))
            .annotate(**mark_counts)
            .values("key", *mark_counts)
        }
    empty_b = {"booked": 0, "started": 0, "completed": 0}
    empty_m = {"present_marks": 0, "all_marks": 0}
    return {
        key: Progress(**{**empty_b, **booking_rows.get(key, {})}, **{**empty_m, **mark_rows.get(key, {})})
        for key in set(booking_rows) | set(mark_rows)
    }


def progress_by_run(runs: QuerySet[CourseRun], *, now: datetime | None = None) -> dict[int, Progress]:
    """Two queries, however many runs: booked/started/completed per run, then marks per run."""
    return progress_grouped(runs, by="run", now=now)


PROGRESS_GROUPS = {"run": "course_run_id", "term": "course_run__term_id", "course": "course_run__course_id"}


def progress_grouped(
    runs: QuerySet[CourseRun], *, by: str, now: datetime | None = None
) -> dict[int, Progress]:
    """Two queries, however many runs: progress for these runs grouped by "run", "term" or "course" (keys are
    their ids). The evaluation report's per-term and per-course figures come from here."""
    now = now or timezone.now()
    return _progress(
        Booking.objects.filter(course_run__in=runs),
        Attendance.objects.filter(session__course_run__in=runs).filter(_started_sessions(now)),
        PROGRESS_GROUPS[by],
    )


def progress_total(runs: QuerySet[CourseRun], *, now: datetime | None = None) -> Progress:
    """Two queries: the totals for these runs."""
    now = now or timezone.now()
    return _progress(
        Booking.objects.filter(course_run__in=runs),
        Attendance.objects.filter(session__course_run__in=runs).filter(_started_sessions(now)),
        None,
    )[None]


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


def register_rows(session: Session) -> QuerySet[Booking]:
    """One query: the booked students for a session's register, each with their current mark (or None)."""
    mark = Attendance.objects.filter(booking=OuterRef("pk"), session=session).order_by().values("mark")[:1]
    return (
        Booking.objects.filter(course_run_id=session.course_run_id, status=BookingStatus.BOOKED)
        .annotate(mark=Subquery(mark))
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "pk")
    )


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
        .order_by("-date", "-starts_at", "pk")
    )


def runs_for_dashboard(term: Term) -> QuerySet[CourseRun]:
    """One query: the term's runs with places taken, booked, offered, waiting and session counts."""

    def status_count(*statuses):
        return _count(Booking.objects.filter(course_run=OuterRef("pk"), status__in=statuses), "course_run")

    return (
        CourseRun.objects.filter(term=term)
        .select_related("course")
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


def messages_to_pass_on() -> QuerySet[BookingMessage]:
    """One query: messages staff must give by phone, text or letter, oldest first."""
    return (
        BookingMessage.objects.filter(channel=Channel.STAFF, handled_at__isnull=True)
        .select_related("booking__student", "booking__course_run__course")
        .order_by("created_at", "pk")
    )
