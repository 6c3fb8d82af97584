"""Course runs, students and bookings for feedback tests. Invented data only.

The prospectus, students and bookings services are being written alongside this app, so these helpers
create those rows directly; everything in the feedback app itself goes through feedback/services.py.
"""

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from warp.bookings.models import Booking, BookingStatus
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_link_create, feedback_submit
from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, RunStatus, Session, Term
from warp.students.models import Student, StudentStatus

_numbers = itertools.count(1)


def today() -> date:
    return timezone.localdate()


def make_term(name: str | None = None) -> Term:
    return Term.objects.create(
        name=name or f"Feedback term {next(_numbers)}",
        starts_on=today() - timedelta(days=60),
        ends_on=today() + timedelta(days=60),
    )


def make_run(
    *,
    title: str | None = None,
    term: Term | None = None,
    trainers=(),
    session_days=(-14, -7),
    status: str = RunStatus.PUBLISHED,
) -> CourseRun:
    """A run with one session per offset in days from today (negative = past)."""
    course = Course.objects.create(title=title or f"Feedback course {next(_numbers)}")
    run = CourseRun.objects.create(course=course, term=term or make_term(), status=status)
    for trainer in trainers:
        CourseRunTrainer.objects.create(course_run=run, trainer=trainer)
    for offset in session_days:
        Session.objects.create(
            course_run=run,
            date=today() + timedelta(days=offset),
            starts_at=time(10),
            ends_at=time(12),
            is_online=True,
        )
    return run


def make_student(user=None, *, first_name: str = "Alex") -> Student:
    number = next(_numbers)
    return Student.objects.create(
        user=user,
        registration_number=f"FBT-{number:05d}",
        first_name=first_name,
        last_name=f"Example{number}",
        status=StudentStatus.ACTIVE,
        registered_on=today() - timedelta(days=90),
        consent_to_hold_data=True,
    )


def book(student: Student, run: CourseRun, status: str = BookingStatus.BOOKED) -> Booking:
    return Booking.objects.create(student=student, course_run=run, status=status)


def answers(**overrides):
    values = {
        "would_attend_again": "yes",
        "rating": 5,
        "helped": "Hearing other people's stories.",
        "could_be_better": "A bigger room.",
        "co_delivery": "It felt balanced.",
    }
    values.update(overrides)
    return values


def paper_response(run: CourseRun, entered_by, *, quote_consent: bool = False, **answer_overrides):
    return feedback_submit(
        course_run=run,
        answers=answers(**answer_overrides),
        source=FeedbackSource.PAPER,
        entered_by=entered_by,
        quote_consent=quote_consent,
    )


def link_for(run: CourseRun, *, uses: int = 1, created_by=None):
    return feedback_link_create(course_run=run, created_by=created_by, uses_allowed=uses)
