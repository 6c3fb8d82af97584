import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_run, make_student, make_term
from warp.accounts.models import Role, TrainerKind, User
from warp.bookings.models import Attendance, Booking, BookingStatus, Mark
from warp.bookings.queries import registers_not_taken
from warp.demo import DemoContext
from warp.demo import bookings as demo_bookings
from warp.prospectus.models import Session

pytestmark = pytest.mark.django_db


def _centre():
    """What the other demo parts would leave: trainers, Sam, 120 active students, 24 published runs."""
    peer = User.objects.create_user(
        "peer.trainer@example.org", "x", role=Role.TRAINER, trainer_kind=TrainerKind.PEER
    )
    sam_user = User.objects.create_user("sam.student@example.org", "x")
    sam = make_student(first_name="Sam", user=sam_user)
    for _ in range(120):
        make_student()
    # A term holding every session below (a session outside its term's dates needs the manager's tick).
    term = make_term(
        starts_on=timezone.localdate() - timedelta(days=70),
        ends_on=timezone.localdate() + timedelta(days=120),
    )
    for i in range(24):
        # Runs spread from 10 weeks ago to 6 weeks ahead, each of four weekly sessions.
        start = -70 + i * 7
        make_run(places=12, term=term, session_days=[start + 7 * k for k in range(4)])
    return peer, sam


def test_demo_bookings_give_full_runs_registers_and_what_the_demo_logins_need():
    peer, sam = _centre()
    demo_bookings.build(DemoContext(rng=random.Random(2012), today=date.today()))

    for run_id, places in Booking.objects.values_list("course_run_id", "course_run__places").distinct():
        taken = Booking.objects.filter(course_run_id=run_id, status__in=["booked", "offered"]).count()
        assert taken <= places
    assert Booking.objects.filter(status=BookingStatus.WAITING).exists()
    assert Booking.objects.filter(status=BookingStatus.OFFERED).count() == 3
    assert Booking.objects.filter(status=BookingStatus.CANCELLED).exists()

    present = Attendance.objects.filter(mark=Mark.PRESENT).count()
    assert 0.6 < present / Attendance.objects.count() < 0.8
    assert registers_not_taken().count() >= 3

    today = timezone.localdate()
    assert sam.bookings.filter(status=BookingStatus.WAITING).exists()
    assert Session.objects.filter(
        course_run__bookings__student=sam, course_run__bookings__status="booked", date__gt=today
    ).exists()
    assert Session.objects.filter(
        course_run__run_trainers__trainer=peer, date__gte=today, date__lte=today + timedelta(days=3)
    ).exists()


def test_demo_bookings_do_nothing_without_runs_or_students():
    demo_bookings.build(DemoContext(rng=random.Random(1), today=date.today()))
    assert not Booking.objects.exists()
