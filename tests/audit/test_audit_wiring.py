"""Booking pages and changes leave audit entries naming the student."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.audit.models import AuditEntry
from warp.bookings.services import attendance_mark, booking_cancel, booking_create
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


def _active_student(personas):
    student = make_student()
    learning_plan_agree(student=student, agreed_by=personas["admissions_tutor"], hopes_and_goals="Learn")
    return student


def test_booking_and_cancelling_are_logged(personas):
    student = _active_student(personas)
    run = make_run()
    booking = booking_create(student=student, course_run=run, by=personas["admissions_tutor"]).booking
    booking_cancel(booking=booking, by=personas["admissions_tutor"], reason="Moving away")
    entries = AuditEntry.objects.filter(model="bookings.Booking", student_id=student.pk).order_by("pk")
    assert [(e.action, e.note) for e in entries] == [("create", ""), ("change", "Cancelled")]
    assert "Moving" not in entries[1].note


def test_marking_attendance_is_logged(personas):
    student = _active_student(personas)
    run = make_run(session_days=[0], trainers=[personas["peer_trainer"]])
    booking_create(student=student, course_run=run, by=None)
    session = run.sessions.get()
    now = timezone.now().replace(hour=23, minute=0)
    attendance_mark(session=session, student=student, mark="present", by=personas["peer_trainer"], now=now)
    entry = AuditEntry.objects.get(model="bookings.Attendance")
    assert (entry.student_id, entry.role) == (student.pk, "trainer")


def test_a_register_logs_a_view_for_every_student_named(personas, client_for):
    run = make_run(session_days=[0], trainers=[personas["peer_trainer"]])
    students = [_active_student(personas) for _ in range(3)]
    for student in students:
        booking_create(student=student, course_run=run, by=None)
    session = run.sessions.get()
    client_for("peer_trainer").get(reverse("bookings:register", args=[session.pk]))
    logged = set(
        AuditEntry.objects.filter(action="view", model="prospectus.Session").values_list(
            "student_id", flat=True
        )
    )
    assert logged == {s.pk for s in students}


def test_the_staff_bookings_page_is_logged(personas, client_for):
    student = _active_student(personas)
    client_for("admissions_tutor").get(reverse("bookings:student-bookings", args=[student.pk]))
    assert AuditEntry.objects.filter(action="view", model="bookings.Booking", student_id=student.pk).exists()


@pytest.mark.parametrize(
    "url_name", ["bookings:student-bookings", "students:student-edit", "students:learning-plan"]
)
def test_a_head_request_to_a_page_naming_a_student_is_logged_like_a_get(personas, client_for, url_name):
    student = _active_student(personas)
    response = client_for("admissions_tutor").head(reverse(url_name, args=[student.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="view", student_id=student.pk).exists()
