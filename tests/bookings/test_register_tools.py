"""Register tools: mark everyone present, and students who turn up without a booking (issue 14, section 3)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.audit.models import AuditEntry
from warp.bookings.models import Attendance, Booking, BookingStatus, Mark
from warp.bookings.services import BookingRefused, booking_create, booking_walk_in
from warp.students.models import StudentStatus

pytestmark = pytest.mark.django_db


def _started_run(personas, **kw):
    run = make_run(session_days=[0], trainers=[personas["peer_trainer"]], **kw)
    session = run.sessions.get()
    session.date = timezone.localdate() - timedelta(days=1)
    session.save()
    return run, session


def test_mark_everyone_present_keeps_chosen_marks_and_fills_the_rest(personas, client_for):
    run = make_run(session_days=[7], trainers=[personas["peer_trainer"]])
    a, b, c = (make_student() for _ in range(3))
    for student in (a, b, c):
        booking_create(student=student, course_run=run, by=None)
    session = run.sessions.get()
    session.date = timezone.localdate() - timedelta(days=1)
    session.save()
    bookings = {bk.student_id: bk.pk for bk in run.bookings.all()}
    client = client_for("peer_trainer")
    client.post(
        reverse("bookings:register", args=[session.pk]),
        {f"mark_{bookings[b.pk]}": "apologies", "everyone": "present"},
    )
    marks = dict(Attendance.objects.values_list("booking__student_id", "mark"))
    assert marks == {a.pk: Mark.PRESENT, b.pk: Mark.APOLOGIES, c.pk: Mark.PRESENT}


def test_saving_without_mark_everyone_present_leaves_gaps(personas, client_for):
    run, session = _started_run(personas)
    a, b = make_student(), make_student()
    booking_create(student=a, course_run=run, by=None)
    booking_create(student=b, course_run=run, by=None)
    booking = run.bookings.get(student=a)
    client_for("peer_trainer").post(
        reverse("bookings:register", args=[session.pk]), {f"mark_{booking.pk}": "absent"}
    )
    assert dict(Attendance.objects.values_list("booking__student_id", "mark")) == {a.pk: Mark.ABSENT}


def test_a_walk_in_with_a_plan_gets_a_place_and_a_mark_even_on_a_full_run(personas, client_for):
    run, session = _started_run(personas, places=1)
    booking_create(student=make_student(), course_run=run, by=None)
    walk_in = make_student(first_name="Robin")
    mail.outbox.clear()
    answer = client_for("peer_trainer").post(
        reverse("bookings:register-walk-in", args=[session.pk]),
        {"registration_number": walk_in.registration_number.lower(), "last_name": walk_in.last_name.upper()},
        follow=True,
    )
    assert f"{walk_in.full_name} is given a place and marked present." in answer.content.decode()
    booking = Booking.objects.get(student=walk_in, course_run=run)
    assert booking.status == BookingStatus.BOOKED
    assert booking.created_by == personas["peer_trainer"]
    assert Attendance.objects.get(booking=booking, session=session).mark == Mark.PRESENT
    assert AuditEntry.objects.filter(student_id=walk_in.pk, note="Walk-in").exists()
    assert mail.outbox == []  # they are in the room: no confirmation email


def test_a_walk_in_who_was_waiting_takes_their_place(personas):
    run, session = _started_run(personas, places=1)
    booking_create(student=make_student(), course_run=run, by=None)
    waiting = make_student()
    booking_create(student=waiting, course_run=run, by=None)
    result = booking_walk_in(session=session, student=waiting, by=personas["peer_trainer"])
    assert result.booking.status == BookingStatus.BOOKED
    assert Booking.objects.filter(student=waiting, course_run=run).count() == 1


def test_a_walk_in_without_a_plan_is_refused_kindly_and_the_number_is_kept(personas, client_for):
    run, session = _started_run(personas)
    newcomer = make_student(status=StudentStatus.AWAITING_PLAN)
    page = client_for("peer_trainer").post(
        reverse("bookings:register-walk-in", args=[session.pk]),
        {"registration_number": newcomer.registration_number, "last_name": newcomer.last_name},
    )
    text = page.content.decode()
    assert "has not agreed a learning plan yet" in text
    assert f'value="{newcomer.registration_number}"' in text
    assert not Booking.objects.filter(student=newcomer).exists()


def test_an_unknown_registration_number_says_what_to_do(personas, client_for):
    run, session = _started_run(personas)
    page = client_for("peer_trainer").post(
        reverse("bookings:register-walk-in", args=[session.pk]),
        {"registration_number": "NOPE-1", "last_name": "Moss"},
    )
    assert "We cannot find a student with the registration number NOPE-1 and the last name Moss" in (
        page.content.decode()
    )


def test_a_right_number_with_another_last_name_names_nobody_and_adds_nobody(personas, client_for):
    run, session = _started_run(personas)
    someone = make_student(first_name="Robin", last_name="Ashdown")
    page = client_for("peer_trainer").post(
        reverse("bookings:register-walk-in", args=[session.pk]),
        {"registration_number": someone.registration_number, "last_name": "Moss"},
    )
    text = page.content.decode()
    assert "We cannot find a student with the registration number" in text
    assert "Robin" not in text and "Ashdown" not in text
    assert not Booking.objects.filter(student=someone).exists()


def test_nobody_is_added_before_the_session_starts(personas):
    run = make_run(session_days=[7], trainers=[personas["peer_trainer"]])
    with pytest.raises(BookingRefused, match="has not started yet"):
        booking_walk_in(session=run.sessions.get(), student=make_student(), by=personas["peer_trainer"])
    assert not Attendance.objects.exists()
