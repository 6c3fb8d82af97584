from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.bookings.models import BookingStatus
from warp.bookings.services import BookingRefused, booking_cancel, booking_create, clashes_for
from warp.prospectus.models import RunStatus
from warp.students.models import StudentStatus

pytestmark = pytest.mark.django_db


def test_booking_a_run_with_places_left_gives_a_place():
    run = make_run(places=2)
    result = booking_create(student=make_student(), course_run=run, by=None)
    assert result.booking.status == BookingStatus.BOOKED
    assert not result.is_waiting


def test_full_course_run_puts_student_on_waiting_list():
    run = make_run(places=1)
    booking_create(student=make_student(), course_run=run, by=None)
    result = booking_create(student=make_student(), course_run=run, by=None)
    assert result.booking.status == BookingStatus.WAITING


def test_an_offered_place_counts_as_taken():
    run = make_run(places=1)
    first = booking_create(student=make_student(), course_run=run, by=None).booking
    booking_create(student=make_student(), course_run=run, by=None)  # waiting
    booking_cancel(booking=first, by=None)  # the waiting student is offered the place
    third = booking_create(student=make_student(), course_run=run, by=None).booking
    assert third.status == BookingStatus.WAITING


def test_inactive_student_is_refused_with_a_reason():
    run = make_run()
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    with pytest.raises(BookingRefused, match="learning plan with one of our admissions tutors"):
        booking_create(student=student, course_run=run, by=None)
    assert not run.bookings.exists()


@pytest.mark.parametrize("status", [RunStatus.DRAFT, RunStatus.CANCELLED])
def test_only_published_runs_can_be_booked(status):
    run = make_run(status=status)
    with pytest.raises(BookingRefused, match="not open for booking"):
        booking_create(student=make_student(), course_run=run, by=None)


def test_booking_outside_the_booking_window_is_refused():
    now = timezone.now()
    run = make_run()
    run.booking_opens_at = now + timedelta(days=1)
    run.save()
    with pytest.raises(BookingRefused, match="opens on"):
        booking_create(student=make_student(), course_run=run, by=None, now=now)
    run.booking_opens_at = now - timedelta(days=5)
    run.booking_closes_at = now - timedelta(days=1)
    run.save()
    with pytest.raises(BookingRefused, match="has closed"):
        booking_create(student=make_student(), course_run=run, by=None, now=now)


def test_one_booking_per_student_per_run():
    run = make_run()
    student = make_student()
    booking_create(student=student, course_run=run, by=None)
    with pytest.raises(BookingRefused, match="already on this course run"):
        booking_create(student=student, course_run=run, by=None)
    assert run.bookings.count() == 1


def test_a_cancelled_booking_may_be_followed_by_a_new_one():
    run = make_run()
    student = make_student()
    first = booking_create(student=student, course_run=run, by=None).booking
    booking_cancel(booking=first, by=None)
    again = booking_create(student=student, course_run=run, by=None).booking
    assert again.status == BookingStatus.BOOKED


def test_clash_warning_names_the_overlapping_course():
    student = make_student()
    other = make_run(title="Early Warning Signs", session_days=[7])
    booking_create(student=student, course_run=other, by=None)
    run = make_run(title="Recovery Narratives", session_days=[7, 14])
    result = booking_create(student=student, course_run=run, by=None)
    assert len(result.clashes) == 1
    assert "Early Warning Signs also meets on" in result.clashes[0]


def test_no_clash_warning_for_sessions_that_do_not_overlap_or_a_cancelled_booking():
    from datetime import time

    student = make_student()
    afternoon = make_run(session_days=[7], starts_at=time(14), ends_at=time(16))
    booking_create(student=student, course_run=afternoon, by=None)
    cancelled = booking_create(student=student, course_run=make_run(session_days=[7]), by=None).booking
    booking_cancel(booking=cancelled, by=None)
    assert clashes_for(student=student, course_run=make_run(session_days=[7])) == []


def test_late_cancellation_flagged(settings):
    settings.WARP_LATE_CANCELLATION_HOURS = 48
    run = make_run(session_days=[1])  # tomorrow at 10:00, within 48 hours
    booking = booking_create(student=make_student(), course_run=run, by=None).booking
    cancelled = booking_cancel(booking=booking, by=None, reason="Feeling unwell")
    assert cancelled.is_late
    assert cancelled.cancel_reason == "Feeling unwell"
    assert cancelled.cancelled_at is not None


def test_cancellation_in_good_time_is_not_late(settings):
    settings.WARP_LATE_CANCELLATION_HOURS = 48
    run = make_run(session_days=[7])
    booking = booking_create(student=make_student(), course_run=run, by=None).booking
    assert not booking_cancel(booking=booking, by=None).is_late


def test_sequential_bookings_never_exceed_capacity_and_queue_in_arrival_order():
    """The SQLite-safe version of the concurrency rule: 20 bookings onto 5 places, one after another."""
    run = make_run(places=5)
    bookings = [booking_create(student=make_student(), course_run=run, by=None).booking for _ in range(20)]
    assert [b.status for b in bookings] == [BookingStatus.BOOKED] * 5 + [BookingStatus.WAITING] * 15
    from warp.bookings.queries import with_waiting_position

    positions = dict(with_waiting_position(run.bookings.all()).values_list("pk", "waiting_position"))
    assert [positions[b.pk] for b in bookings[5:]] == list(range(1, 16))
