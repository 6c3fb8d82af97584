"""Outcome questionnaires in the demo centre: one invented questionnaire (the Hope and Agency Check, whose
items are written for the demo and belong to no published scale), baselines for students around their
first course and follow-ups for most of them after their last, so the outcomes report shows believable
numbers. The demo student has a follow-up waiting in their portal and sees their own scores.

Reads the bookings the earlier parts made, so it also runs alone (and then makes only the questionnaire).
"""

from datetime import timedelta

from django.db.models import Max, Min, Q

from warp.accounts.models import Role, User
from warp.bookings.models import Booking, BookingStatus
from warp.measures.models import Occasion, ResponseSource
from warp.measures.services import instrument_save, measure_request_create, response_record
from warp.students.models import Student

DEMO_STUDENT_EMAIL = "sam.student@example.org"
SHARE_FOLLOWED_UP = 0.7

HOPE_AND_AGENCY = {
    "code": "hope-agency",
    "name": "Hope and Agency Check",
    "licence": "Invented for the WaRP demo: not a published questionnaire, needs no licence.",
    "items": [
        {"number": 1, "text": "This week I could picture something good ahead of me."},
        {"number": 2, "text": "I made at least one choice that was mine."},
        {"number": 3, "text": "Things happened to me that I had no say in."},
        {"number": 4, "text": "I knew one step I could take when things got hard."},
        {"number": 5, "text": "I had someone I could share how I was doing with."},
        {"number": 6, "text": "I felt stuck where I was."},
    ],
    "response_min": 1,
    "response_max": 5,
    "reverse_items": [3, 6],
    "score": "sum",
    "higher_is_better": True,
    "reliability": 0.86,
    "reference_sd": 4.1,
    "clinical_cutoff": 18,
}


def _answers(rng, level: float, *, complete: bool) -> list[int | None]:
    """Six answers around a person's level (1-5); items 3 and 6 are answered the other way round."""
    answers: list[int | None] = []
    for number in range(1, 7):
        value = min(5, max(1, round(rng.gauss(level, 0.8))))
        answers.append(6 - value if number in (3, 6) else value)
    if not complete:
        answers[rng.randrange(6)] = None
    return answers


def build(ctx) -> None:
    instrument, _ = instrument_save(data=HOPE_AND_AGENCY, show_scores_to_students=True)
    rng = ctx.rng
    today = ctx.today
    tutor = User.objects.filter(role=Role.ADMISSIONS_TUTOR).order_by("pk").first()
    # Each student's booked runs: their first session, and their last session so far.
    spans = (
        Booking.objects.filter(status=BookingStatus.BOOKED, student__isnull=False)
        .values("student")
        .annotate(
            first=Min("course_run__sessions__date"),
            last=Max("course_run__sessions__date", filter=Q(course_run__sessions__date__lte=today)),
        )
        .order_by("student")
    )
    demo = Student.objects.filter(email=DEMO_STUDENT_EMAIL).values_list("pk", flat=True).first()
    for span in spans:
        first, last = span["first"], span["last"]
        if first is None:
            continue
        baseline_on = min(first - timedelta(days=rng.randint(0, 14)), today)
        if baseline_on > today or first > today:
            continue
        student = Student(pk=span["student"])
        level = rng.uniform(1.8, 3.6)
        response_record(
            student=student,
            instrument=instrument,
            completed_on=baseline_on,
            occasion=Occasion.BASELINE,
            answers=_answers(rng, level, complete=rng.random() > 0.04),
            source=ResponseSource.PAPER,
            entered_by=tutor,
        )
        follow_up_on = min(last + timedelta(days=rng.randint(7, 30)), today) if last else today
        if student.pk == demo:
            measure_request_create(
                student=student, instrument=instrument, occasion=Occasion.FOLLOW_UP, by=tutor
            )
            continue
        if follow_up_on > today or follow_up_on <= baseline_on or rng.random() > SHARE_FOLLOWED_UP:
            continue
        response_record(
            student=student,
            instrument=instrument,
            completed_on=follow_up_on,
            occasion=Occasion.FOLLOW_UP,
            answers=_answers(rng, level + rng.gauss(0.55, 0.6), complete=rng.random() > 0.04),
            source=ResponseSource.PORTAL,
        )
