"""Retention: anonymise students who have had nothing to do with the centre for WARP_RETAIN_INACTIVE_STUDENT_YEARS.

"Inactive since the cut-off" means ALL of these are before the cut-off (now minus N years):
- the day they registered (Student.registered_on);
- every booking made or changed (Booking.created_at, Booking.updated_at — a cancellation changes it);
- every attendance mark on their bookings (Attendance.marked_at);
- their learning plan agreed or changed (LearningPlan.agreed_on, LearningPlan.updated_at);
- every Learning Plan Review (LearningPlanReview.review_date, created_at);
- their last sign-in to the student portal (User.last_login), if they have an account.
Already-erased students are skipped, and so is anyone with an open data request (it must be decided first).
Erasure is the same as for a request (privacy.services.student_erase), with reason "retention", so the
destruction log (privacy.Erasure) records each one and every report count stays the same.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from warp.bookings.models import Attendance, Booking
from warp.privacy.models import Erasure, ErasureReason, RequestState, SubjectRequest
from warp.privacy.services import student_erase
from warp.students.models import LearningPlan, LearningPlanReview, Student


def retention_cutoff(*, now: datetime, years: int | None = None) -> datetime:
    years = settings.WARP_RETAIN_INACTIVE_STUDENT_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=now.year - years, day=28)


def retention_candidates(*, now: datetime, years: int | None = None) -> QuerySet[Student]:
    """Students inactive since the cut-off (see the module docstring), oldest registration first. One query."""
    cutoff = retention_cutoff(now=now, years=years)
    cutoff_day = cutoff.date()
    student = OuterRef("pk")
    recent_booking = Booking.objects.filter(student=student).filter(
        Q(created_at__gte=cutoff) | Q(updated_at__gte=cutoff)
    )
    recent_mark = Attendance.objects.filter(booking__student=student, marked_at__gte=cutoff)
    recent_plan = LearningPlan.objects.filter(student=student).filter(
        Q(agreed_on__gte=cutoff_day) | Q(updated_at__gte=cutoff)
    )
    recent_review = LearningPlanReview.objects.filter(student=student).filter(
        Q(review_date__gte=cutoff_day) | Q(created_at__gte=cutoff)
    )
    open_request = SubjectRequest.objects.filter(student=student, state=RequestState.OPEN)
    return (
        Student.objects.filter(registered_on__lt=cutoff_day)
        .exclude(user__last_login__gte=cutoff)
        .exclude(Exists(Erasure.objects.filter(student=student)))
        .exclude(Exists(recent_booking))
        .exclude(Exists(recent_mark))
        .exclude(Exists(recent_plan))
        .exclude(Exists(recent_review))
        .exclude(Exists(open_request))
        .order_by("registered_on", "pk")
    )


@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime
    students: list[Student]
    applied: bool


def retention_apply(*, now: datetime, dry_run: bool, years: int | None = None) -> RetentionResult:
    """List (dry_run=True) or anonymise (dry_run=False) every retention candidate, one transaction each."""
    years = settings.WARP_RETAIN_INACTIVE_STUDENT_YEARS if years is None else years
    cutoff = retention_cutoff(now=now, years=years)
    students = list(retention_candidates(now=now, years=years))
    if not dry_run:
        basis = (
            f"No activity since {cutoff:%Y-%m-%d}: retention period of {years} years for inactive students."
        )
        for student in students:
            student_erase(student=student, by=None, basis=basis, reason=ErasureReason.RETENTION, now=now)
    return RetentionResult(cutoff=cutoff, students=students, applied=not dry_run)
