"""The benchmark generator, at a small size: the shape of the centre it builds (not its speed)."""

from datetime import date

import pytest
from django.db.models import Count, Exists, F, OuterRef, Q

from bench.generate import generate
from warp.bookings.models import Attendance, Booking
from warp.feedback.models import FeedbackResponse
from warp.prospectus.models import CourseRun, Session
from warp.students.models import LearningPlan, LearningPlanReview, Student
from warp.teams.models import Team, TripRound

TODAY = date(2026, 3, 2)


@pytest.fixture
def centre(db):
    return generate(students=300, today=TODAY, quiet=True)


def _about(count: int, expected: float) -> bool:
    """Within a factor of two of the 100,000-student totals scaled down (small sizes round runs up)."""
    return expected / 2 <= count <= expected * 2


def test_counts_are_in_proportion_to_the_students(centre):
    share = 300 / 100_000
    assert Student.objects.count() == 300
    assert _about(LearningPlan.objects.count(), 50_000 * share)
    assert _about(LearningPlanReview.objects.count(), 50_000 * share)
    no_change = LearningPlanReview.categories.through.objects.filter(
        learningplanreview=OuterRef("pk"), outcomecategory__is_no_change=True
    )
    coded = LearningPlanReview.objects.annotate(n=Count("categories"))
    assert coded.filter(n=2).exists()
    assert not coded.filter(Exists(no_change), n__gt=1).exists()  # "No change" stands alone
    assert _about(Booking.objects.count(), 300_000 * share)
    assert _about(Attendance.objects.count(), 1_500_000 * share)
    assert _about(FeedbackResponse.objects.count(), 100_000 * share)
    assert Session.objects.count() >= 4 * CourseRun.objects.count()
    assert Team.objects.count() == 3
    assert TripRound.objects.exists()
    assert Booking.objects.filter(status="waiting").exists()
    present = Attendance.objects.filter(mark="present").count()
    assert 0.6 < present / Attendance.objects.count() < 0.8  # about 70% attendance


def test_every_run_is_co_delivered_by_a_peer_and_a_professional_trainer(centre):
    runs = CourseRun.objects.annotate(
        peers=Count("run_trainers", filter=Q(run_trainers__trainer__trainer_kind="peer")),
        professionals=Count("run_trainers", filter=Q(run_trainers__trainer__trainer_kind="professional")),
    )
    assert runs.count() == 9
    assert not runs.filter(Q(peers=0) | Q(professionals=0)).exists()


def test_no_run_is_overbooked(centre):
    runs = CourseRun.objects.annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=["booked", "offered"]))
    )
    assert not runs.filter(taken__gt=F("places")).exists()


def test_marks_are_only_for_booked_students_on_that_run_sessions_already_held(centre):
    assert Attendance.objects.exists()
    assert not Attendance.objects.exclude(booking__status="booked").exists()
    assert not Attendance.objects.exclude(session__course_run=F("booking__course_run")).exists()
    assert not Attendance.objects.filter(session__date__gte=TODAY).exists()


def test_only_students_with_an_agreed_plan_book(centre):
    assert not Booking.objects.exclude(student__status="active").exists()
    assert not Booking.objects.filter(student__learning_plan__isnull=True).exists()


def test_the_generator_refuses_a_database_that_already_has_students(centre):
    with pytest.raises(SystemExit):
        generate(students=10, today=TODAY, quiet=True)
