"""What managers do with the prospectus: courses, venues, terms, course runs, their sessions and trainers.

Every write goes through here, so each rule (the co-delivery rule above all) lives in one place.
`by` names the person acting; it is kept in the signature for the audit log.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from warp.accounts.models import Role, TrainerKind, User
from warp.prospectus.models import (
    CoProducer,
    Course,
    CourseRun,
    CourseRunTrainer,
    RunStatus,
    Session,
    Term,
    Venue,
)
from warp.prospectus.signals import course_run_cancelled


@dataclass(frozen=True)
class CoProducerInput:
    name: str
    perspective: str


def _apply(instance, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def _replace_co_producers(course: Course, co_producers: Iterable[CoProducerInput]) -> None:
    course.co_producers.all().delete()
    for entry in co_producers:
        row = CoProducer(course=course, name=entry.name.strip(), perspective=entry.perspective)
        row.full_clean()
        row.save()


# Courses


@transaction.atomic
def course_create(*, by: User, co_producers: Iterable[CoProducerInput] = (), **fields: Any) -> Course:
    """Add a course to the catalogue with the people who designed it."""
    course = Course(**fields)
    course.full_clean()
    course.save()
    _replace_co_producers(course, co_producers)
    return course


@transaction.atomic
def course_update(
    *, course: Course, by: User, co_producers: Iterable[CoProducerInput] | None = None, **fields: Any
) -> Course:
    """Change a course; when co_producers is given it replaces the whole co-production record."""
    _apply(course, fields)
    course.full_clean()
    course.save()
    if co_producers is not None:
        _replace_co_producers(course, co_producers)
    return course


# Venues and terms


@transaction.atomic
def venue_create(*, by: User, **fields: Any) -> Venue:
    venue = Venue(**fields)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def venue_update(*, venue: Venue, by: User, **fields: Any) -> Venue:
    _apply(venue, fields)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def term_create(*, by: User, **fields: Any) -> Term:
    term = Term(**fields)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def term_update(*, term: Term, by: User, **fields: Any) -> Term:
    _apply(term, fields)
    term.full_clean()
    term.save()
    return term


# Course runs


@transaction.atomic
def course_run_create(*, by: User, course: Course, term: Term, **fields: Any) -> CourseRun:
    """A new run starts as a draft: it needs trainers and sessions before it can be published."""
    run = CourseRun(course=course, term=term, status=RunStatus.DRAFT, **fields)
    run.full_clean()
    run.save()
    return run


@transaction.atomic
def course_run_update(*, course_run: CourseRun, by: User, **fields: Any) -> CourseRun:
    fields.pop("status", None)  # status changes only through publish / unpublish / cancel
    _apply(course_run, fields)
    course_run.full_clean()
    course_run.save()
    return course_run


def course_run_publish_problems(course_run: CourseRun) -> list[str]:
    """What stops this run being published, each saying what to do. Empty when it may be published."""
    problems = []
    if course_run.status == RunStatus.CANCELLED:
        problems.append("This course run is cancelled. Move it back to draft first, then publish it.")
    kinds = set(course_run.run_trainers.values_list("trainer__trainer_kind", flat=True))
    if TrainerKind.PEER not in kinds:
        problems.append(
            "It has no peer trainer. Every course run is co-delivered: add a peer trainer under Trainers."
        )
    if TrainerKind.PROFESSIONAL not in kinds:
        problems.append(
            "It has no professional trainer. Every course run is co-delivered: "
            "add a professional trainer under Trainers."
        )
    if not course_run.sessions.exists():
        problems.append("It has no sessions. Add at least one session under Sessions.")
    return problems


@transaction.atomic
def course_run_publish(*, course_run: CourseRun, by: User) -> CourseRun:
    """Show the run in the public prospectus so students can book.

    Refused (ValidationError listing every problem) unless the run has at least one peer trainer, at
    least one professional trainer and at least one session.
    """
    # Lock the row so two managers changing the same run take turns; read the status afresh.
    course_run.status = (
        CourseRun.objects.select_for_update().values_list("status", flat=True).get(pk=course_run.pk)
    )
    problems = course_run_publish_problems(course_run)
    if problems:
        raise ValidationError(["This course run cannot be published yet.", *problems])
    course_run.status = RunStatus.PUBLISHED
    course_run.full_clean()
    course_run.save(update_fields=["status", "updated_at"])
    return course_run


@transaction.atomic
def course_run_unpublish(*, course_run: CourseRun, by: User) -> CourseRun:
    """Back to draft: taken out of the prospectus (bookings already made are kept)."""
    course_run.status = RunStatus.DRAFT
    course_run.save(update_fields=["status", "updated_at"])
    return course_run


@transaction.atomic
def course_run_cancel(*, course_run: CourseRun, by: User) -> CourseRun:
    """The run will not take place. Booked students are told by the bookings app, through the signal."""
    course_run.status = RunStatus.CANCELLED
    course_run.save(update_fields=["status", "updated_at"])
    course_run_cancelled.send(sender=CourseRun, course_run=course_run, by=by)
    return course_run


@transaction.atomic
def course_run_trainer_add(*, course_run: CourseRun, trainer: User, by: User) -> CourseRunTrainer:
    if trainer.role != Role.TRAINER:
        raise ValidationError("Only people with a trainer account can co-deliver a course run.")
    if course_run.run_trainers.filter(trainer=trainer).exists():
        raise ValidationError(f"{trainer} already co-delivers this course run.")
    assignment = CourseRunTrainer(course_run=course_run, trainer=trainer)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def course_run_trainer_remove(*, assignment: CourseRunTrainer, by: User) -> None:
    """Remove a trainer. A published run must keep one peer and one professional trainer."""
    run = CourseRun.objects.select_for_update().get(pk=assignment.course_run_id)
    if run.status == RunStatus.PUBLISHED:
        kind = assignment.trainer.trainer_kind
        others = run.run_trainers.exclude(pk=assignment.pk).filter(trainer__trainer_kind=kind)
        if not others.exists():
            label = TrainerKind(kind).label.lower()
            raise ValidationError(
                f"This published course run needs at least one {label}. "
                f"Add another {label} first, or move the run back to draft."
            )
    assignment.delete()


@transaction.atomic
def session_create(*, course_run: CourseRun, by: User, **fields: Any) -> Session:
    session = Session(course_run=course_run, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, session: Session, by: User, **fields: Any) -> Session:
    _apply(session, fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    run = CourseRun.objects.select_for_update().get(pk=session.course_run_id)
    if run.status == RunStatus.PUBLISHED and run.sessions.count() == 1:
        raise ValidationError(
            "A published course run needs at least one session. Add another session first, "
            "or move the run back to draft."
        )
    session.delete()


# Copying a term


def term_shift(*, from_term: Term, to_term: Term) -> timedelta:
    """The difference between the terms' start dates, rounded to whole weeks so weekdays are kept."""
    days = (to_term.starts_on - from_term.starts_on).days
    return timedelta(weeks=round(days / 7))


def _shift(value: datetime | None, delta: timedelta) -> datetime | None:
    """Move a moment by whole weeks of local time, so 9am stays 9am across a clock change."""
    if value is None:
        return None
    local = timezone.localtime(value).replace(tzinfo=None)
    return timezone.make_aware(local + delta)


@transaction.atomic
def term_copy_runs(*, from_term: Term, to_term: Term, by: User) -> list[CourseRun]:
    """Copy every run of from_term (except cancelled ones) into to_term as drafts.

    Each copy keeps the course, places, trainers and sessions (times, venue, room, online or not);
    dates and the booking window move by the difference between the terms' start dates, rounded to
    whole weeks so each session stays on the same weekday. Joining links are not copied: online
    meetings usually need a fresh link.
    """
    if from_term.pk == to_term.pk:
        raise ValidationError("Choose a different term to copy from: a term cannot be copied into itself.")
    delta = term_shift(from_term=from_term, to_term=to_term)
    sources = (
        CourseRun.objects.filter(term=from_term)
        .exclude(status=RunStatus.CANCELLED)
        .prefetch_related("sessions", "run_trainers")
        .order_by("course__title", "pk")
    )
    copies = []
    for source in sources:
        run = CourseRun(
            course_id=source.course_id,
            term=to_term,
            places=source.places,
            booking_opens_at=_shift(source.booking_opens_at, delta),
            booking_closes_at=_shift(source.booking_closes_at, delta),
            status=RunStatus.DRAFT,
        )
        run.full_clean()
        run.save()
        CourseRunTrainer.objects.bulk_create(
            CourseRunTrainer(course_run=run, trainer_id=a.trainer_id) for a in source.run_trainers.all()
        )
        Session.objects.bulk_create(
            Session(
                course_run=run,
                date=s.date + delta,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                venue_id=s.venue_id,
                room=s.room,
                is_online=s.is_online,
            )
            for s in source.sessions.all()
        )
        copies.append(run)
    return copies
