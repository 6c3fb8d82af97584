import threading

import pytest
from django.db import connection, connections

from tests.factories import make_run, make_student
from warp.bookings.models import Booking, BookingStatus
from warp.bookings.queries import with_waiting_position
from warp.bookings.services import booking_create


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_people_booking_at_the_same_moment_fill_five_places_and_queue_the_rest_in_arrival_order():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: real row locks and one connection per thread (SQLite serialises writers)."
        )
    run = make_run(places=5)
    students = [make_student() for _ in range(20)]
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def book(student):
        try:
            barrier.wait(timeout=30)
            booking_create(student=student, course_run=run, by=None)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread opened its own connection

    threads = [threading.Thread(target=book, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    bookings = list(
        with_waiting_position(Booking.objects.filter(course_run=run)).order_by("created_at", "pk")
    )
    statuses = [b.status for b in bookings]
    assert statuses.count(BookingStatus.BOOKED) == 5
    assert statuses.count(BookingStatus.WAITING) == 15
    # The lock makes bookings happen one at a time, so the five places went to the first five to arrive
    # and the queue follows arrival (creation) order.
    assert statuses == [BookingStatus.BOOKED] * 5 + [BookingStatus.WAITING] * 15
    waiting = [b for b in bookings if b.status == BookingStatus.WAITING]
    assert [b.waiting_position for b in waiting] == list(range(1, 16))
