"""Course runs, sessions and students for booking tests, made directly with the models.

There is no prospectus or registration service on this branch yet, so these rows are created as those
services would leave them: a published run with a peer and a professional trainer; an active student.
"""

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, RunStatus, Session, Term, Venue
from warp.students.models import ContactMethod, Student, StudentStatus

_numbers = itertools.count(1)


def make_term(name: str | None = None, *, starts_on: date | None = None) -> Term:
    starts_on = starts_on or timezone.localdate() - timedelta(days=60)
    return Term.objects.create(
        name=name or f"Term {next(_numbers)}", starts_on=starts_on, ends_on=starts_on + timedelta(days=150)
    )


def make_venue() -> Venue:
    return Venue.objects.create(name="The Recovery Hub", locality="Poole", address="1 Quay Road")


def make_run(
    *,
    places: int = 16,
    term: Term | None = None,
    title: str | None = None,
    status: str = RunStatus.PUBLISHED,
    session_days: list[int] | None = None,
    starts_at: time = time(10, 0),
    ends_at: time = time(12, 0),
    trainers: list | None = None,
    venue: Venue | None = None,
    online: bool = False,
) -> CourseRun:
    """A run with one session per entry in session_days (days from today; default: 7, 14, 21, 28)."""
    course = Course.objects.create(title=title or f"Understanding Recovery {next(_numbers)}")
    run = CourseRun.objects.create(course=course, term=term or make_term(), places=places, status=status)
    today = timezone.localdate()
    for offset in [7, 14, 21, 28] if session_days is None else session_days:
        Session.objects.create(
            course_run=run,
            date=today + timedelta(days=offset),
            starts_at=starts_at,
            ends_at=ends_at,
            venue=None if online else (venue or make_venue()),
            is_online=online,
            joining_link="https://meet.example.org/room-1" if online else "",
        )
    for trainer in trainers or []:
        CourseRunTrainer.objects.create(course_run=run, trainer=trainer)
    return run


def make_student(
    *,
    first_name: str = "Alex",
    last_name: str | None = None,
    status: str = StudentStatus.ACTIVE,
    email: str | None = None,
    user=None,
    contact_method: str = ContactMethod.EMAIL,
    consent_to_contact: bool = True,
) -> Student:
    n = next(_numbers)
    last_name = last_name or f"Student{n}"
    return Student.objects.create(
        user=user,
        registration_number=f"REC{n:05d}",
        first_name=first_name,
        last_name=last_name,
        email=f"{first_name.lower()}.{n}@example.org" if email is None else email,
        contact_method=contact_method,
        consent_to_hold_data=True,
        consent_to_contact=consent_to_contact,
        status=status,
        registered_on=timezone.localdate() - timedelta(days=90),
    )
