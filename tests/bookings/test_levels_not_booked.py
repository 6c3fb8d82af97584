"""Skills workshops and intensive cohorts are not in the public prospectus and cannot be booked there:
people are told kindly how they take part instead."""

import pytest
from django.urls import reverse

from tests.factories import make_course, make_run, make_student, tutor
from warp.bookings.models import Booking
from warp.bookings.services import BookingRefused, booking_create
from warp.prospectus.models import Level
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs():
    return {
        "rec": make_run(course=make_course("Understanding Depression")),
        "intensive": make_run(course=make_course("Engaging with Life", level=Level.INTENSIVE)),
        "workshop": make_run(course=make_course("Distress Tolerance", level=Level.SKILLS_WORKSHOP)),
    }


def test_the_prospectus_lists_only_the_open_courses(runs, client):
    page = client.get(reverse("prospectus:prospectus")).content.decode()
    assert "Understanding Depression" in page
    assert "Engaging with Life" not in page and "Distress Tolerance" not in page


def test_a_cohort_or_workshop_run_page_explains_kindly_how_to_take_part(runs, client):
    cohort = client.get(reverse("prospectus:run-detail", args=[runs["intensive"].pk]))
    assert (
        cohort.status_code == 404
        and "by referral from a community mental health team" in cohort.content.decode()
    )
    workshop = client.get(reverse("prospectus:run-detail", args=[runs["workshop"].pk]))
    assert "held on a ward" in workshop.content.decode()
    assert client.get(reverse("prospectus:run-detail", args=[runs["rec"].pk])).status_code == 200


def test_a_student_cannot_book_a_cohort_or_a_workshop_for_themselves(runs, personas):
    student = make_student(user=personas["student"])
    learning_plan_agree(student=student, agreed_by=tutor(), hopes_and_goals="To feel calmer.")
    with pytest.raises(BookingRefused, match="by referral from a community team"):
        booking_create(student=student, course_run=runs["intensive"], by=personas["student"])
    with pytest.raises(BookingRefused, match="not booked"):
        booking_create(student=student, course_run=runs["workshop"], by=personas["student"])
    assert booking_create(student=student, course_run=runs["rec"], by=personas["student"]).booking


def test_the_booking_page_says_why_before_anyone_presses_book_and_a_post_books_nothing(
    runs, personas, client_for
):
    student = make_student(user=personas["student"], email=personas["student"].email)
    learning_plan_agree(student=student, agreed_by=tutor(), hopes_and_goals="To feel calmer.")
    client = client_for("student")
    url = reverse("bookings:book", args=[runs["intensive"].pk])
    page = client.get(url).content.decode()
    assert "closed group" in page and "Book a place</button>" not in page
    client.post(url)
    assert not Booking.objects.exists()


def test_staff_may_give_a_referred_person_a_place_on_a_cohort_but_never_book_a_workshop(runs, personas):
    student = make_student()
    learning_plan_agree(student=student, agreed_by=tutor(), hopes_and_goals="To feel calmer.")
    assert booking_create(
        student=student, course_run=runs["intensive"], by=personas["admissions_tutor"]
    ).booking
    with pytest.raises(BookingRefused):
        booking_create(student=student, course_run=runs["workshop"], by=personas["admissions_tutor"])
