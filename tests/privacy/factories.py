"""A student with something in every part of their record, made through the real services."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import make_run, make_student
from warp.bookings.services import attendance_mark, booking_cancel, booking_create, calendar_feed_renew
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_submit
from warp.students.services import learning_plan_agree


def full_student(personas, **overrides):
    student = make_student(
        phone="07700 900111",
        address="1 Harbour Road",
        support_needs="Needs a quiet room",
        consent_to_quote=True,
        **overrides,
    )
    learning_plan_agree(
        student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Private hopes"
    )
    past = make_run(session_days=[-14, -7], trainers=[personas["peer_trainer"]])
    booking = booking_create(
        student=student, course_run=past, by=None, now=timezone.now() - timedelta(days=30)
    ).booking
    for session in past.sessions.all():
        attendance_mark(session=session, student=student, mark="present", by=personas["peer_trainer"])
    cancelled = booking_create(student=student, course_run=make_run(), by=None).booking
    booking_cancel(booking=cancelled, by=student.user, reason="My private reason")
    calendar_feed_renew(student=student)
    feedback_submit(
        course_run=past,
        answers=_answers(),
        source=FeedbackSource.PORTAL,
        student=student,
        quote_consent=True,
    )
    return student, booking


def _answers():
    from warp.feedback.models import FeedbackQuestion

    answers = {}
    for question in FeedbackQuestion.objects.filter(is_active=True):
        if question.kind == "rating":
            answers[question.code] = 5
        elif question.kind == "choice":
            answers[question.code] = question.options()[0][0]
        else:
            answers[question.code] = "My own words about the course"
    return answers
