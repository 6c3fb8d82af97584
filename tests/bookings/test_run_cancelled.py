from django.core import mail

from tests.factories import make_run, make_student
from warp.bookings.models import Booking, BookingStatus
from warp.bookings.services import booking_create
from warp.prospectus.services import course_run_cancel


def test_cancelling_a_run_cancels_its_bookings_and_tells_each_student(
    personas, django_capture_on_commit_callbacks
):
    run = make_run(places=1)
    booked = booking_create(student=make_student(email="one@example.org"), course_run=run, by=None).booking
    waiting = booking_create(student=make_student(email="two@example.org"), course_run=run, by=None).booking
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        course_run_cancel(course_run=run, by=personas["centre_manager"])

    statuses = set(Booking.objects.filter(pk__in=[booked.pk, waiting.pk]).values_list("status", flat=True))
    assert statuses == {BookingStatus.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert Booking.objects.get(pk=booked.pk).cancel_reason == "The centre cancelled this course run."
