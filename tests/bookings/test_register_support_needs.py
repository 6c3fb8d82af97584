"""The register shows a student's support needs to the run's trainers only when the student agreed to share
them in their learning plan (issue 14, section 3)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.bookings.services import booking_create
from warp.students.models import LearningPlan
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db

SHARED = "Needs a seat near the door."
PRIVATE = "Finds loud rooms hard; would rather the trainers did not know."


def _register(personas, client_for, django_assert_max_num_queries=None):
    run = make_run(session_days=[7], trainers=[personas["peer_trainer"]])
    tutor = personas["admissions_tutor"]
    sharing, private = make_student(first_name="Robin"), make_student(first_name="Kit")
    learning_plan_agree(
        student=sharing,
        agreed_by=tutor,
        hopes_and_goals="To learn.",
        support_needs=SHARED,
        support_needs_shared_with_trainers=True,
    )
    learning_plan_agree(student=private, agreed_by=tutor, hopes_and_goals="To learn.", support_needs=PRIVATE)
    for student in (sharing, private):
        booking_create(student=student, course_run=run, by=None)
    session = run.sessions.get()
    session.date = timezone.localdate() - timedelta(days=1)
    session.save()
    return reverse("bookings:register", args=[session.pk])


def test_the_register_shows_only_support_needs_the_student_agreed_to_share(personas, client_for):
    url = _register(personas, client_for)
    page = client_for("peer_trainer").get(url).content.decode()
    assert SHARED in page
    assert "finds loud rooms hard" not in page.lower()


def test_support_needs_are_not_shared_unless_the_plan_says_so():
    assert LearningPlan._meta.get_field("support_needs_shared_with_trainers").default is False


def test_the_tutor_records_the_choice_on_the_learning_plan(personas, client_for):
    student = make_student()
    client_for("admissions_tutor").post(
        reverse("students:learning-plan", args=[student.pk]),
        {
            "hopes_and_goals": "To meet people.",
            "support_needs": SHARED,
            "support_needs_shared_with_trainers": "on",
        },
    )
    plan = LearningPlan.objects.get(student=student)
    assert plan.support_needs_shared_with_trainers is True
    page = client_for("admissions_tutor").get(reverse("students:learning-plan", args=[student.pk]))
    assert "They agree their trainers may see these support needs" in page.content.decode()
