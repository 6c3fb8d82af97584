"""A small centre for the browser journeys, made through the real services. Invented people only."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from tests.personas import make_personas
from warp.accounts.models import User
from warp.bookings.services import booking_create
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_submit
from warp.prospectus import services as prospectus
from warp.prospectus.models import CourseRun, Level, Term, Venue
from warp.students.models import Student
from warp.students.services import learning_plan_agree, student_register
from warp.teams.models import TeamKind
from warp.teams.services import team_create


@dataclass
class Centre:
    people: dict[str, User]
    sam: Student
    term: Term
    venue: Venue
    open_run: CourseRun  # places to spare, sessions ahead: Sam books it
    full_run: CourseRun  # one place, taken: Sam joins its waiting list
    finished_run: CourseRun  # sessions behind us, last one yesterday: register, feedback
    others: list[Student]


def _today() -> date:
    return timezone.localdate()


def _student(first: str, last: str, *, tutor: User, active: bool = True, **extra) -> Student:
    student = student_register(
        first_name=first,
        last_name=last,
        date_of_birth=date(1979, 4, 2),
        postcode="BH15 1AA",
        email=f"{first.lower()}.{last.lower()}@example.org",
        consent_to_hold_data=True,
        **extra,
    )
    if active:
        learning_plan_agree(student=student, agreed_by=tutor, hopes_and_goals="To meet people and learn.")
    return student


def _run(
    *,
    manager: User,
    term: Term,
    venue: Venue,
    title: str,
    summary: str,
    days: list[int],
    trainers: list[User],
    places: int = 12,
    starts_at: time = time(10, 0),
) -> CourseRun:
    course = prospectus.course_create(
        by=manager,
        title=title,
        summary=summary,
        theme="Understanding mental health",
        level=Level.REC_COURSE,
        co_producers=[prospectus.CoProducerInput(name="Robin Hale", perspective="lived_mental_health")],
    )
    run = prospectus.course_run_create(by=manager, course=course, term=term, places=places)
    for offset in days:
        prospectus.session_create(
            course_run=run,
            by=manager,
            date=_today() + timedelta(days=offset),
            starts_at=starts_at,
            ends_at=time(starts_at.hour + 2, 0),
            venue=venue,
        )
    for trainer in trainers:
        prospectus.course_run_trainer_add(course_run=run, trainer=trainer, by=manager)
    prospectus.course_run_publish(course_run=run, by=manager)
    return run


def build_centre() -> Centre:
    people = make_personas()
    manager, tutor = people["centre_manager"], people["admissions_tutor"]
    trainers = [people["peer_trainer"], people["professional_trainer"]]
    sam = student_register(
        first_name="Sam",
        last_name="Rivers",
        date_of_birth=date(1984, 6, 9),
        postcode="BH1 1AA",
        email=people["student"].email,
        consent_to_hold_data=True,
        user=people["student"],
    )
    learning_plan_agree(student=sam, agreed_by=tutor, hopes_and_goals="To feel more confident.")
    term = prospectus.term_create(
        by=manager,
        name="Spring term",
        starts_on=_today() - timedelta(days=30),
        ends_on=_today() + timedelta(days=90),
    )
    prospectus.course_theme_add(name="Understanding mental health", by=manager)  # the managers' list
    venue = prospectus.venue_create(
        by=manager,
        name="The Quay Centre",
        locality="Poole",
        address="1 Quay Road, Poole",
        access_information="Step-free entrance; hearing loop in the main room.",
    )
    open_run = _run(
        manager=manager,
        term=term,
        venue=venue,
        title="Understanding Depression and Anxiety",
        summary="What depression and anxiety are, and what helps.",
        days=[7, 14, 21],
        trainers=trainers,
    )
    full_run = _run(
        manager=manager,
        term=term,
        venue=venue,
        title="Recovery Narratives",
        summary="Telling our own stories of recovery.",
        days=[8, 15],
        trainers=trainers,
        places=1,
        starts_at=time(14, 0),
    )
    finished_run = _run(
        manager=manager,
        term=term,
        venue=venue,
        title="Peer Support Toolkit",
        summary="Skills for supporting each other.",
        days=[-15, -8, -1],
        trainers=trainers,
    )
    others = [
        _student("Ana", "Moss", tutor=tutor, gender="woman"),
        _student("Ben", "Hart", tutor=tutor, gender="man"),
        _student("Cy", "Lowe", tutor=tutor),
    ]
    booking_create(student=others[0], course_run=full_run, by=None)
    for student in [sam, *others]:
        booking_create(student=student, course_run=finished_run, by=None)
    for helped in ("Hearing other people's stories.", "The handouts.", "Being listened to."):
        feedback_submit(
            course_run=finished_run,
            answers={"would_attend_again": "yes", "rating": 5, "helped": helped},
            source=FeedbackSource.PAPER,
            entered_by=manager,
            quote_consent=True,
        )
    team_create(
        name="Harbour Ward", kind=TeamKind.INPATIENT_WARD, locality="Poole", leads=[people["team_lead"]]
    )
    return Centre(
        people=people,
        sam=sam,
        term=term,
        venue=venue,
        open_run=open_run,
        full_run=full_run,
        finished_run=finished_run,
        others=others,
    )
