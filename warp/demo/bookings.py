"""Bookings, waiting lists, offers, cancellations and registers for the demo centre.

Reads whatever published runs and active students the other demo parts made (it does not rely on
ctx.store). Rows are made in bulk, as the services would leave them, so the demo builds in seconds and
sends no email; the services' rules (capacity, queue order, one booking per run) are respected here by
construction. About 70% of marks on past sessions are "present"; a few past registers are left untaken.
"""

from datetime import timedelta

from django.utils import timezone

from warp.accounts.models import User
from warp.bookings.models import (
    Attendance,
    AttendanceChange,
    Booking,
    BookingMessage,
    BookingStatus,
    Channel,
    Mark,
    MessageKind,
)
from warp.bookings.timing import session_end
from warp.prospectus.models import CourseRun, CourseRunTrainer, RunStatus, Session
from warp.students.models import ContactMethod, Student

CANCEL_REASONS = ["Clashes with work", "Not feeling up to it this term", "Moving away", "", "Caring duties"]
# Each student's chance of coming to a session; their mean is about 0.7, and the 0.2s drop out.
ATTENDANCE_HABITS = [0.95, 0.95, 0.9, 0.85, 0.8, 0.7, 0.5, 0.2]
UNTAKEN_REGISTERS = 4


def build(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    today = timezone.localdate()
    runs = list(
        CourseRun.objects.filter(status=RunStatus.PUBLISHED).prefetch_related("sessions").order_by("pk")
    )
    students = list(Student.objects.active().order_by("pk"))
    if not runs or not students:
        return
    sam = Student.objects.active().filter(user__email="sam.student@example.org").first()
    others = [s for s in students if s != sam]

    def first_date(run):
        dates = [s.date for s in run.sessions.all()]
        return min(dates) if dates else None

    upcoming = [r for r in runs if first_date(r) and first_date(r) > today]
    rows: list[Booking] = []
    booked_on: dict[int, set[int]] = {}

    def add(run, student, status, **extra):
        if student.pk in booked_on.setdefault(run.pk, set()):
            return None
        booked_on[run.pk].add(student.pk)
        booking = Booking(student=student, course_run=run, status=status, **extra)
        rows.append(booking)
        return booking

    # Sam first: a place on the soonest upcoming run and on one run already over (with a certificate),
    # and a place on the waiting list of another upcoming run (filled up below).
    sam_waiting_run = None
    if sam and upcoming:
        add(upcoming[0], sam, BookingStatus.BOOKED)
        if len(upcoming) > 1:
            sam_waiting_run = upcoming[1]
        past = [r for r in runs if first_date(r) and first_date(r) < today - timedelta(days=28)]
        if past:
            add(past[-1], sam, BookingStatus.BOOKED)

    for run in runs:
        popular = run == sam_waiting_run or rng.random() < 0.3
        demand = run.places + rng.randint(2, 6) if popular else rng.randint(run.places // 2, run.places)
        taken = sum(1 for b in rows if b.course_run is run and b.status == BookingStatus.BOOKED)
        for student in rng.sample(others, min(demand, len(others))):
            status = BookingStatus.BOOKED if taken < run.places else BookingStatus.WAITING
            if add(run, student, status):
                taken += status == BookingStatus.BOOKED
        if run == sam_waiting_run and sam:
            if taken < run.places:  # make sure it is full, so Sam waits
                for student in others[: run.places - taken]:
                    if add(run, student, BookingStatus.BOOKED):
                        taken += 1
            add(run, sam, BookingStatus.WAITING)
        # Some people cancelled along the way (their places went to others before the demo starts).
        for student in rng.sample(others, 2 if rng.random() < 0.25 else 0):
            reason = rng.choice(CANCEL_REASONS)
            add(
                run,
                student,
                BookingStatus.CANCELLED,
                cancelled_at=now - timedelta(days=rng.randint(1, 20)),
                cancel_reason=reason,
                is_late=rng.random() < 0.3,
            )
    Booking.objects.bulk_create(rows, batch_size=500)

    # Three open offers on full upcoming runs: one booked student cancelled, the first waiting was offered.
    offers = 0
    for run in upcoming:
        if offers == 3 or run == sam_waiting_run:
            continue
        queue = [b for b in rows if b.course_run is run and b.status == BookingStatus.WAITING]
        places = [
            b for b in rows if b.course_run is run and b.status == BookingStatus.BOOKED and b.student != sam
        ]
        if not queue or not places:
            continue
        leaving = places[-1]
        Booking.objects.filter(pk=leaving.pk).update(
            status=BookingStatus.CANCELLED, cancelled_at=now - timedelta(hours=5), cancel_reason="Unwell"
        )
        Booking.objects.filter(pk=queue[0].pk).update(
            status=BookingStatus.OFFERED,
            offered_at=now - timedelta(hours=5),
            offer_expires_at=now + timedelta(hours=43),
        )
        offers += 1

    _registers(rng, now)
    _peer_trainer_sessions(today)
    _people_to_contact(rng)


def _registers(rng, now) -> None:
    """Marks for every past session with booked students, except a few recent registers left untaken."""
    past = [
        s
        for s in Session.objects.filter(date__lte=timezone.localdate(now)).select_related("course_run")
        if session_end(s) <= now
    ]
    past.sort(key=lambda s: (s.date, s.starts_at))
    untaken = {s.pk for s in past[-UNTAKEN_REGISTERS * 3 :: 3]}
    bookings_by_run: dict[int, list[Booking]] = {}
    for booking in Booking.objects.filter(status=BookingStatus.BOOKED).select_related("student__user"):
        bookings_by_run.setdefault(booking.course_run_id, []).append(booking)
    habit: dict[int, float] = {}
    marks = []
    for session in past:
        if session.pk in untaken:
            continue
        for booking in bookings_by_run.get(session.course_run_id, []):
            is_sam = (
                booking.student.user is not None and booking.student.user.email == "sam.student@example.org"
            )
            chance = habit.setdefault(booking.pk, 1.0 if is_sam else rng.choice(ATTENDANCE_HABITS))
            if rng.random() < chance:
                mark = Mark.PRESENT
            else:
                mark = Mark.APOLOGIES if rng.random() < 0.4 else Mark.ABSENT
            marks.append(Attendance(booking=booking, session=session, mark=mark, marked_at=now))
    created = Attendance.objects.bulk_create(marks, batch_size=1000)
    AttendanceChange.objects.bulk_create(
        [AttendanceChange(attendance=a, old_mark="", new_mark=a.mark, changed_at=now) for a in created],
        batch_size=1000,
    )


def _peer_trainer_sessions(today) -> None:
    """Make sure the demo peer trainer has a session today or within the next few days."""
    trainer = User.objects.filter(email="peer.trainer@example.org").first()
    if trainer is None:
        return
    soon = Session.objects.filter(date__gte=today, date__lte=today + timedelta(days=3))
    if soon.filter(course_run__run_trainers__trainer=trainer).exists():
        return
    session = (
        soon.filter(course_run__status=RunStatus.PUBLISHED).order_by("date", "starts_at").first()
        or Session.objects.filter(date__gte=today, course_run__status=RunStatus.PUBLISHED)
        .order_by("date", "starts_at")
        .first()
    )
    if session:
        CourseRunTrainer.objects.get_or_create(course_run_id=session.course_run_id, trainer=trainer)


def _people_to_contact(rng) -> None:
    """Students who prefer a phone call or letter: their latest confirmations wait for staff to pass on."""
    bookings = list(
        Booking.objects.filter(status=BookingStatus.BOOKED)
        .exclude(student__contact_method=ContactMethod.EMAIL)
        .order_by("-pk")[:6]
    )
    BookingMessage.objects.bulk_create(
        [BookingMessage(booking=b, kind=MessageKind.CONFIRMATION, channel=Channel.STAFF) for b in bookings]
    )
