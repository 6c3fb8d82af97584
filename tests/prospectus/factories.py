"""Prospectus test data, made through the real services."""

from datetime import date, time, timedelta
from itertools import count

from django.utils import timezone

from warp.accounts.models import Role, TrainerKind, User
from warp.bookings.models import Booking
from warp.prospectus import services
from warp.prospectus.models import Course, CourseRun, CourseTheme, Level, Term, Venue
from warp.students.models import Student, StudentStatus

_numbers = count(1)


def manager() -> User:
    return User.objects.filter(role=Role.CENTRE_MANAGER).first() or User.objects.create_user(
        f"manager{next(_numbers)}@example.org", role=Role.CENTRE_MANAGER
    )


def trainer(kind: str = TrainerKind.PEER) -> User:
    n = next(_numbers)
    return User.objects.create_user(
        f"trainer{n}@example.org",
        first_name="Trainer",
        last_name=f"Number {n}",
        role=Role.TRAINER,
        trainer_kind=kind,
    )


def course(title: str | None = None, **fields) -> Course:
    fields.setdefault("summary", "A friendly introduction.")
    fields.setdefault("theme", "Understanding mental health")
    fields.setdefault("level", Level.REC_COURSE)
    if fields["theme"]:  # themes come from the managers' list
        CourseTheme.objects.get_or_create(name=fields["theme"])
    return services.course_create(by=manager(), title=title or f"Course {next(_numbers)}", **fields)


def term(name: str | None = None, starts_on: date = date(2026, 9, 7), weeks: int = 14) -> Term:
    return services.term_create(
        by=manager(),
        name=name or f"Term {next(_numbers)}",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks),
    )


def venue(locality: str = "Poole", **fields) -> Venue:
    fields.setdefault("name", f"Community Hall {next(_numbers)}")
    fields.setdefault("access_information", "Step-free entrance; hearing loop in the main room.")
    return services.venue_create(by=manager(), locality=locality, **fields)


def run(
    *,
    term: Term | None = None,
    course: Course | None = None,
    sessions: int = 3,
    first: date | None = None,
    starts_at: time = time(10, 0),
    ends_at: time = time(12, 0),
    venue: Venue | None = None,
    online: bool = False,
    joining_link: str = "",
    trainers: tuple[str, ...] = (TrainerKind.PEER, TrainerKind.PROFESSIONAL),
    publish: bool = True,
    places: int = 12,
) -> CourseRun:
    """A course run with weekly sessions and trainers; published unless publish=False."""
    by = manager()
    the_term = term or globals()["term"]()
    the_course = course or globals()["course"]()
    the_run = services.course_run_create(by=by, course=the_course, term=the_term, places=places)
    where = (
        {"is_online": True, "joining_link": joining_link}
        if online
        else {"venue": venue or globals()["venue"]()}
    )
    day = first or the_term.starts_on
    for week in range(sessions):
        services.session_create(
            course_run=the_run,
            by=by,
            date=day + timedelta(weeks=week),
            starts_at=starts_at,
            ends_at=ends_at,
            **where,
        )
    for kind in trainers:
        services.course_run_trainer_add(course_run=the_run, trainer=trainer(kind), by=by)
    if publish:
        services.course_run_publish(course_run=the_run, by=by)
    return the_run


def student() -> Student:
    n = next(_numbers)
    return Student.objects.create(
        registration_number=f"T{n:05d}",
        first_name="Student",
        last_name=f"Number {n}",
        status=StudentStatus.ACTIVE,
        registered_on=date(2026, 1, 5),
    )


def bookings(course_run: CourseRun, status: str, how_many: int) -> None:
    """Booking rows made directly, only to set up places taken (booking rules live in the bookings app)."""
    # An offer always carries its expiry (a rule of the bookings app, enforced by the database).
    expires = timezone.now() + timedelta(days=2) if status == "offered" else None
    for _ in range(how_many):
        Booking.objects.create(
            student=student(), course_run=course_run, status=status, offer_expires_at=expires
        )
