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
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from warp.bookings.models import PLACE_TAKING, Attendance, Booking, BookingMessage, BookingStatus, Channel, Mark
from warp.prospectus.models import CourseRun, Session, Term


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _completion_threshold() -> tuple[int, int]:
    """The completion fraction as whole numbers, so the database compares integers, never floats."""
    fraction = Fraction(str(settings.WARP_COMPLETION_MIN_FRACTION)).limit_denominator(1000)
    return fraction.numerator, fraction.denominator


def bookings_with_progress(queryset: QuerySet[Booking] | None = None) -> QuerySet[Booking]:
    """Bookings annotated with present_count, session_count and completed (1 or 0)."""
    numerator, denominator = _completion_threshold()
    queryset = Booking.objects.all() if queryset is None else queryset
    return queryset.annotate(
        present_count=_count(
            Attendance.objects.filter(booking=OuterRef("pk"), mark=Mark.PRESENT), "booking"
        ),
        session_count=_count(Session.objects.filter(course_run=OuterRef("course_run")), "course_run"),
    ).annotate(
        # present / sessions >= numerator / denominator, cross-multiplied to stay in whole numbers.
        present_scaled=F("present_count") * Value(denominator),
        needed_scaled=F("session_count") * Value(numerator),
    ).annotate(
        completed=Case(
            When(
                Q(session_count__gt=0, present_count__gt=0, present_scaled__gte=F("needed_scaled")),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def booking_is_completed(booking: Booking) -> bool:
    return bool(bookings_with_progress(Booking.objects.filter(pk=booking.pk)).values_list("completed", flat=True).first())


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
