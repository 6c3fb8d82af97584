"""Defect 2.2: an erased student leaves every working list and action, everywhere."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_review, make_run, make_student
from tests.privacy.factories import full_student
from warp.bookings.models import Booking, BookingMessage, BookingStatus, Channel
from warp.bookings.services import BookingRefused, booking_create
from warp.privacy.services import student_erase
from warp.students.models import ContactMethod, StudentStatus
from warp.students.services import (
    StudentErased,
    learning_plan_agree,
    review_code,
    review_record,
    student_update,
)

pytestmark = pytest.mark.django_db


def test_an_erased_student_leaves_waiting_for_a_plan_and_the_student_list(client_for, personas):
    waiting = make_student(first_name="Wendeline", last_name="Quarry")
    student_erase(student=waiting, by=personas["administrator"], basis="Their request")
    client = client_for("admissions_tutor")
    page = client.get(reverse("students:waiting-list")).content.decode()
    assert "Erased" not in page and "Nobody is waiting" in page
    listed = client.get(reverse("students:student-list")).content.decode()
    assert "Erased" not in listed
    found = client.get(
        reverse("students:student-list") + f"?q={waiting.registration_number}"
    ).content.decode()
    assert "No students match" in found


def test_an_erased_record_offers_no_action_and_does_not_say_they_agreed(client_for, personas):
    student, _ = full_student(personas)
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    page = (
        client_for("admissions_tutor")
        .get(reverse("students:student-detail", args=[student.pk]))
        .content.decode()
    )
    assert "Record a review" not in page
    assert "Update the learning plan" not in page and "Change details" not in page
    assert "Agreed to us keeping" not in page
    assert "This record was erased on" in page


@pytest.mark.parametrize(
    "name", ["students:student-edit", "students:learning-plan", "students:review-record"]
)
def test_the_action_pages_of_an_erased_record_send_staff_back_to_it(client_for, personas, name):
    student = make_student()
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    response = client_for("admissions_tutor").get(reverse(name, args=[student.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("students:student-detail", args=[student.pk])
    assert "has been erased" in response.content.decode()


def test_services_refuse_to_plan_review_change_code_or_book_an_erased_student(personas):
    student = make_student()
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
    review = make_review(student)
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    tutor = personas["admissions_tutor"]
    with pytest.raises(StudentErased):
        learning_plan_agree(student=student, agreed_by=tutor, hopes_and_goals="again")
    with pytest.raises(StudentErased):
        review_record(student=student, review_date=date(2024, 6, 1), changes="words", held_by=tutor)
    with pytest.raises(StudentErased):
        review_code(review=review, categories=[], by=tutor)
    with pytest.raises(ValidationError):
        student_update(student=student, updated_by=tutor, phone="07700 900999")
    with pytest.raises(BookingRefused, match="erased"):
        booking_create(student=student, course_run=make_run(), by=tutor)
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE  # kept for the counts
    assert not student.consent_to_hold_data


def test_an_erased_students_uncoded_review_leaves_the_coding_list(client_for, personas):
    student = make_student()
    make_review(student, changes="Words that will be erased")
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    page = client_for("admissions_tutor").get(reverse("students:review-coding")).content.decode()
    assert student.registration_number not in page


def test_erasure_frees_places_on_runs_not_yet_started_and_offers_them_on(personas):
    run = make_run(places=1)
    student = make_student()
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
    next_in_line = make_student()
    learning_plan_agree(student=next_in_line, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
    booking = booking_create(student=student, course_run=run, by=None).booking
    waiting = booking_create(student=next_in_line, course_run=run, by=None).booking
    assert waiting.status == BookingStatus.WAITING
    student_erase(student=student, by=personas["administrator"], basis="Their request")
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert waiting.status == BookingStatus.OFFERED


def test_people_to_contact_leaves_out_an_erased_student_and_shows_an_address_for_letters(
    client_for, personas
):
    tutor = personas["admissions_tutor"]
    by_letter = make_student(
        email="", contact_method=ContactMethod.POST, address="4 Quay Lane\nPoole", postcode="BH15 1AA"
    )
    erased = make_student(email="", contact_method=ContactMethod.PHONE, phone="07700 900333")
    for student in (by_letter, erased):
        learning_plan_agree(student=student, agreed_by=tutor, hopes_and_goals="x")
        booking_create(student=student, course_run=make_run(), by=tutor)
    assert BookingMessage.objects.filter(channel=Channel.STAFF).count() == 2
    student_erase(student=erased, by=personas["administrator"], basis="Their request")
    page = client_for("admissions_tutor").get(reverse("bookings:contact-list")).content.decode()
    assert "4 Quay Lane<br>Poole<br>BH15 1AA" in page
    assert "Erased" not in page
    assert Booking.objects.filter(student=erased, status=BookingStatus.CANCELLED).count() == 1
