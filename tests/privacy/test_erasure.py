from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import identity, make_run, make_student
from tests.privacy.factories import full_student
from warp.accounts.models import User
from warp.audit.models import AuditEntry
from warp.bookings.models import Attendance, Booking, CalendarFeed
from warp.bookings.queries import progress_for_term
from warp.bookings.services import BookingRefused, booking_create
from warp.evaluation.queries import evaluation_report
from warp.feedback.models import Answer, FeedbackResponse
from warp.privacy.models import Erasure
from warp.privacy.services import restriction_lift, restriction_set, student_erase
from warp.students.models import LearningPlan, Student
from warp.students.services import ProcessingRestricted, learning_plan_agree

pytestmark = pytest.mark.django_db


def _report():
    return evaluation_report(start=date(2000, 1, 1), end=timezone.localdate())


def test_erasure_blanks_names_contact_details_and_free_text(personas):
    student, _ = full_student(personas, first_name="Priya", last_name="Holt", date_of_birth=date(1975, 3, 14))
    user_pk = student.user_id
    student_erase(student=student, by=personas["administrator"], basis="Article 17(1)(b)")
    student.refresh_from_db()
    assert (student.first_name, student.last_name) == ("Erased", f"student {student.pk}")
    assert (student.email, student.phone, student.address, student.support_needs) == ("", "", "", "")
    assert student.postcode == "BH1"
    assert student.date_of_birth == date(1975, 7, 1)
    plan = LearningPlan.objects.get(student=student)
    assert plan.hopes_and_goals == ""
    assert set(Booking.objects.filter(student=student).values_list("cancel_reason", flat=True)) == {""}
    assert not CalendarFeed.objects.filter(student=student).exists()
    response = FeedbackResponse.objects.get(student=student)
    assert not response.quote_consent
    assert not Answer.objects.filter(response=response, question__kind="text").exclude(text="").exists()
    assert Answer.objects.filter(response=response, rating=5).exists()  # ratings still count
    if user_pk:
        user = User.objects.get(pk=user_pk)
        assert (
            not user.is_active and user.email.endswith("@erased.invalid") and not user.has_usable_password()
        )
    assert Erasure.objects.filter(student=student, basis="Article 17(1)(b)").exists()
    assert AuditEntry.objects.filter(student_id=student.pk, action="erase").exists()


def test_erasure_keeps_every_count_in_the_reports(personas):
    student, booking = full_student(personas, identities=[identity("carer")], gender="woman")
    make_student(identities=[identity("carer"), identity("secondary-care")])
    before = _report()
    progress_before = progress_for_term(booking.course_run.term)
    bookings_before = Booking.objects.filter(student=student).values_list("status", flat=True)
    marks_before = Attendance.objects.filter(booking__student=student).count()

    student_erase(student=student, by=personas["administrator"], basis="Their request")

    after = _report()
    assert after.students.registered == before.students.registered
    assert after.students.by_identity == before.students.by_identity
    assert after.students.by_gender == before.students.by_gender
    assert after.students.age.not_provided == before.students.age.not_provided
    assert after.students.by_term == before.students.by_term
    assert progress_for_term(booking.course_run.term) == progress_before
    assert list(Booking.objects.filter(student=student).values_list("status", flat=True)) == list(
        bookings_before
    )
    assert Attendance.objects.filter(booking__student=student).count() == marks_before


def test_a_student_cannot_be_erased_twice(personas):
    student = make_student()
    student_erase(student=student, by=personas["administrator"], basis="Request")
    with pytest.raises(ValidationError):
        student_erase(student=student, by=personas["administrator"], basis="Request")


def test_two_erased_students_born_in_the_same_year_do_not_clash(personas):
    one = make_student(date_of_birth=date(1980, 2, 1))
    two = make_student(date_of_birth=date(1980, 11, 30))
    student_erase(student=one, by=None, basis="Retention")
    student_erase(student=two, by=None, basis="Retention")
    assert Student.objects.filter(date_of_birth=date(1980, 7, 1)).count() == 2


def test_a_restricted_student_is_hidden_from_lists_and_cannot_be_booked_or_planned(personas, client_for):
    student = make_student(first_name="Restricted")
    restriction_set(student=student, by=personas["administrator"], basis="Accuracy contested")
    page = client_for("admissions_tutor").get("/students/?q=Restricted")
    assert "No students match" in page.content.decode()
    with pytest.raises(ProcessingRestricted):
        learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
    with pytest.raises(BookingRefused):
        booking_create(student=student, course_run=make_run(), by=personas["admissions_tutor"])
    detail = client_for("admissions_tutor").get(f"/students/{student.pk}/")
    assert "restricted at the student's request" in detail.content.decode()
    restriction_lift(student=student, by=personas["administrator"])
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="x")
