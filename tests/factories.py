"""Test data, made only through the real services, so a test never starts from a state a centre could not
reach. Invented people only.

Each factory is a factory_boy `Factory` whose `_create` calls the service that owns the model (the
service's own checks run: a published run always has a peer and a professional trainer and a session; a
student is registered, then agrees a learning plan to become active). The `make_*` functions are the
short way in, with the keyword arguments the tests use.
"""

import itertools
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from warp.accounts.models import Role, TrainerKind, User
from warp.bookings.models import Booking, BookingStatus
from warp.bookings.services import BookingRefused, booking_cancel, booking_create, booking_offer_make
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_link_create, feedback_submit
from warp.prospectus import services as prospectus
from warp.prospectus.models import Course, CourseRun, CourseTheme, Level, Perspective, RunStatus, Term, Venue
from warp.students.models import (
    ContactMethod,
    Identity,
    LearningPlanReview,
    OutcomeCategory,
    Student,
    StudentStatus,
)
from warp.students.services import learning_plan_agree, review_record, student_leave, student_register

_numbers = itertools.count(1)


def today() -> date:
    return timezone.localdate()


# People on the staff side. Accounts are made as the personas are (tests/personas.py).


def _staff(role: str, email: str, **fields) -> User:
    return User.objects.create_user(email, role=role, **fields)


def manager() -> User:
    """The centre manager who sets the prospectus up: the persona when there is one."""
    return User.objects.filter(role=Role.CENTRE_MANAGER).order_by("pk").first() or _staff(
        Role.CENTRE_MANAGER, f"manager{next(_numbers)}@example.org"
    )


def tutor() -> User:
    """The admissions tutor who agrees learning plans: the persona when there is one."""
    return User.objects.filter(role=Role.ADMISSIONS_TUTOR).order_by("pk").first() or _staff(
        Role.ADMISSIONS_TUTOR, f"tutor{next(_numbers)}@example.org"
    )


def make_trainer(kind: str = TrainerKind.PEER) -> User:
    n = next(_numbers)
    return _staff(
        Role.TRAINER,
        f"co.trainer{n}@example.org",
        first_name="Trainer",
        last_name=f"Number {n}",
        trainer_kind=kind,
    )


# The prospectus: terms, venues, courses, runs and their sessions and trainers.


class TermFactory(factory.Factory):
    class Meta:
        model = Term

    name = factory.Sequence(lambda n: f"Term {n + 1}")
    starts_on = factory.LazyFunction(lambda: today() - timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda term: term.starts_on + timedelta(days=150))
    is_historic = False

    @classmethod
    def _create(cls, model_class, **fields):
        return prospectus.term_create(by=manager(), **fields)


class VenueFactory(factory.Factory):
    class Meta:
        model = Venue

    name = "The Recovery Hub"
    locality = "Poole"
    address = "1 Quay Road"
    postcode = ""
    access_information = ""

    @classmethod
    def _create(cls, model_class, **fields):
        return prospectus.venue_create(by=manager(), **fields)


class CourseFactory(factory.Factory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Understanding Recovery {n + 1}")
    summary = ""
    theme = ""
    level = Level.REC_COURSE
    # Designed by someone with lived experience and a professional, so its runs may be published.
    co_producers = factory.LazyFunction(
        lambda: [
            prospectus.CoProducerInput(name="Robin Hale", perspective=Perspective.LIVED_MENTAL_HEALTH),
            prospectus.CoProducerInput(name="Dr Ash Moreno", perspective=Perspective.PROFESSIONAL),
        ]
    )

    @classmethod
    def _create(cls, model_class, **fields):
        if fields["theme"] and not CourseTheme.objects.filter(name=fields["theme"]).exists():
            prospectus.course_theme_add(name=fields["theme"], by=manager())  # the managers' list
        return prospectus.course_create(by=manager(), **fields)


class CourseRunFactory(factory.Factory):
    """A run as a manager builds it: a draft, then sessions, then trainers, then (by default) published.

    `session_days`: one session per entry, in days from today (negative: in the past). `trainers`: people
    (trainer accounts) or perspectives ("peer", "professional"); by default a new peer and a new
    professional trainer. A run that is published (or was, before it was cancelled) always gets whichever
    of the two perspectives its trainers do not bring, as the co-delivery rule asks."""

    class Meta:
        model = CourseRun

    course = factory.SubFactory(CourseFactory)
    term = None
    places = 16
    status = RunStatus.PUBLISHED
    session_days = (7, 14, 21, 28)
    session_dates = None  # instead of session_days: the sessions' dates themselves
    starts_at = time(10, 0)
    ends_at = time(12, 0)
    venue = None
    online = False
    joining_link = "https://meet.example.org/room-1"
    outside_term = False  # the manager's tick: "This session is outside the term's dates on purpose"
    trainers = None

    @classmethod
    def _create(cls, model_class, *, course, term, status, session_days, session_dates, trainers, **details):
        by = manager()
        days = (
            list(session_dates)
            if session_dates is not None
            else [today() + timedelta(days=offset) for offset in session_days]
        )
        term = term or TermFactory(
            starts_on=min([today() - timedelta(days=60), *days]),
            ends_on=max([today() + timedelta(days=90), *days]),
        )
        run = prospectus.course_run_create(by=by, course=course, term=term, places=details["places"])
        where = (
            {"is_online": True, "joining_link": details["joining_link"]}
            if details["online"]
            else {"venue": details["venue"] or VenueFactory()}
        )
        for day in days:
            prospectus.session_create(
                course_run=run,
                by=by,
                date=day,
                starts_at=details["starts_at"],
                ends_at=details["ends_at"],
                allow_outside_term=details["outside_term"],
                **where,
            )
        people = [
            make_trainer(who) if isinstance(who, str) else who
            for who in ((TrainerKind.PEER, TrainerKind.PROFESSIONAL) if trainers is None else trainers)
        ]
        if status != RunStatus.DRAFT:
            brought = {person.trainer_kind for person in people}
            people += [
                make_trainer(kind)
                for kind in (TrainerKind.PEER, TrainerKind.PROFESSIONAL)
                if kind not in brought
            ]
        for person in people:
            prospectus.course_run_trainer_add(course_run=run, trainer=person, by=by)
        if status != RunStatus.DRAFT:
            prospectus.course_run_publish(course_run=run, by=by)
        if status == RunStatus.CANCELLED:
            prospectus.course_run_cancel(course_run=run, by=by)
        return run


def make_term(name: str | None = None, *, starts_on: date | None = None, ends_on: date | None = None) -> Term:
    """A term of about five months, by default begun two months ago."""
    fields = {"name": name} if name else {}
    if starts_on is not None:
        fields["starts_on"] = starts_on
    if ends_on is not None:
        fields["ends_on"] = ends_on
    return TermFactory(**fields)


def make_venue(**fields) -> Venue:
    return VenueFactory(**fields)


def make_course(title: str | None = None, **fields) -> Course:
    return CourseFactory(**({"title": title} if title else {}), **fields)


def make_run(
    *,
    places: int = 16,
    term: Term | None = None,
    title: str | None = None,
    course: Course | None = None,
    status: str = RunStatus.PUBLISHED,
    session_days: Iterable[int] = (7, 14, 21, 28),
    starts_at: time = time(10, 0),
    ends_at: time = time(12, 0),
    trainers: Sequence[User | str] | None = None,
    venue: Venue | None = None,
    online: bool = False,
    outside_term: bool = False,
) -> CourseRun:
    """A course run through the prospectus services; see CourseRunFactory."""
    return CourseRunFactory(
        course=course or make_course(title),
        places=places,
        term=term,
        status=status,
        session_days=list(session_days),
        starts_at=starts_at,
        ends_at=ends_at,
        trainers=trainers,
        venue=venue,
        online=online,
        outside_term=outside_term,
    )


def sessions_all_deleted(run: CourseRun) -> CourseRun:
    """Every session of the run deleted, as a manager would after people booked: the run goes back to
    draft first (a published run keeps at least one session), and its bookings stay."""
    by = manager()
    run.refresh_from_db()
    if run.status == RunStatus.PUBLISHED:
        prospectus.course_run_unpublish(course_run=run, by=by)
    for session in run.sessions.all():
        prospectus.session_delete(session=session, by=by)
    run.refresh_from_db()
    return run


def make_finished_run(
    *, session_days: Iterable[int] = (-14, -7), online: bool = True, **details
) -> CourseRun:
    """A published run whose sessions are behind us (by default, online two weeks and a week ago): the
    run feedback is given on."""
    return make_run(session_days=session_days, online=online, **details)


# Students


class StudentFactory(factory.Factory):
    """A student registered through student_register; active (a learning plan agreed with a tutor) unless
    `status` says they are still waiting to agree one, or have left the centre (student_leave)."""

    class Meta:
        model = Student

    first_name = factory.Sequence(lambda n: f"Alex{n + 1}")
    last_name = factory.Sequence(lambda n: f"Student{n + 1}")
    # A different birthday each, so two students with the same name are never taken for one person.
    date_of_birth = factory.Sequence(lambda n: date(1980, 1, 1) + timedelta(days=n))
    postcode = "BH1 1AA"
    email = factory.LazyAttributeSequence(
        lambda student, n: "".join(filter(str.isalnum, student.first_name.lower())) + f".{n + 1}@example.org"
    )
    consent_to_hold_data = True
    consent_to_contact = True
    contact_method = ContactMethod.EMAIL
    status = StudentStatus.ACTIVE
    registered_on = None

    @classmethod
    def _create(cls, model_class, *, status, registered_on, **details):
        on = registered_on or today()
        student = student_register(today=on, **details)
        if status in (StudentStatus.ACTIVE, StudentStatus.LEFT):
            learning_plan_agree(
                student=student, agreed_by=tutor(), hopes_and_goals="To meet people and learn.", today=on
            )
            student.refresh_from_db()
        if status == StudentStatus.LEFT:
            student_leave(student=student, by=tutor())
        return student


def make_student(**details) -> Student:
    """A student registered through the service (any of student_register's details may be given), active
    by default; `status=StudentStatus.AWAITING_PLAN` for one who has not agreed a learning plan yet, and
    `registered_on` for one who registered on another day."""
    if details.get("email") is None:
        details.pop("email", None)
    if "today" in details:  # student_register's name for the day they registered
        details["registered_on"] = details.pop("today")
    if "date_of_birth" in details and details["date_of_birth"] is None:
        details.setdefault("confirmed_over_18", True)  # no date of birth: staff confirmed they are adults
    return StudentFactory(**details)


def registration_details(**overrides) -> dict:
    """What a registration form sends, for tests that call student_register themselves."""
    n = next(_numbers)
    details = {
        "first_name": f"Alex{n}",
        "last_name": "Example",
        "date_of_birth": date(1980, 1, 1),
        "postcode": "BH1 1AA",
        "email": f"alex{n}@example.org",
        "consent_to_hold_data": True,
    }
    details.update(overrides)
    return details


def identity(code: str) -> Identity:
    return Identity.objects.get(code=code)


def make_identity(label: str, order: int = 100) -> Identity:
    """An identity a centre added to its list (reference data, edited in the admin: no service).
    Prefixed so the identities seeded by migrations (which tests keep) never collide with these."""
    code = "test-" + label.lower().replace(" ", "-")[:34]
    return Identity.objects.get_or_create(label=label, defaults={"code": code, "order": order})[0]


def category(code: str) -> OutcomeCategory:
    return OutcomeCategory.objects.get(code=code)


def make_review(student: Student, *, held_by=None, categories=(), **overrides) -> LearningPlanReview:
    """A review recorded through the service; `categories` are codes, e.g. ("self-management",)."""
    details = {
        "review_date": date(2024, 5, 1),
        "changes": "I go out for a walk most days now.",
    }
    details.update(overrides)
    return review_record(
        student=student, held_by=held_by, categories=[category(code) for code in categories], **details
    )


# Bookings


@contextmanager
def _open_for_booking(run: CourseRun):
    """A draft run is published while it takes the booking and put back to draft after, as a manager
    would (unpublishing keeps the bookings made)."""
    run.refresh_from_db()
    if run.status != RunStatus.DRAFT:
        yield
        return
    prospectus.course_run_publish(course_run=run, by=manager())
    yield
    prospectus.course_run_unpublish(course_run=run, by=manager())
    run.refresh_from_db()


@contextmanager
def _full(run: CourseRun):
    """The run's places cut to those already taken while someone joins the waiting list, then put back,
    as a manager changing the number of places would."""
    run.refresh_from_db()
    places = run.places
    taken = Booking.objects.filter(course_run=run, status__in=[BookingStatus.BOOKED, BookingStatus.OFFERED])
    _places(run, taken.count())
    yield
    _places(run, places)


def _places(run: CourseRun, places: int) -> None:
    prospectus.course_run_update(
        course_run=run,
        by=manager(),
        course=run.course,
        places=places,
        booking_opens_at=run.booking_opens_at,
        booking_closes_at=run.booking_closes_at,
    )


class BookingFactory(factory.Factory):
    """A booking reached through the bookings services: booked, or on the waiting list (the run was full
    when they asked), offered a place (by staff, from the waiting list) or cancelled (by the student)."""

    class Meta:
        model = Booking

    student = factory.SubFactory(StudentFactory)
    course_run = factory.SubFactory(CourseRunFactory)
    status = BookingStatus.BOOKED
    now = None

    @classmethod
    def _create(cls, model_class, *, student, course_run, status, now):
        def create():
            return booking_create(student=student, course_run=course_run, by=None, now=now).booking

        with _open_for_booking(course_run):
            if status == BookingStatus.BOOKED:
                booking = create()
                if booking.status != BookingStatus.BOOKED:
                    raise BookingRefused(f"{course_run} is full: {student} joined its waiting list.")
                return booking
            # Joined the waiting list of a full run; then offered a place by staff, or cancelled (while
            # the run was full, so no place passed on to anyone else waiting).
            with _full(course_run):
                booking = create()
                if status == BookingStatus.OFFERED:
                    booking = booking_offer_make(
                        booking=booking, by=manager(), allow_over_capacity=True, now=now
                    )
                elif status == BookingStatus.CANCELLED:
                    booking = booking_cancel(booking=booking, by=student.user, now=now)
        return booking


def book(
    student: Student, run: CourseRun, status: str = BookingStatus.BOOKED, *, now: datetime | None = None
) -> Booking:
    return BookingFactory(student=student, course_run=run, status=status, now=now)


def make_bookings(run: CourseRun, status: str, how_many: int) -> list[Booking]:
    """`how_many` new students, each with a booking of this status on the run."""
    return [book(make_student(), run, status) for _ in range(how_many)]


# Feedback


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
