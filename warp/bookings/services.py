"""What people do with bookings: book, cancel, wait, accept or decline an offer, take a register.

Capacity rule: a place is taken by a booking that is "booked" or "offered". Every change that can take
or free a place locks the course run's row first (a row lock on PostgreSQL; on SQLite the IMMEDIATE
transaction mode already serialises writers), so two people never both get the last place.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from warp import audit
from warp.accounts.models import Role
from warp.bookings.messages import message_queue
from warp.bookings.models import (
    PLACE_TAKING,
    Attendance,
    AttendanceChange,
    Booking,
    BookingMessage,
    BookingStatus,
    CalendarFeed,
    Mark,
    MessageKind,
)
from warp.bookings.timing import session_end, session_start
from warp.prospectus.models import CourseRun, RunStatus, Session
from warp.students.models import Student


class BookingRefused(Exception):
    """A booking rule said no. The message says why and what to do next, in plain words."""


@dataclass
class BookingResult:
    booking: Booking
    clashes: list[str] = field(default_factory=list)

    @property
    def is_waiting(self) -> bool:
        return self.booking.status == BookingStatus.WAITING


def _lock_run(course_run: CourseRun) -> CourseRun:
    return CourseRun.objects.select_for_update().select_related("course").get(pk=course_run.pk)


def _places_taken(run: CourseRun) -> int:
    return Booking.objects.filter(course_run=run, status__in=PLACE_TAKING).count()


def _first_session_start(run: CourseRun) -> datetime | None:
    first = Session.objects.filter(course_run=run).order_by("date", "starts_at").first()
    return session_start(first) if first else None


def _is_staff(user) -> bool:
    return user is not None and getattr(user, "role", None) != Role.STUDENT


def clashes_for(*, student: Student, course_run: CourseRun) -> list[str]:
    """Plain sentences naming sessions of this run that overlap sessions of the student's other live bookings."""
    sessions = list(Session.objects.filter(course_run=course_run))
    if not sessions:
        return []
    overlap = Q()
    for session in sessions:
        overlap |= Q(date=session.date, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at)
    others = (
        Session.objects.filter(overlap)
        .filter(
            course_run__bookings__student=student,
            course_run__bookings__status__in=[*PLACE_TAKING, BookingStatus.WAITING],
        )
        .exclude(course_run=course_run)
        .select_related("course_run__course")
        .distinct()
    )
    return [
        f"{other.course_run.course.title} also meets on {other.date:%A %-d %B} "
        f"from {other.starts_at:%H:%M} to {other.ends_at:%H:%M}."
        for other in others
    ]


def _refuse_unless_bookable(*, student: Student, run: CourseRun, now: datetime) -> None:
    if not student.is_active_student:
        raise BookingRefused(
            "You can book courses once you have agreed your learning plan with one of our admissions "
            "tutors. Please get in touch with the centre to arrange a meeting: "
            f"{settings.CENTRE_CONTACT}."
        )
    if run.status != RunStatus.PUBLISHED:
        raise BookingRefused(
            "This course run is not open for booking. Please look in the prospectus for other dates."
        )
    if run.booking_opens_at and now < run.booking_opens_at:
        opens = timezone.localtime(run.booking_opens_at)
        raise BookingRefused(
            f"Booking for this course opens on {opens:%A %-d %B at %H:%M}. Please come back then."
        )
    if run.booking_closes_at and now >= run.booking_closes_at:
        raise BookingRefused(
            "Booking for this course has closed. Please look in the prospectus for other dates, or "
            f"contact the centre: {settings.CENTRE_CONTACT}."
        )


@transaction.atomic
def booking_create(
    *, student: Student, course_run: CourseRun, by, now: datetime | None = None
) -> BookingResult:
    """Book a place, or join the waiting list when the run is full. Raises BookingRefused with a reason."""
    now = now or timezone.now()
    run = _lock_run(course_run)
    if Student.objects.filter(pk=student.pk, processing_restriction__isnull=False).exists():
        raise BookingRefused(
            "This record is restricted at the student's request, so no new bookings can be made. "
            f"Please contact the centre: {settings.CENTRE_CONTACT}."
        )
    _refuse_unless_bookable(student=student, run=run, now=now)
    existing = Booking.objects.filter(student=student, course_run=run).exclude(status=BookingStatus.CANCELLED)
    if existing.exists():
        raise BookingRefused(
            f"{'You are' if not _is_staff(by) else 'This student is'} already on this course run "
            f"({existing.first().get_status_display().lower()}). There is nothing more to do."  # type: ignore[union-attr]
        )
    status = BookingStatus.BOOKED if _places_taken(run) < run.places else BookingStatus.WAITING
    booking = Booking(student=student, course_run=run, status=status, created_by=by)
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:  # a double click that slipped past the check above
        raise BookingRefused("You are already on this course run. There is nothing more to do.") from None
    message_queue(
        booking=booking,
        kind=MessageKind.CONFIRMATION if status == BookingStatus.BOOKED else MessageKind.WAITING,
    )
    audit.record(action="create", obj=booking, student_id=student.pk, user=by)
    return BookingResult(booking=booking, clashes=clashes_for(student=student, course_run=run))


def _offer(booking: Booking, *, now: datetime, by=None) -> None:
    booking.status = BookingStatus.OFFERED
    booking.offered_at = now
    booking.offer_expires_at = now + timedelta(hours=settings.WARP_OFFER_HOURS)
    booking.offered_by = by
    booking.full_clean(validate_constraints=False)
    booking.save()
    message_queue(booking=booking, kind=MessageKind.OFFER)


def waiting_list_advance(*, course_run: CourseRun, now: datetime | None = None) -> list[Booking]:
    """Offer every free place to the next people waiting, first come first served. Call with the run locked."""
    now = now or timezone.now()
    run = course_run
    if run.status != RunStatus.PUBLISHED:
        return []
    free = run.places - _places_taken(run)
    if free <= 0:
        return []
    offered = []
    for booking in (
        Booking.objects.filter(course_run=run, status=BookingStatus.WAITING)
        .select_related("student", "course_run__course")
        .order_by("created_at", "pk")[:free]
    ):
        _offer(booking, now=now)
        offered.append(booking)
    return offered


def _cancel(booking: Booking, *, by, reason: str, now: datetime, check_late: bool = True) -> None:
    was_holding_place = booking.status == BookingStatus.BOOKED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason.strip()[:500]
    if check_late and was_holding_place:
        first = _first_session_start(booking.course_run)
        limit = timedelta(hours=settings.WARP_LATE_CANCELLATION_HOURS)
        booking.is_late = first is not None and now >= first - limit
    booking.full_clean(validate_constraints=False)
    booking.save()


@transaction.atomic
def booking_cancel(*, booking: Booking, by, reason: str = "", now: datetime | None = None) -> Booking:
    """Cancel a booking or a place in the queue; a freed place is offered to the next person waiting."""
    now = now or timezone.now()
    run = _lock_run(booking.course_run)
    booking = Booking.objects.select_related("student").get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingRefused("This booking was already cancelled.")
    booking.course_run = run
    _cancel(booking, by=by, reason=reason, now=now)
    if _is_staff(by):
        message_queue(booking=booking, kind=MessageKind.CENTRE_CANCELLATION)
    waiting_list_advance(course_run=run, now=now)
    audit.record(action="change", obj=booking, student_id=booking.student_id, user=by, note="Cancelled")
    return booking


@transaction.atomic
def run_bookings_cancel(*, course_run: CourseRun, by, reason: str, now: datetime | None = None) -> int:
    """The centre cancels every live booking on a run (e.g. the run is cancelled); each student is told."""
    now = now or timezone.now()
    run = _lock_run(course_run)
    bookings = list(
        Booking.objects.filter(course_run=run)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("student")
    )
    for booking in bookings:
        booking.course_run = run
        _cancel(booking, by=by, reason=reason, now=now, check_late=False)
        message_queue(booking=booking, kind=MessageKind.CENTRE_CANCELLATION)
    return len(bookings)


@transaction.atomic
def booking_offer_accept(*, booking: Booking, by, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    _lock_run(booking.course_run)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status != BookingStatus.OFFERED:
        raise BookingRefused("There is no offer waiting on this booking any more.")
    if booking.offer_expires_at and now >= booking.offer_expires_at:
        raise BookingRefused(
            "Sorry, this offer has run out and the place has gone to the next person. You can book again "
            "to rejoin the waiting list."
        )
    booking.status = BookingStatus.BOOKED
    booking.full_clean(validate_constraints=False)
    booking.save()
    message_queue(booking=booking, kind=MessageKind.CONFIRMATION)
    audit.record(action="change", obj=booking, student_id=booking.student_id, user=by, note="Offer accepted")
    return booking


@transaction.atomic
def booking_offer_decline(*, booking: Booking, by, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    run = _lock_run(booking.course_run)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status != BookingStatus.OFFERED:
        raise BookingRefused("There is no offer waiting on this booking any more.")
    booking.course_run = run
    _cancel(booking, by=by, reason="offer declined", now=now, check_late=False)
    waiting_list_advance(course_run=run, now=now)
    audit.record(action="change", obj=booking, student_id=booking.student_id, user=by, note="Offer declined")
    return booking


@transaction.atomic
def booking_offer_make(
    *, booking: Booking, by, allow_over_capacity: bool = False, now: datetime | None = None
) -> Booking:
    """Staff offer a place by hand to a chosen student on the waiting list, out of queue order.

    Over capacity only when the member of staff says so explicitly (allow_over_capacity).
    """
    now = now or timezone.now()
    run = _lock_run(booking.course_run)
    booking = Booking.objects.select_related("student").get(pk=booking.pk)
    if booking.status != BookingStatus.WAITING:
        raise BookingRefused("Only a student on the waiting list can be offered a place.")
    if _places_taken(run) >= run.places and not allow_over_capacity:
        raise BookingRefused(
            f"All {run.places} places are taken or offered. To offer one more place anyway, tick "
            "“Offer even though the run is full”."
        )
    booking.course_run = run
    _offer(booking, now=now, by=by)
    return booking


def offers_expire(*, now: datetime | None = None) -> int:
    """Cancel offers past their expiry (reason "offer expired") and pass each place to the next person."""
    now = now or timezone.now()
    run_ids = set(
        Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "course_run_id", flat=True
        )
    )
    expired = 0
    for run_id in sorted(run_ids):
        with transaction.atomic():
            run = CourseRun.objects.select_for_update().get(pk=run_id)
            for booking in Booking.objects.filter(
                course_run=run, status=BookingStatus.OFFERED, offer_expires_at__lte=now
            ):
                booking.course_run = run
                _cancel(booking, by=None, reason="offer expired", now=now, check_late=False)
                expired += 1
            waiting_list_advance(course_run=run, now=now)
    return expired


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue one reminder per booked student for runs whose first session starts within WARP_REMINDER_HOURS."""
    from django.db.models import Min

    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.WARP_REMINDER_HOURS)
    today = timezone.localdate(now)
    runs = (
        CourseRun.objects.filter(status=RunStatus.PUBLISHED)
        .annotate(first_date=Min("sessions__date"))
        .filter(first_date__gte=today, first_date__lte=timezone.localdate(horizon))
    )
    firsts = {
        s.course_run_id: s
        for s in Session.objects.filter(course_run__in=runs).order_by("course_run_id", "-date", "-starts_at")
    }  # the last one written per run is its earliest session
    starting = [run_id for run_id, s in firsts.items() if now <= session_start(s) <= horizon]
    already = BookingMessage.objects.filter(kind=MessageKind.REMINDER).values("booking_id")
    queued = 0
    for booking in (
        Booking.objects.filter(course_run_id__in=starting, status=BookingStatus.BOOKED)
        .exclude(pk__in=already)
        .select_related("student")
    ):
        with transaction.atomic():
            if message_queue(booking=booking, kind=MessageKind.REMINDER):
                queued += 1
    return queued


@transaction.atomic
def message_handled(*, message: BookingMessage, by, now: datetime | None = None) -> BookingMessage:
    """Staff have passed this message on by phone, text or letter."""
    message.handled_at = now or timezone.now()
    message.handled_by = by
    message.full_clean()
    message.save()
    return message


# Registers ---------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_mark(
    *, session: Session, student: Student, mark: str, by, now: datetime | None = None
) -> Attendance:
    """Give or correct a student's mark for a session. Every change is kept in AttendanceChange."""
    now = now or timezone.now()
    if mark not in Mark.values:
        raise ValidationError({"mark": "Choose present, absent or sent apologies."})
    if session_start(session) > now:
        raise ValidationError("This session has not started yet, so its register cannot be taken.")
    booking = Booking.objects.filter(
        student=student, course_run_id=session.course_run_id, status=BookingStatus.BOOKED
    ).first()
    if booking is None:
        raise ValidationError(f"{student.full_name} is not booked on this course run.")
    attendance = Attendance.objects.select_for_update().filter(booking=booking, session=session).first()
    old = ""
    if attendance is None:
        attendance = Attendance(booking=booking, session=session)
    elif attendance.mark == mark:
        return attendance
    else:
        old = attendance.mark
    attendance.mark = mark
    attendance.marked_by = by
    attendance.marked_at = now
    attendance.full_clean(validate_constraints=False)
    attendance.save()
    change = AttendanceChange(
        attendance=attendance, old_mark=old, new_mark=mark, changed_by=by, changed_at=now
    )
    change.full_clean()
    change.save()
    audit.record(
        action="change" if old else "create",
        obj=attendance,
        student_id=student.pk,
        user=by,
        note="Attendance marked",
    )
    return attendance


def session_has_ended(session: Session, *, now: datetime | None = None) -> bool:
    return session_end(session) <= (now or timezone.now())


# Calendar feeds ----------------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, student: Student, now: datetime | None = None) -> CalendarFeed:
    """Revoke the student's current calendar address (if any) and make a new one."""
    calendar_feed_revoke(student=student, now=now)
    feed = CalendarFeed(student=student)
    feed.full_clean(validate_constraints=False)
    feed.save()
    return feed


@transaction.atomic
def calendar_feed_revoke(*, student: Student, now: datetime | None = None) -> int:
    return CalendarFeed.objects.filter(student=student, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
