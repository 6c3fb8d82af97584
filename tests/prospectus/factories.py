"""The prospectus tests' defaults for the factories in tests/factories.py (which go through the services):
terms from a fixed Monday, courses with a summary and a theme, runs of weekly sessions from the term's
first day. Nothing here makes a row itself."""

from datetime import date, time, timedelta

from tests.factories import (
    CourseFactory,
    CourseRunFactory,
    TermFactory,
    VenueFactory,
    make_bookings,
    make_student,
    make_trainer,
    manager,
)
from warp.accounts.models import TrainerKind
from warp.prospectus.models import Course, CourseRun, Level, RunStatus, Term, Venue
from warp.students.models import Student

__all__ = ["bookings", "course", "manager", "run", "student", "term", "trainer", "venue"]

_numbers = iter(range(1, 10**6))


def trainer(kind: str = TrainerKind.PEER):
    return make_trainer(kind)


def course(title: str | None = None, **fields) -> Course:
    fields.setdefault("summary", "A friendly introduction.")
    fields.setdefault("theme", "Understanding mental health")
    fields.setdefault("level", Level.REC_COURSE)
    return CourseFactory(title=title or f"Course {next(_numbers)}", **fields)


def term(name: str | None = None, starts_on: date = date(2026, 9, 7), weeks: int = 14) -> Term:
    return TermFactory(
        **({"name": name} if name else {}), starts_on=starts_on, ends_on=starts_on + timedelta(weeks=weeks)
    )


def venue(locality: str = "Poole", **fields) -> Venue:
    fields.setdefault("name", f"Community Hall {next(_numbers)}")
    fields.setdefault("access_information", "Step-free entrance; hearing loop in the main room.")
    return VenueFactory(locality=locality, **fields)


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
    """A course run with weekly sessions and a new trainer for each perspective in `trainers`; published
    unless publish=False."""
    the_term = term or globals()["term"]()
    day = first or the_term.starts_on
    return CourseRunFactory(
        term=the_term,
        course=course or globals()["course"](),
        session_dates=[day + timedelta(weeks=week) for week in range(sessions)],
        starts_at=starts_at,
        ends_at=ends_at,
        venue=None if online else venue or globals()["venue"](),
        online=online,
        joining_link=joining_link,
        trainers=trainers,
        status=RunStatus.PUBLISHED if publish else RunStatus.DRAFT,
        places=places,
    )


def student() -> Student:
    return make_student()


def bookings(course_run: CourseRun, status: str, how_many: int) -> None:
    """`how_many` new students with a booking of this status, made through the bookings services."""
    make_bookings(course_run, status, how_many)
