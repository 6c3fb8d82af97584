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

Two more periods, each off (0) unless set, each logged as one privacy.Purge line with a count only:
- WARP_RETAIN_AUDIT_YEARS: audit entries older than this are deleted;
- WARP_RETAIN_FEEDBACK_TEXT_YEARS: free-text answers on feedback given before then are blanked (and the
  response's consent to quote withdrawn, as there is nothing left to quote); ratings and choices stay, so
  report counts do not change.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from warp import audit
from warp.audit.models import AuditEntry
from warp.bookings.models import Attendance, Booking
from warp.feedback.models import Answer, FeedbackResponse, QuestionKind
from warp.privacy.models import Erasure, ErasureReason, Purge, PurgeKind, RequestState, SubjectRequest
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


@dataclass(frozen=True)
class PurgeResult:
    kind: str
    years: int  # 0: this kind is kept for ever, nothing was looked at
    cutoff: datetime | None
    count: int
    applied: bool


def _old_feedback_text(cutoff: datetime) -> QuerySet[Answer]:
    return Answer.objects.filter(
        question__kind=QuestionKind.TEXT, response__submitted_on__lt=cutoff.date()
    ).exclude(text="")


PURGE_SETTINGS = {
    PurgeKind.AUDIT: "WARP_RETAIN_AUDIT_YEARS",
    PurgeKind.FEEDBACK_TEXT: "WARP_RETAIN_FEEDBACK_TEXT_YEARS",
}
PURGE_MODELS = {PurgeKind.AUDIT: "audit.AuditEntry", PurgeKind.FEEDBACK_TEXT: "feedback.Answer"}


@transaction.atomic
def purge_apply(*, kind: str, now: datetime, dry_run: bool, years: int | None = None) -> PurgeResult:
    """Count (dry_run=True), or delete or blank (dry_run=False), the audit entries (kind "audit") or free-text
    feedback answers ("feedback_text") older than their retention period. When any went: one Purge line in
    the destruction log and one audit entry, both with the count only."""
    kind = PurgeKind(kind)
    years = getattr(settings, PURGE_SETTINGS[kind]) if years is None else years
    if not years:
        return PurgeResult(kind=kind, years=0, cutoff=None, count=0, applied=False)
    cutoff = retention_cutoff(now=now, years=years)
    if kind == PurgeKind.AUDIT:
        if dry_run:
            count = AuditEntry.objects.filter(at__lt=cutoff).count()
        else:
            count = AuditEntry.objects.purge_before(cutoff)
    else:
        answers = _old_feedback_text(cutoff)
        if dry_run:
            count = answers.count()
        else:
            FeedbackResponse.objects.filter(pk__in=answers.values("response")).update(quote_consent=False)
            count = answers.update(text="")
    if count and not dry_run:
        basis = f"{kind.label} after the retention period of {years} years ({PURGE_SETTINGS[kind]})."
        Purge.objects.create(at=now, kind=kind, count=count, before=cutoff, basis=basis)
        audit.record(action="delete", model=PURGE_MODELS[kind], user=None, note=f"Retention: {count} rows")
    return PurgeResult(kind=kind, years=years, cutoff=cutoff, count=count, applied=not dry_run)
