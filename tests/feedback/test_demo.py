import random

import pytest
from django.db import transaction

from tests.factories import book, make_finished_run, make_student, today
from warp.demo import DemoContext
from warp.demo import feedback as demo_feedback
from warp.feedback.models import FeedbackLink, FeedbackResponse


def _ctx(seed: int = 2012) -> DemoContext:
    return DemoContext(rng=random.Random(seed), today=today())


@pytest.mark.django_db
def test_demo_feedback_does_nothing_when_there_are_no_finished_runs():
    make_finished_run(session_days=(3,))
    demo_feedback.build(_ctx())
    assert not FeedbackResponse.objects.exists()


def _centre(personas):
    # Places for the 30 booked on each (the bookings service puts anyone past the places on the waiting list).
    runs = [make_finished_run(places=30, trainers=[personas["peer_trainer"]]) for _ in range(5)]
    students = [make_student() for _ in range(40)]
    for run in runs:
        for student in students[:30]:
            book(student, run)
    later = make_finished_run(session_days=(-3, 4))
    book(students[0], later)
    return runs, later


def test_demo_feedback_answers_for_about_sixty_percent_of_booked_students(personas):
    runs, later = _centre(personas)
    demo_feedback.build(_ctx())
    portal = FeedbackResponse.objects.filter(source="portal")
    assert 0.5 <= portal.count() / 150 <= 0.7
    assert not FeedbackResponse.objects.filter(course_run=later).exists()  # not finished yet
    everyone = FeedbackResponse.objects.all()
    yes = everyone.filter(would_attend_again="yes").count() / everyone.count()
    assert yes >= 0.9
    high = everyone.filter(rating__gte=4).count() / everyone.count()
    assert high >= 0.75
    consent = everyone.quotable().count() / everyone.count()
    assert 0.35 <= consent <= 0.65
    assert FeedbackResponse.objects.filter(source="paper").exists()
    assert FeedbackResponse.objects.filter(source="link", student=None).exists()
    assert FeedbackLink.objects.count() == 3


def test_demo_feedback_is_the_same_every_time(personas):
    _centre(personas)

    def snapshot():
        return list(
            FeedbackResponse.objects.order_by("pk").values_list(
                "course_run_id", "student_id", "source", "would_attend_again", "rating", "quote_consent"
            )
        )

    with transaction.atomic():
        demo_feedback.build(_ctx())
        first = snapshot()
        transaction.set_rollback(True)
    demo_feedback.build(_ctx())
    assert snapshot() == first and first
