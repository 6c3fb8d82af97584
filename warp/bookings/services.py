"""What people do with bookings: book, cancel, wait, accept or decline an offer, take a register.

Capacity rule: a place is taken by a booking that is "booked" or "offered". Every change that can take
or free a place locks the course run's row first (a row lock on PostgreSQL; on SQLite the IMMEDIATE
transaction mode already serialises writers), so two people never both get the last place.
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from warp import audit
from warp.accounts.models import Role, TrainerKind, User
from warp.bookings import notify
from warp.bookings.messages import message_queue, send_register_reminder
from warp.bookings.models import (
    DELIVERY_FAILURES,
    PLACE_TAKING,
    Attendance,
    AttendanceChange,
    Audience,
    Booking,
    BookingMessage,
    BookingStatus,
    CalendarFeed,
    Channel,
    DeliveryStatus,
    Mark,
    MessageKind,
    Referral,
    ReferralRoute,
    ReferringTeamFeedback,
    RegisterReminder,
    RunMessage,
    TrainerFeedback,
)
from warp.bookings.queries import registers_not_taken
from warp.bookings.signals import register_taken
from warp.bookings.timing import session_end, session_start
from warp.core.words import count_of, long_date
from warp.outreach import services as outreach
from warp.outreach.models import MAX_WORKSHOP_MINUTES, HeldWorkshop, Workshop
from warp.prospectus.models import CourseRun, CourseRunTrainer, Level, RunStatus, Session
from warp.students.models import ContactMethod, Student
from warp.students.services import student_texts_stop
from warp.teams.models import Team, TeamKind
from warp.teams.services import team_create


class BookingRefused(Exception):
    """A booking rule said no. The message says why and what to do next, in plain words."""


@dataclass
class BookingResult:
    booking: Booking
    clashes: list[str] = field(default_factory=list)

    @property
    def is_waiting(self) -> bool:
        return self.booking.status == BookingStatus.WAITING


def _all_places(places: int) -> str:
    return "The only place is" if places == 1 else f"All {places} places are"


def _lock_run(course_run: CourseRun) -> CourseRun:
    return CourseRun.objects.select_for_update().select_related("course").get(pk=course_run.pk)


def _places_taken(run: CourseRun) -> int:
    return Booking.objects.filter(course_run=run, status__in=PLACE_TAKING).count()


def _first_session_start(run: CourseRun) -> datetime | None:
    first = Session.objects.filter(course_run=run).order_by("date", "starts_at").first()
    return session_start(first) if first else None


def _is_staff(user: User | None) -> bool:
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


def level_refusal(run: CourseRun, *, by: User | None) -> str | None:
    """Why this run's level cannot be booked by this person, or None. Skills workshops are held on wards
    and counted by headcount, never booked; an intensive course is a closed cohort: its places are given
    by referral or invitation, so staff (or WaRP itself, `by=None`) may give a place, but a student never
    books it for themselves."""
    if run.course.level == Level.SKILLS_WORKSHOP:
        return (
            "Skills workshops are held on wards and in crisis services, and are not booked: ward staff "
            "record how many people came. Please look in the prospectus for the courses you can book."
        )
    if run.course.level == Level.INTENSIVE and by is not None and not _is_staff(by):
        return (
            "This intensive course is for a small, closed group: places are offered by referral from a "
            "community team, or by invitation, so it cannot be booked here. If you would like to take "
            f"part, please talk to your care team or contact the centre: {settings.CENTRE_CONTACT}."
        )
    return None


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
    *, student: Student, course_run: CourseRun, by: User | None, now: datetime | None = None
) -> BookingResult:
    """Book a place, or join the waiting list when the run is full. Raises BookingRefused with a reason."""
    now = now or timezone.now()
    run = _lock_run(course_run)
    if Student.objects.filter(pk=student.pk, erasure__isnull=False).exists():
        raise BookingRefused(
            "This student's record has been erased, so no bookings can be made. "
            "If they come back, register them again as a new student."
        )
    if Student.objects.filter(pk=student.pk, processing_restriction__isnull=False).exists():
        raise BookingRefused(
            "This record is restricted at the student's request, so no new bookings can be made. "
            f"Please contact the centre: {settings.CENTRE_CONTACT}."
        )
    _refuse_unless_bookable(student=student, run=run, now=now)
    refusal = level_refusal(run, by=by)
    if refusal:
        raise BookingRefused(refusal)
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


def _offer(booking: Booking, *, now: datetime, by: User | None = None) -> None:
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


def _cancel(
    booking: Booking, *, by: User | None, reason: str, now: datetime, check_late: bool = True
) -> None:
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
def booking_cancel(
    *, booking: Booking, by: User | None, reason: str = "", now: datetime | None = None
) -> Booking:
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
def run_bookings_cancel(
    *, course_run: CourseRun, by: User | None, reason: str, now: datetime | None = None
) -> int:
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


AUDIENCE_STATUSES = {
    Audience.BOOKED: PLACE_TAKING,
    Audience.WAITING: (BookingStatus.WAITING,),
    Audience.EVERYONE: (*PLACE_TAKING, BookingStatus.WAITING),
}


@dataclass(frozen=True)
class RunMessageSent:
    message: RunMessage
    emailed: int  # queued as emails
    to_contact: int  # left on "People to contact": they prefer another way, or have no email address


@transaction.atomic
def run_message_send(
    *, course_run: CourseRun, audience: str, subject: str, body: str, by: User
) -> RunMessageSent:
    """Write to everyone on a run (with a place, waiting, or both) through their contact preferences, as a
    confirmation goes: an email to those who prefer email, otherwise a line on "People to contact". Refused
    (ValidationError) when nobody would get it, so a message is never recorded as sent to no one."""
    message = RunMessage(
        course_run=course_run, audience=audience, subject=subject.strip(), body=body.strip(), sent_by=by
    )
    message.full_clean()
    bookings = list(
        Booking.objects.filter(course_run=course_run, status__in=AUDIENCE_STATUSES[Audience(audience)])
        .select_related("student")
        .order_by("pk")
    )
    if not bookings:
        raise ValidationError(
            {"audience": "Nobody is in that group on this course run yet, so there is no one to send it to."}
        )
    message.save()
    queued = [
        message_queue(booking=booking, kind=MessageKind.RUN_MESSAGE, run_message=message)
        for booking in bookings
    ]
    emailed = sum(1 for item in queued if item is not None and item.channel == Channel.EMAIL)
    audit.record_many(
        user=by,
        action="create",
        model="bookings.RunMessage",
        object_id=message.pk,
        student_ids=[booking.student_id for booking in bookings],
        note=f"Message to the run: {message.subject}",
    )
    return RunMessageSent(message=message, emailed=emailed, to_contact=len(bookings) - emailed)


@transaction.atomic
def student_upcoming_bookings_withdraw(
    *, student: Student, by: User | None, now: datetime | None = None
) -> int:
    """Take a student off every run that has not started yet (booked, offered or waiting), freeing their
    places for the next people waiting; nothing is sent to them. For an erased record (warp/privacy):
    it leaves every working list, while bookings on runs already under way stay, for the counts."""
    now = now or timezone.now()
    started = Session.objects.filter(date__lte=timezone.localdate(now)).values("course_run")
    live = (
        Booking.objects.filter(student=student)
        .exclude(status=BookingStatus.CANCELLED)
        .exclude(course_run__in=started)
        .values_list("pk", "course_run_id")
    )
    withdrawn = 0
    for pk, run_pk in list(live):
        run = _lock_run(CourseRun(pk=run_pk))
        booking = Booking.objects.get(pk=pk)
        booking.course_run = run
        _cancel(booking, by=by, reason="", now=now, check_late=False)
        waiting_list_advance(course_run=run, now=now)
        audit.record(action="change", obj=booking, student_id=student.pk, user=by, note="Withdrawn")
        withdrawn += 1
    return withdrawn


@transaction.atomic
def booking_offer_accept(*, booking: Booking, by: User | None, now: datetime | None = None) -> Booking:
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
def booking_offer_decline(*, booking: Booking, by: User | None, now: datetime | None = None) -> Booking:
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
    *, booking: Booking, by: User | None, allow_over_capacity: bool = False, now: datetime | None = None
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
            f"{_all_places(run.places)} taken or offered. To offer one more place anyway, tick "
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
            # The first session is kept with it, so the term dashboard counts that mark as reminded.
            if message_queue(
                booking=booking, kind=MessageKind.REMINDER, session=firsts[booking.course_run_id]
            ):
                queued += 1
    return queued


def text_reminders_send(*, now: datetime | None = None) -> int:
    """Queue a text the day before each session (not only the first) for every booked student who prefers
    texts and agreed to be contacted, once per booking per session: from WARP_TEXT_REMINDER_HOUR on the day
    before. Only when texts through GOV.UK Notify are on. The unique constraint
    one_text_reminder_per_booking_per_session holds the line when two ticks run at once. Returns how many."""
    now = now or timezone.now()
    if not notify.channel_on(Channel.TEXT) or timezone.localtime(now).hour < settings.WARP_TEXT_REMINDER_HOUR:
        return 0
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    queued = 0
    for session in Session.objects.filter(
        date=tomorrow, course_run__status=RunStatus.PUBLISHED
    ).select_related("venue"):
        already = BookingMessage.objects.filter(kind=MessageKind.SESSION_REMINDER, session=session)
        for booking in (
            Booking.objects.filter(
                course_run_id=session.course_run_id,
                status=BookingStatus.BOOKED,
                student__contact_method=ContactMethod.TEXT,
                student__consent_to_contact=True,
                student__texts_stopped_at__isnull=True,
                student__erasure__isnull=True,
            )
            .exclude(pk__in=already.values("booking_id"))
            .select_related("student")
        ):
            try:
                with transaction.atomic():
                    if message_queue(booking=booking, kind=MessageKind.SESSION_REMINDER, session=session):
                        queued += 1
            except IntegrityError:  # another tick queued it a moment ago
                continue
    return queued


REGISTER_REMINDER_DAYS = 14  # older registers are left to the managers' list, never emailed about


def register_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each trainer of a run, once, of every register not taken for its sessions that ended in the
    last 14 days (the managers' "Registers not taken" list names the same trainers). Returns how many."""
    now = now or timezone.now()
    since = timezone.localdate(now) - timedelta(days=REGISTER_REMINDER_DAYS)
    queued = 0
    sessions = list(registers_not_taken(now=now).filter(date__gte=since))
    assignments = CourseRunTrainer.objects.filter(
        course_run_id__in={session.course_run_id for session in sessions}, trainer__is_active=True
    ).exclude(trainer__email="")
    trainers_by_run: dict[int, list[int]] = {}
    for run_id, trainer_id in assignments.values_list("course_run_id", "trainer_id"):
        trainers_by_run.setdefault(run_id, []).append(trainer_id)
    for session in sessions:
        for trainer_id in trainers_by_run.get(session.course_run_id, []):
            with transaction.atomic():
                reminder, created = RegisterReminder.objects.get_or_create(
                    session=session, trainer_id=trainer_id
                )
                if created:
                    transaction.on_commit(partial(send_register_reminder.enqueue, reminder.pk))
                    queued += 1
    return queued


@transaction.atomic
def message_handled(
    *, message: BookingMessage, by: User | None, now: datetime | None = None
) -> BookingMessage:
    """Staff have passed this message on by phone, text or letter."""
    message.handled_at = now or timezone.now()
    message.handled_by = by
    message.full_clean()
    message.save()
    return message


# GOV.UK Notify's callbacks ------------------------------------------------------------------------------

FINAL_STATUSES = (DeliveryStatus.DELIVERED, DeliveryStatus.RECEIVED, *DELIVERY_FAILURES)


@transaction.atomic
def message_delivery_record(
    *, notify_id: str, status: str, now: datetime | None = None
) -> BookingMessage | None:
    """Keep what GOV.UK Notify says became of a message (its delivery callback). A failure puts the message
    on "People to contact" with a kind, clear reason. An id we never sent is ignored (None); a status that
    arrives after a final one (delivered, or a failure) changes nothing. ValidationError for a status
    Notify does not use."""
    if status not in DeliveryStatus.values or status == DeliveryStatus.REFUSED:
        raise ValidationError(f"Unknown delivery status {status!r}.")
    try:
        key = uuid.UUID(str(notify_id))
    except ValueError:
        return None
    message = BookingMessage.objects.select_for_update().filter(notify_id=key).first()
    if message is None or message.delivery_status in FINAL_STATUSES:
        return message
    message.delivery_status = status
    message.status_at = now or timezone.now()
    if status in DELIVERY_FAILURES:
        message.problem = notify.failure_reason(status, message.channel)
    message.full_clean(
        exclude=["booking", "run_message", "session", "handled_by"], validate_constraints=False
    )
    message.save(update_fields=["delivery_status", "status_at", "problem"])
    return message


def _phone_forms(number: str) -> set[str]:
    """The ways a UK number may be written in a record, without spaces: 07700900123, +447700900123, 447700900123."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if not digits:
        return set()
    national = digits[1:] if digits.startswith("0") else digits
    return {digits, f"+44{national}", f"44{national}"}


def text_reply_receive(*, from_number: str, text: str, now: datetime | None = None) -> int:
    """A text a student sent back (Notify's received-text callback). "STOP" (any case, with spaces or a full
    stop) withdraws consent to texts for every student with that number (audited, with a consent record);
    any other reply changes nothing in WaRP (it stays in Notify's "Received text messages"). Returns how
    many students stopped texts."""
    if re.sub(r"[^A-Za-z]", "", text).upper() != "STOP":
        return 0
    forms = _phone_forms(from_number)
    if not forms:
        return 0
    compact = Replace(
        Replace(
            Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")), Value("("), Value("")
        ),
        Value(")"),
        Value(""),
    )
    students = list(
        Student.objects.not_erased().annotate(compact_phone=compact).filter(compact_phone__in=forms)
    )
    for student in students:
        student_texts_stop(student=student, now=now)
    return len(students)


# Registers ---------------------------------------------------------------------------------------------


_RELATED = ["booking", "session", "marked_by", "attendance", "changed_by"]


def attendance_mark(
    *, session: Session, student: Student, mark: str, by: User | None, now: datetime | None = None
) -> Attendance:
    """Give or correct one student's mark for a session (see attendance_marks_record)."""
    attendance_marks_record(session=session, marks={student: mark}, by=by, now=now)
    return Attendance.objects.get(booking__student=student, session=session)


@transaction.atomic
def attendance_marks_record(
    *,
    session: Session,
    marks: Mapping[Student, str] | Mapping[int, str],
    by: User | None,
    now: datetime | None = None,
) -> int:
    """Save a register: give or correct each student's mark (students or their ids -> mark), all or none.

    Every change is kept in AttendanceChange and audited; a mark the same as before changes nothing. One
    transaction, and a fixed number of statements however many students the register has. Returns how
    many marks changed. Refused (ValidationError, nothing saved) for an unknown mark, a session that has
    not started, or a student not booked on the run.
    """
    now = now or timezone.now()
    wanted = {(key.pk if isinstance(key, Student) else int(key)): mark for key, mark in marks.items()}
    if any(mark not in Mark.values for mark in wanted.values()):
        raise ValidationError({"mark": "Choose present, absent or sent apologies."})
    if session_start(session) > now:
        raise ValidationError("This session has not started yet, so its register cannot be taken.")
    bookings = {
        booking.student_id: booking
        for booking in Booking.objects.filter(
            course_run_id=session.course_run_id, status=BookingStatus.BOOKED, student_id__in=list(wanted)
        ).select_related("student")
    }
    missing = [student_id for student_id in wanted if student_id not in bookings]
    if missing:
        names = Student.objects.filter(pk__in=missing).order_by("last_name", "first_name")
        who = ", ".join(student.full_name for student in names) or "Someone on this list"
        raise ValidationError(f"{who} is not booked on this course run.")
    existing = {
        attendance.booking_id: attendance
        for attendance in Attendance.objects.select_for_update().filter(
            session=session, booking__in=[booking.pk for booking in bookings.values()]
        )
    }
    created, updated, old_marks = [], [], {}
    for student_id, mark in wanted.items():
        booking = bookings[student_id]
        attendance = existing.get(booking.pk)
        if attendance is None:
            attendance = Attendance(booking=booking, session=session)
            created.append(attendance)
        elif attendance.mark == mark:
            continue
        else:
            old_marks[booking.pk] = attendance.mark
            updated.append(attendance)
        attendance.mark, attendance.marked_by, attendance.marked_at = mark, by, now
        # The related rows were just read; checking each one again, and the one-mark-per-booking
        # constraint (the database's), would be queries per student.
        attendance.full_clean(exclude=_RELATED, validate_unique=False, validate_constraints=False)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(updated, ["mark", "marked_by", "marked_at"])
    changed = created + updated
    history = [
        AttendanceChange(
            attendance=attendance,
            old_mark=old_marks.get(attendance.booking_id, ""),
            new_mark=attendance.mark,
            changed_by=by,
            changed_at=now,
        )
        for attendance in changed
    ]
    for change in history:
        change.full_clean(exclude=_RELATED)
    AttendanceChange.objects.bulk_create(history)
    student_of = {booking.pk: student_id for student_id, booking in bookings.items()}
    audit.record_each(
        changes=[
            (
                "change" if attendance.booking_id in old_marks else "create",
                attendance,
                student_of[attendance.booking_id],
            )
            for attendance in changed
        ],
        user=by,
        note="Attendance marked",
    )
    if created:
        register_taken.send(
            sender=Attendance,
            session=session,
            by=by,
            first_marked=[student_of[attendance.booking_id] for attendance in created],
        )
    return len(changed)


@dataclass
class WalkInResult:
    booking: Booking
    attendance: Attendance
    was_booked: bool  # they already had a place; only the mark is new


@transaction.atomic
def booking_walk_in(
    *, session: Session, student: Student, by: User | None, now: datetime | None = None
) -> WalkInResult:
    """A registered student with a learning plan turns up to a session: give them a place and mark them present.

    Their place counts even when the run is full (they are in the room) and after booking closed. A place
    they were waiting for or were offered becomes theirs. No confirmation is sent: they are here.
    """
    now = now or timezone.now()
    run = _lock_run(session.course_run)
    if run.status != RunStatus.PUBLISHED:
        raise BookingRefused("This course run is not published, so nobody can be added to its register.")
    if session_start(session) > now:
        raise BookingRefused("This session has not started yet. Add students who turn up once it starts.")
    student = Student.objects.get(pk=student.pk)
    if not student.is_active_student:
        raise BookingRefused(
            f"{student.full_name} has not agreed a learning plan yet, so cannot be added to a course. "
            "They are welcome to stay today; please ask them to contact the centre to arrange a meeting."
        )
    if Student.objects.filter(pk=student.pk, processing_restriction__isnull=False).exists():
        raise BookingRefused(
            f"{student.full_name}'s record is restricted at their request, so no booking can be made. "
            "Please tell the centre they came."
        )
    booking = (
        Booking.objects.select_for_update()
        .filter(student=student, course_run=run)
        .exclude(status=BookingStatus.CANCELLED)
        .first()
    )
    was_booked = booking is not None and booking.status == BookingStatus.BOOKED
    if booking is None:
        booking = Booking(student=student, course_run=run, status=BookingStatus.BOOKED, created_by=by)
    booking.status = BookingStatus.BOOKED
    booking.full_clean(validate_constraints=False)
    booking.save()
    if not was_booked:
        audit.record(action="create", obj=booking, student_id=student.pk, user=by, note="Walk-in")
    attendance = attendance_mark(session=session, student=student, mark=Mark.PRESENT, by=by, now=now)
    return WalkInResult(booking=booking, attendance=attendance, was_booked=was_booked)


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


@transaction.atomic
def referral_record(
    *,
    student: Student,
    course_run: CourseRun,
    route: str,
    referring_team: Team | None,
    referred_by: str,
    referred_on: date,
    reason: str,
    person_agreed: bool,
    share_progress_with_team: bool,
    by: User,
    team_feedback_consent: bool = False,
) -> Referral:
    """Give a referred or invited person a place on an intensive course (a closed cohort), keeping who
    referred them, when, why and their agreement. Refuses other levels, a referral without the person's
    agreement, and a referral without its team."""
    if course_run.course.level != Level.INTENSIVE:
        raise ValidationError(
            "Referrals are for intensive courses (closed cohorts). Students book other courses themselves."
        )
    if not person_agreed:
        raise ValidationError(
            {
                "person_agreed": "A place is given only when the person has agreed to take part. Ask them first."
            }
        )
    if route == ReferralRoute.REFERRAL and referring_team is None:
        raise ValidationError({"referring_team": "Choose the community team that referred them."})
    if team_feedback_consent and referring_team is None:
        raise ValidationError(
            {
                "team_feedback_consent": "There is no referring team to give feedback. Choose the team that "
                "referred them, or leave this unticked."
            }
        )
    referral = Referral(
        student=student,
        course_run=course_run,
        route=route,
        referring_team=referring_team,
        referred_by=referred_by,
        referred_on=referred_on,
        reason=reason,
        person_agreed=person_agreed,
        share_progress_with_team=share_progress_with_team,
        team_feedback_consent=team_feedback_consent,
        recorded_by=by,
    )
    try:
        referral.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:
            raise ValidationError("This person already has a referral to this course run.") from error
        raise
    referral.save()
    try:
        booking_create(student=student, course_run=course_run, by=by)
    except BookingRefused as refused:
        raise ValidationError(str(refused)) from refused
    return referral


@transaction.atomic
def referral_accounts_save(
    *,
    referral: Referral,
    account_before: str,
    account_after: str,
    case_study_consent: bool,
    by: User,
    team_feedback_consent: bool | None = None,
) -> Referral:
    """Keep a cohort participant's own short written accounts, before and after the course, and whether
    they agree the accounts may be used as an unnamed case study. Consent needs an account to use.

    `team_feedback_consent` (None leaves it as it is): whether they agree the referring team may tell the
    centre how the course went for them. Withdrawing it deletes the team's feedback at once."""
    if team_feedback_consent is not None:
        if team_feedback_consent and referral.referring_team_id is None:
            raise ValidationError(
                {
                    "team_feedback_consent": "They came by invitation, so there is no referring team to give "
                    "feedback. Leave this unticked."
                }
            )
        referral.team_feedback_consent = team_feedback_consent
        if not team_feedback_consent:
            ReferringTeamFeedback.objects.filter(referral=referral).delete()
    if case_study_consent and not (account_before.strip() or account_after.strip()):
        raise ValidationError(
            {
                "case_study_consent": "Write at least one of their accounts before recording that it may be "
                "used as a case study."
            }
        )
    referral.account_before = account_before.strip()
    referral.account_after = account_after.strip()
    referral.case_study_consent = case_study_consent
    referral.full_clean()
    referral.save(
        update_fields=["account_before", "account_after", "case_study_consent", "team_feedback_consent"]
    )
    return referral


@transaction.atomic
def referring_team_feedback_save(*, referral: Referral, text: str, by: User) -> ReferringTeamFeedback:
    """Keep (or change) what the referring team says about how the course went for someone they
    referred. Only with that person's agreement: without it nothing is kept, whoever asks."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.team_feedback_consent or referral.referring_team_id is None:
        raise ValidationError(
            "They have not agreed that your team may tell the centre how the course went for them, so "
            "nothing can be kept. Their care coordinator may ask them."
        )
    if not text.strip():
        raise ValidationError({"text": "Write how the course went for them, as your team sees it."})
    feedback = ReferringTeamFeedback.objects.filter(referral=referral).first() or ReferringTeamFeedback(
        referral=referral
    )
    feedback.text = text.strip()
    feedback.written_by = by
    feedback.full_clean()
    feedback.save()
    return feedback


def trainer_feedback_add(
    *, course_run: CourseRun, what_worked: str, what_to_change: str, by: User
) -> TrainerFeedback:
    """Keep what a trainer or manager says about an intensive run: what worked, what to change."""
    if course_run.course.level != Level.INTENSIVE:
        raise ValidationError("Trainer feedback is kept for intensive courses (closed cohorts).")
    if not (what_worked.strip() or what_to_change.strip()):
        raise ValidationError({"what_worked": "Write what worked, what to change next time, or both."})
    feedback = TrainerFeedback(
        course_run=course_run,
        written_by=by,
        what_worked=what_worked.strip(),
        what_to_change=what_to_change.strip(),
    )
    feedback.full_clean()
    feedback.save()
    return feedback


# Course runs labelled skills workshops, into workshops held ------------------------------------------------


@dataclass
class WorkshopFromSession:
    """One session of a run, as the workshop held it becomes: a headcount, never a name."""

    session: Session
    setting: str  # the ward or service: the session's venue's name
    minutes: int
    attendees: int  # marked present on the session's register

    def describe(self) -> str:
        return (
            f"{long_date(self.session.date)}, {self.setting}: {count_of(self.minutes, 'minute')}, "
            f"{count_of(self.attendees, 'person', 'people')} came"
        )


@dataclass
class RunToConvert:
    run: CourseRun
    workshops: list[WorkshopFromSession] = field(default_factory=list)
    peer_facilitators: int = 0
    clinical_facilitators: int = 0
    facilitated_by: str = ""
    refused: str = ""  # why the run is left as it is (nothing of it is converted)


@dataclass
class WorkshopConversion:
    runs: list[RunToConvert]
    applied: bool
    already_converted: int  # runs converted by an earlier run of the command
    made: int = 0  # workshops held recorded
    linked: int = 0  # workshops already recorded (by hand or imported), now noted as these sessions

    @property
    def to_convert(self) -> list[RunToConvert]:
        return [each for each in self.runs if not each.refused]


def _session_minutes(session: Session) -> int:
    start = datetime.combine(session.date, session.starts_at)
    return int((datetime.combine(session.date, session.ends_at) - start).total_seconds() // 60)


def _plan_run(run: CourseRun, present: Mapping[int, int]) -> RunToConvert:
    trainers = list(run.run_trainers.all())
    plan = RunToConvert(
        run=run,
        peer_facilitators=sum(1 for t in trainers if t.perspective == TrainerKind.PEER),
        clinical_facilitators=sum(1 for t in trainers if t.perspective == TrainerKind.PROFESSIONAL),
        facilitated_by=", ".join(str(t.trainer) for t in trainers)[:300],
    )
    sessions = list(run.sessions.all())
    if not sessions:
        plan.refused = "It has no sessions, so there is nothing to count."
    for session in sessions:
        minutes = _session_minutes(session)
        if session.venue is None:
            plan.refused = (
                f"The session on {long_date(session.date)} has no venue, so WaRP cannot tell which ward or "
                "service it was held on. Give it a venue named after the ward, then run this again."
            )
        elif minutes > MAX_WORKSHOP_MINUTES:
            plan.refused = (
                f"The session on {long_date(session.date)} lasted {count_of(minutes, 'minute')}, and a skills "
                "workshop lasts at most 45. It stays a course run: change its course's level if it was "
                "really a course."
            )
        if plan.refused:
            plan.workshops = []
            return plan
        assert session.venue is not None
        plan.workshops.append(
            WorkshopFromSession(
                session=session,
                setting=session.venue.name,
                minutes=minutes,
                attendees=present.get(session.pk, 0),
            )
        )
    return plan


def workshop_runs_convert(*, apply: bool = False) -> WorkshopConversion:
    """Turn the course runs whose course is labelled a skills workshop (made before workshops were kept on
    their own) into workshops held: each session becomes one workshop held on the ward or service named by
    its venue (a team, made as an imported ward when no team has that name), of the library workshop named
    by the course's title (made if new), with the session's minutes, the number marked present on its
    register (never who), and the run's peer and professional trainers as its facilitators.

    A run is converted whole or not at all: a session with no venue, or longer than 45 minutes, leaves the
    run as it is, with the reason. A session already recorded as a workshop (same date, setting, workshop
    and minutes: typed in or imported) is noted as that workshop instead of being recorded twice. Converted
    runs stay, with their registers, but are counted as workshops and no longer as courses; running this
    again converts nothing twice. Without `apply` nothing is written: the result says what would change."""
    # Queries: the runs not yet converted; their sessions with venues; their trainers; present marks per
    # session; the count of runs converted before.
    runs = list(
        CourseRun.objects.filter(course__level=Level.SKILLS_WORKSHOP)
        .exclude(sessions__converted_workshop__isnull=False)
        .select_related("course", "term")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("venue")),
            Prefetch("run_trainers", queryset=CourseRunTrainer.objects.select_related("trainer")),
        )
        .order_by("term__starts_on", "course__title", "pk")
    )
    present = dict(
        Attendance.objects.filter(session__course_run__in=[run.pk for run in runs], mark=Mark.PRESENT)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    already = (
        CourseRun.objects.filter(
            course__level=Level.SKILLS_WORKSHOP, sessions__converted_workshop__isnull=False
        )
        .distinct()
        .count()
    )
    result = WorkshopConversion(
        runs=[_plan_run(run, present) for run in runs], applied=apply, already_converted=already
    )
    if apply:
        _convert(result)
    return result


@transaction.atomic
def _convert(result: WorkshopConversion) -> None:
    for plan in result.to_convert:
        course = plan.run.course
        workshop = Workshop.objects.filter(title__iexact=course.title.strip()).first()
        if workshop is None:
            workshop = outreach.workshop_create(
                title=course.title,
                aims=course.summary,
                minutes=max(1, min(course.usual_session_minutes, MAX_WORKSHOP_MINUTES)),
                is_imported=True,
            )
        for each in plan.workshops:
            team = Team.objects.filter(name__iexact=each.setting.strip()).first()
            if team is None:
                team = team_create(name=each.setting.strip(), kind=TeamKind.INPATIENT_WARD, is_imported=True)
            recorded = HeldWorkshop.objects.filter(
                held_on=each.session.date, team=team, workshop=workshop, minutes=each.minutes
            ).first()
            if recorded is not None:
                if recorded.converted_from_id is None:
                    outreach.held_workshop_link_to_session(held=recorded, session=each.session)
                result.linked += 1
                continue
            outreach.held_workshop_record(
                team=team,
                workshop=workshop,
                held_on=each.session.date,
                minutes=each.minutes,
                attendees=each.attendees,
                peer_facilitators=plan.peer_facilitators,
                clinical_facilitators=plan.clinical_facilitators,
                facilitated_by=plan.facilitated_by,
                is_imported=True,
                converted_from=each.session,
            )
            result.made += 1
