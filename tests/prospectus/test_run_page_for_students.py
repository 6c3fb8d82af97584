"""A run's "How to book" follows the signed-in student's real state (issue 14, 2.10)."""

import pytest
from django.urls import reverse

from tests.factories import make_run, make_student
from warp.bookings.services import booking_create
from warp.students.models import StudentStatus

pytestmark = pytest.mark.django_db

PLAN_NEEDED = "once you have agreed your learning plan"


def _page(client_for, run) -> str:
    return client_for("student").get(reverse("prospectus:run-detail", args=[run.pk])).content.decode()


def test_an_active_student_is_offered_a_place_and_not_told_to_agree_a_plan(personas, client_for):
    make_student(first_name="Sam", user=personas["student"], status=StudentStatus.ACTIVE)
    run = make_run(places=5)
    page = _page(client_for, run)
    assert PLAN_NEEDED not in page
    assert "Book a place" in page


def test_a_student_waiting_for_a_plan_is_told_to_agree_one_and_offered_no_button(personas, client_for):
    make_student(first_name="Sam", user=personas["student"], status=StudentStatus.AWAITING_PLAN)
    run = make_run(places=5)
    page = _page(client_for, run)
    assert PLAN_NEEDED in page
    assert reverse("bookings:book", args=[run.pk]) not in page


def test_a_student_already_booked_is_told_they_have_a_place(personas, client_for):
    sam = make_student(first_name="Sam", user=personas["student"], status=StudentStatus.ACTIVE)
    run = make_run(places=5)
    booking_create(student=sam, course_run=run, by=None)
    page = _page(client_for, run)
    assert "You have a place on this course run." in page
    assert "Book a place" not in page


def test_a_student_who_left_is_invited_back(personas, client_for):
    make_student(first_name="Sam", user=personas["student"], status=StudentStatus.LEFT)
    page = _page(client_for, make_run())
    assert "left the centre" in page
    assert "Book a place" not in page


def test_run_page_for_a_student_keeps_a_fixed_number_of_queries(
    personas, client_for, django_assert_max_num_queries
):
    make_student(first_name="Sam", user=personas["student"], status=StudentStatus.ACTIVE)
    run = make_run(places=5)
    client = client_for("student")
    # session + user, the run with places left, its sessions, its trainers, the student record, their
    # booking on this run
    with django_assert_max_num_queries(7):
        assert client.get(reverse("prospectus:run-detail", args=[run.pk])).status_code == 200
