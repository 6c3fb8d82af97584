"""Feedback on the demo centre's finished course runs: about 60% of booked students answer, nearly all
would attend again, most ratings are 4 or 5; a few paper forms and anonymous link responses too.

Reads whatever runs and bookings the earlier parts made, so it also runs alone (and then does nothing).
The demo student keeps their most recent finished course waiting for feedback, to show that page.
"""

from datetime import timedelta

from django.db.models import Max

from warp.accounts.models import Role, User
from warp.bookings.models import Booking, BookingStatus
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_link_create, feedback_submit
from warp.prospectus.models import CourseRun
from warp.students.models import Student

DEMO_STUDENT_EMAIL = "sam.student@example.org"
SHARE_WHO_ANSWER = 0.6

HELPED = [
    "Hearing other people's stories made me feel less alone.",
    "The trainers were so open about their own experiences.",
    "Learning the early warning signs and writing my own plan.",
    "A calm room and plenty of breaks.",
    "Being with people who understood without me explaining.",
    "The handouts, which I have read again at home.",
    "Small group discussions where everyone got a say.",
    "Practical tips I could try the same week.",
    "Being treated as a student, not a patient.",
    "Meeting carers who were going through the same as me.",
]
COULD_BE_BETTER = [
    "More sessions: it ended just as we got going.",
    "The room was cold in the mornings.",
    "Parking near the venue was hard.",
    "A reading list to take away would help.",
    "Starting a little later for those of us on the bus.",
    "More time for questions at the end.",
    "Nothing, it was just right.",
    "Slides were hard to read from the back.",
]
CO_DELIVERY = [
    "Having both views made it feel real and trustworthy.",
    "The peer trainer's story gave me hope; the professional explained the why.",
    "It worked really well; they clearly respected each other.",
    "I liked hearing both sides, and nobody felt like the expert over us.",
]


def _answers(rng) -> dict[str, str | int]:
    roll = rng.random()
    attend = "yes" if roll < 0.97 else ("not_sure" if roll < 0.99 else "no")
    answers: dict[str, str | int] = {
        "would_attend_again": attend,
        "rating": rng.choices([5, 4, 3, 2], weights=[55, 35, 8, 2])[0],
    }
    if rng.random() < 0.8:
        answers["helped"] = rng.choice(HELPED)
    if rng.random() < 0.6:
        answers["could_be_better"] = rng.choice(COULD_BE_BETTER)
    if rng.random() < 0.4:
        answers["co_delivery"] = rng.choice(CO_DELIVERY)
    return answers


def build(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    runs = list(
        CourseRun.objects.annotate(last_session_on=Max("sessions__date"))
        .filter(last_session_on__lt=today)
        .order_by("last_session_on", "pk")
    )
    if not runs:
        return
    last_session = {run.pk: run.last_session_on for run in runs}  # type: ignore[attr-defined]
    bookings = list(
        Booking.objects.filter(course_run__in=runs, status=BookingStatus.BOOKED)
        .order_by("course_run_id", "pk")
        .values_list("student_id", "course_run_id")
    )
    students = Student.objects.in_bulk({student_id for student_id, _ in bookings})
    runs_by_pk = {run.pk: run for run in runs}
    demo_student = Student.objects.filter(user__email=DEMO_STUDENT_EMAIL).values_list("pk", flat=True).first()
    kept_for_demo = max(
        (run_id for student_id, run_id in bookings if student_id == demo_student),
        key=lambda run_id: (last_session[run_id], run_id),
        default=None,
    )

    for student_id, run_id in bookings:
        if rng.random() >= SHARE_WHO_ANSWER:
            continue
        if student_id == demo_student and run_id == kept_for_demo:
            continue
        submitted_on = min(last_session[run_id] + timedelta(days=rng.randint(0, 6)), today)
        feedback_submit(
            course_run=runs_by_pk[run_id],
            answers=_answers(rng),
            source=FeedbackSource.PORTAL,
            student=students[student_id],
            quote_consent=rng.random() < 0.5,
            submitted_on=submitted_on,
        )

    manager = User.objects.filter(role=Role.CENTRE_MANAGER).order_by("pk").first()
    for run in rng.sample(runs, k=min(3, len(runs))):
        if manager is not None:
            for _ in range(rng.randint(2, 4)):
                feedback_submit(
                    course_run=run,
                    answers=_answers(rng),
                    source=FeedbackSource.PAPER,
                    entered_by=manager,
                    quote_consent=rng.random() < 0.5,
                    submitted_on=last_session[run.pk],
                )
        link = feedback_link_create(
            course_run=run, created_by=manager, uses_allowed=20, label="printed sheet"
        )
        for _ in range(rng.randint(2, 5)):
            feedback_submit(
                course_run=run,
                answers=_answers(rng),
                source=FeedbackSource.LINK,
                link=link,
                quote_consent=rng.random() < 0.5,
                submitted_on=min(last_session[run.pk] + timedelta(days=rng.randint(0, 3)), today),
            )
