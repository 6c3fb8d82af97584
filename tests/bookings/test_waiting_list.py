from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.bookings.models import BookingStatus
from warp.bookings.services import (
    BookingRefused,
    booking_cancel,
    booking_create,
    booking_offer_accept,
    booking_offer_decline,
    booking_offer_make,
    offers_expire,
)

pytestmark = pytest.mark.django_db


def _full_run_with_queue(places=1, waiting=2):
    run = make_run(places=places)
    booked = [booking_create(student=make_student(), course_run=run, by=None).booking for _ in range(places)]
    queue = [booking_create(student=make_student(), course_run=run, by=None).booking for _ in range(waiting)]
    return run, booked, queue


def _reload(booking):
    booking.refresh_from_db()
    return booking


def test_cancellation_offers_place_to_next(settings, django_capture_on_commit_callbacks):
    settings.WARP_OFFER_HOURS = 48
    run, booked, queue = _full_run_with_queue()
    mail.outbox.clear()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booked[0], by=None, now=now)
    first, second = _reload(queue[0]), _reload(queue[1])
    assert first.status == BookingStatus.OFFERED
    assert first.offer_expires_at == now + timedelta(hours=48)
    assert second.status == BookingStatus.WAITING
    assert [m.to for m in mail.outbox] == [[first.student.email]]
    assert "A place is free for you" in mail.outbox[0].subject


def test_cancelling_a_place_in_the_queue_offers_nothing():
    run, booked, queue = _full_run_with_queue()
    booking_cancel(booking=queue[0], by=None)
    assert _reload(queue[1]).status == BookingStatus.WAITING


def test_offer_accept_books_the_place():
    run, booked, queue = _full_run_with_queue()
    booking_cancel(booking=booked[0], by=None)
    accepted = booking_offer_accept(booking=queue[0], by=None)
    assert accepted.status == BookingStatus.BOOKED


def test_an_expired_offer_cannot_be_accepted():
    run, booked, queue = _full_run_with_queue()
    now = timezone.now()
    booking_cancel(booking=booked[0], by=None, now=now)
    with pytest.raises(BookingRefused, match="run out"):
        booking_offer_accept(booking=queue[0], by=None, now=now + timedelta(hours=49))


def test_offer_decline_passes_it_on():
    run, booked, queue = _full_run_with_queue()
    booking_cancel(booking=booked[0], by=None)
    declined = booking_offer_decline(booking=_reload(queue[0]), by=None)
    assert declined.status == BookingStatus.CANCELLED
    assert declined.cancel_reason == "offer declined"
    assert _reload(queue[1]).status == BookingStatus.OFFERED


def test_offer_expiry_passes_it_on(settings):
    settings.WARP_OFFER_HOURS = 48
    run, booked, queue = _full_run_with_queue()
    now = timezone.now()
    booking_cancel(booking=booked[0], by=None, now=now)

    assert offers_expire(now=now + timedelta(hours=47)) == 0
    assert _reload(queue[0]).status == BookingStatus.OFFERED

    later = now + timedelta(hours=48, minutes=1)
    assert offers_expire(now=later) == 1
    expired, next_one = _reload(queue[0]), _reload(queue[1])
    assert expired.status == BookingStatus.CANCELLED
    assert expired.cancel_reason == "offer expired"
    assert next_one.status == BookingStatus.OFFERED
    assert next_one.offer_expires_at == later + timedelta(hours=48)


def test_manual_offer_to_a_chosen_waiting_student_when_a_place_is_free(personas):
    run, booked, queue = _full_run_with_queue(waiting=3)
    run.places = 2  # the manager found a bigger room; nobody has been offered the new place yet
    run.save()
    chosen = booking_offer_make(booking=queue[2], by=personas["admissions_tutor"])
    assert chosen.status == BookingStatus.OFFERED
    assert chosen.offered_by == personas["admissions_tutor"]
    assert _reload(queue[0]).status == BookingStatus.WAITING


def test_manual_offer_over_capacity_needs_an_explicit_choice(personas):
    run, booked, queue = _full_run_with_queue()
    with pytest.raises(BookingRefused, match="Offer even though the run is full"):
        booking_offer_make(booking=queue[1], by=personas["admissions_tutor"])
    assert _reload(queue[1]).status == BookingStatus.WAITING
    offered = booking_offer_make(booking=queue[1], by=personas["admissions_tutor"], allow_over_capacity=True)
    assert offered.status == BookingStatus.OFFERED
