"""What managers do with the prospectus: courses, venues, terms, course runs, their sessions and trainers.

Every write goes through here, so each rule (the co-delivery rule above all) lives in one place. Each
service takes the record's fields as explicit keyword arguments (an update takes them all, as its form
does), and `by`, the person acting, is recorded in the audit log with what changed (never the values).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from warp import audit
from warp.accounts.models import Role, TrainerKind, User
from warp.prospectus.models import (
    CoProducer,
    Course,
    CourseRun,
    CourseRunTrainer,
    CourseTheme,
    Level,
    Perspective,
    RunStatus,
    Session,
    Term,
    Venue,
    theme_key,
)
from warp.prospectus.queries import by_lowered_name
from warp.prospectus.signals import course_run_cancelled

M = TypeVar("M", bound=models.Model)  # the model a helper saves, handed back


@dataclass(frozen=True)
class CoProducerInput:
    name: str
    perspective: str


def _apply(instance: models.Model, **fields: Any) -> list[str]:
    """Set the fields; the names of those whose value changed, for the audit note."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name, value in fields.items():
        setattr(instance, name, value)
    return changed


def _saved(instance: M, *, by: User | None, changed: list[str] | None = None) -> M:
    """full_clean, save, and one audit entry naming `by`: created, or changed with the fields' names."""
    instance.full_clean()
    instance.save()
    if changed is None:
        audit.record(action="create", obj=instance, user=by)
    else:
        audit.record(
            action="change", obj=instance, user=by, note="Changed: " + ", ".join(changed or ["nothing"])
        )
    return instance


def _replace_co_producers(course: Course, co_producers: Iterable[CoProducerInput]) -> None:
    course.co_producers.all().delete()
    for entry in co_producers:
        row = CoProducer(course=course, name=entry.name.strip(), perspective=entry.perspective)
        row.full_clean()
        row.save()


# Course themes


def _listed_theme(name: str) -> str:
    """A course's theme as the list spells it (a near-duplicate is the list's own); refused if not listed."""
    name = (name or "").strip()
    if not name:
        return ""
    listed = CourseTheme.objects.filter(key=theme_key(name)).first()
    if listed is None:
        raise ValidationError(
            {
                "theme": f"“{name}” is not one of the course themes. Choose one from the list, or ask a "
                "centre manager to add it to the course themes first."
            }
        )
    return listed.name


@transaction.atomic
def course_theme_add(*, name: str, by: User | None = None) -> CourseTheme:
    """Add a theme to the list; refused when it is the same as one already there, written differently."""
    name = " ".join(name.split())
    existing = CourseTheme.objects.filter(key=theme_key(name)).first()
    if existing is not None:
        raise ValidationError({"name": f"“{existing.name}” is already on the list: use that one."})
    theme = CourseTheme(name=name)
    theme.key = theme_key(name)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def course_theme_remove(*, theme: CourseTheme, by: User | None = None) -> None:
    """Take a theme off the list; refused while a course has it (change those courses first)."""
    using = Course.objects.filter(theme=theme.name).count()
    if using:
        raise ValidationError(
            f"{using} course{'s' if using != 1 else ''} still ha{'ve' if using != 1 else 's'} the theme "
            f"“{theme.name}”. Give {'them' if using != 1 else 'it'} another theme first."
        )
    theme.delete()


# Courses


@transaction.atomic
def course_create(
    *,
    by: User | None,
    title: str,
    summary: str = "",
    learning_outcomes: str = "",
    audience: str = "",
    theme: str = "",
    level: str = Level.REC_COURSE,
    usual_sessions: int = 1,
    usual_session_minutes: int = 120,
    review_date: date | None = None,
    is_historic: bool = False,
    co_producers: Iterable[CoProducerInput] = (),
) -> Course:
    """Add a course to the catalogue with the people who designed it."""
    theme = _listed_theme(theme)
    course = Course(
        title=title,
        summary=summary,
        learning_outcomes=learning_outcomes,
        audience=audience,
        theme=theme,
        level=level,
        usual_sessions=usual_sessions,
        usual_session_minutes=usual_session_minutes,
        review_date=review_date,
        is_historic=is_historic,
    )
    _saved(course, by=by)
    _replace_co_producers(course, co_producers)
    return course


@transaction.atomic
def course_update(
    *,
    course: Course,
    by: User | None,
    title: str,
    summary: str,
    learning_outcomes: str,
    audience: str,
    theme: str,
    level: str,
    usual_sessions: int,
    usual_session_minutes: int,
    review_date: date | None,
    is_historic: bool,
    co_producers: Iterable[CoProducerInput] | None = None,
) -> Course:
    """Change a course; when co_producers is given it replaces the whole co-production record."""
    if theme != course.theme:  # a course keeps a theme it already has, even one no longer listed
        theme = _listed_theme(theme)
    changed = _apply(
        course,
        title=title,
        summary=summary,
        learning_outcomes=learning_outcomes,
        audience=audience,
        theme=theme,
        level=level,
        usual_sessions=usual_sessions,
        usual_session_minutes=usual_session_minutes,
        review_date=review_date,
        is_historic=is_historic,
    )
    if co_producers is not None:
        changed.append("co_producers")
    _saved(course, by=by, changed=changed)
    if co_producers is not None:
        _replace_co_producers(course, co_producers)
        if course.runs.filter(status=RunStatus.PUBLISHED).exists() and co_production_problem(course=course):
            raise ValidationError(
                f"{course.title} has course runs in the prospectus, so its co-production record must keep at "
                "least one person with lived experience of mental health problems or of caring. Add one "
                "under Co-producers, or move its runs back to draft first."
            )
    return course


# Venues and terms


@transaction.atomic
def venue_create(
    *,
    by: User | None,
    name: str,
    locality: str,
    address: str = "",
    postcode: str = "",
    access_information: str = "",
) -> Venue:
    venue = Venue(
        name=name,
        locality=locality,
        address=address,
        postcode=postcode,
        access_information=access_information,
    )
    return _saved(venue, by=by)


@transaction.atomic
def venue_update(
    *,
    venue: Venue,
    by: User | None,
    name: str,
    locality: str,
    address: str,
    postcode: str,
    access_information: str,
) -> Venue:
    changed = _apply(
        venue,
        name=name,
        locality=locality,
        address=address,
        postcode=postcode,
        access_information=access_information,
    )
    return _saved(venue, by=by, changed=changed)


@transaction.atomic
def term_create(
    *, by: User | None, name: str, starts_on: date, ends_on: date, is_historic: bool = False
) -> Term:
    term = Term(name=name, starts_on=starts_on, ends_on=ends_on, is_historic=is_historic)
    return _saved(term, by=by)


@transaction.atomic
def term_update(*, term: Term, by: User | None, name: str, starts_on: date, ends_on: date) -> Term:
    changed = _apply(term, name=name, starts_on=starts_on, ends_on=ends_on)
    return _saved(term, by=by, changed=changed)


# Course runs


@transaction.atomic
def course_run_create(
    *,
    by: User | None,
    course: Course,
    term: Term,
    places: int = 16,
    booking_opens_at: datetime | None = None,
    booking_closes_at: datetime | None = None,
) -> CourseRun:
    """A new run starts as a draft: it needs trainers and sessions before it can be published."""
    run = CourseRun(
        course=course,
        term=term,
        status=RunStatus.DRAFT,
        places=places,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
    )
    return _saved(run, by=by)


@transaction.atomic
def course_run_update(
    *,
    course_run: CourseRun,
    by: User | None,
    course: Course,
    places: int,
    booking_opens_at: datetime | None,
    booking_closes_at: datetime | None,
) -> CourseRun:
    """Change a run's details. Its status changes only through publish / unpublish / cancel."""
    changed = _apply(
        course_run,
        course=course,
        places=places,
        booking_opens_at=booking_opens_at,
        booking_closes_at=booking_closes_at,
    )
    return _saved(course_run, by=by, changed=changed)


LIVED_EXPERIENCE = (Perspective.LIVED_MENTAL_HEALTH, Perspective.LIVED_CARING)


def co_production_problem(*, course: Course) -> str | None:
    """Why the course may not be in the prospectus yet: its co-production record names nobody with lived
    experience (of mental health problems or of caring). None when it does."""
    if course.co_producers.filter(perspective__in=LIVED_EXPERIENCE).exists():
        return None
    return (
        f"{course.title} has no co-production record with someone with lived experience. Every course is "
        "designed together with people with lived experience: edit the course and add, under Co-producers, "
        "at least one person with lived experience of mental health problems or of caring."
    )


def course_run_publish_problems(course_run: CourseRun) -> list[str]:
    """What stops this run being published, each saying what to do. Empty when it may be published."""
    problems = []
    if course_run.status == RunStatus.CANCELLED:
        problems.append("This course run is cancelled. Move it back to draft first, then publish it.")
    if course_run.is_historic or course_run.term.is_historic or course_run.course.is_historic:
        problems.append(
            "This course run is from the centre's history before WaRP, kept for the reports only, so it is "
            "never published. To offer the course again, add a new run in a current term."
        )
    co_production = co_production_problem(course=course_run.course)
    if co_production:
        problems.append(co_production)
    kinds = set(course_run.run_trainers.values_list("perspective", flat=True))
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
    least one professional trainer and at least one session, its course's co-production record names
    someone with lived experience, and neither its term nor its course is history from before WaRP.
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
    audit.record(action="change", obj=course_run, user=by, note="Published")
    return course_run


@transaction.atomic
def course_run_unpublish(*, course_run: CourseRun, by: User) -> CourseRun:
    """Back to draft: taken out of the prospectus (bookings already made are kept)."""
    course_run.status = RunStatus.DRAFT
    course_run.save(update_fields=["status", "updated_at"])
    audit.record(action="change", obj=course_run, user=by, note="Moved back to draft")
    return course_run


def course_run_people_to_tell(course_run: CourseRun) -> int:
    """How many students hold a live booking (booked, offered or waiting) on this run: those a
    cancellation tells."""
    # Bookings live in a higher app: reached through the reverse relation, never imported.
    return course_run.bookings.exclude(status="cancelled").count()  # type: ignore[attr-defined]


@transaction.atomic
def course_run_cancel(*, course_run: CourseRun, by: User, reason: str = "") -> CourseRun:
    """The run will not take place. Booked students are told by the bookings app, through the signal;
    the reason (when given) is written into each student's message."""
    course_run.status = RunStatus.CANCELLED
    course_run.save(update_fields=["status", "updated_at"])
    audit.record(action="change", obj=course_run, user=by, note="Cancelled")
    course_run_cancelled.send(sender=CourseRun, course_run=course_run, by=by, reason=reason.strip())
    return course_run


@transaction.atomic
def course_run_trainer_add(
    *, course_run: CourseRun, trainer: User, by: User, perspective: str = ""
) -> CourseRunTrainer:
    """Add a co-trainer, bringing `perspective` (peer or professional) to this run; by default the one
    they usually bring (their account's trainer kind)."""
    if not trainer.holds(Role.TRAINER):
        raise ValidationError("Only people with a trainer account can co-deliver a course run.")
    if course_run.run_trainers.filter(trainer=trainer).exists():
        raise ValidationError(f"{trainer} already co-delivers this course run.")
    assignment = CourseRunTrainer(
        course_run=course_run, trainer=trainer, perspective=perspective or trainer.trainer_kind
    )
    return _saved(assignment, by=by)


@transaction.atomic
def course_run_trainer_remove(*, assignment: CourseRunTrainer, by: User) -> None:
    """Remove a trainer. A published run must keep one peer and one professional trainer."""
    run = CourseRun.objects.select_for_update().get(pk=assignment.course_run_id)
    if run.status == RunStatus.PUBLISHED:
        kind = assignment.perspective
        others = run.run_trainers.exclude(pk=assignment.pk).filter(perspective=kind)
        if not others.exists():
            label = TrainerKind(kind).label.lower()
            raise ValidationError(
                f"This published course run needs at least one {label}. "
                f"Add another {label} first, or move the run back to draft."
            )
    audit.record(action="delete", obj=assignment, user=by)
    assignment.delete()


def session_outside_term_problem(*, term: Term, day: date) -> str:
    """What to do about a session date outside its term's dates; empty when the date is in the term."""
    if day is None or term.starts_on <= day <= term.ends_on:
        return ""
    return (
        f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')} is outside {term.name} "
        f"({term.starts_on.day} {term.starts_on:%B} to {term.ends_on.day} {term.ends_on:%B %Y}). "
        "Choose a date in the term, change the term's dates, or tick "
        "“This session is outside the term's dates on purpose”."
    )


def _refuse_outside_term(session: Session, term: Term, allow_outside_term: bool) -> None:
    problem = "" if allow_outside_term else session_outside_term_problem(term=term, day=session.date)
    if problem:
        raise ValidationError({"date": problem})


@transaction.atomic
def session_create(
    *,
    course_run: CourseRun,
    by: User | None,
    allow_outside_term: bool = False,
    date: date,
    starts_at: time,
    ends_at: time,
    venue: Venue | None = None,
    room: str = "",
    is_online: bool = False,
    joining_link: str = "",
) -> Session:
    session = Session(
        course_run=course_run,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        room=room,
        is_online=is_online,
        joining_link=joining_link,
    )
    session.full_clean()
    _refuse_outside_term(session, course_run.term, allow_outside_term)
    return _saved(session, by=by)


@transaction.atomic
def session_update(
    *,
    session: Session,
    by: User | None,
    allow_outside_term: bool = False,
    date: date,
    starts_at: time,
    ends_at: time,
    venue: Venue | None,
    room: str,
    is_online: bool,
    joining_link: str,
) -> Session:
    changed = _apply(
        session,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        room=room,
        is_online=is_online,
        joining_link=joining_link,
    )
    session.full_clean()
    _refuse_outside_term(session, session.course_run.term, allow_outside_term)
    return _saved(session, by=by, changed=changed)


@transaction.atomic
def session_series_create(
    *,
    course_run: CourseRun,
    by: User,
    first_date: date,
    every_weeks: int,
    count: int,
    starts_at: time,
    ends_at: time,
    venue: Venue | None,
    room: str = "",
    is_online: bool = False,
    joining_link: str = "",
    allow_outside_term: bool = False,
) -> list[Session]:
    """Add `count` sessions, every `every_weeks` weeks from first_date, at the same times and place.

    All or nothing: a date outside the term (unless allowed) refuses the whole series, naming each date."""
    if not 1 <= count <= 30:
        raise ValidationError({"count": "Enter a number of sessions from 1 to 30."})
    if every_weeks not in (1, 2):
        raise ValidationError({"every_weeks": "Choose weekly or every two weeks."})
    days = [first_date + timedelta(weeks=every_weeks * n) for n in range(count)]
    outside = (
        []
        if allow_outside_term
        else [d for d in days if not course_run.term.starts_on <= d <= course_run.term.ends_on]
    )
    if outside:
        listed = ", ".join(f"{d:%a} {d.day} {d:%b %Y}" for d in outside)
        raise ValidationError(
            {
                "first_date": f"These dates are outside {course_run.term.name} "
                f"({course_run.term.starts_on.day} {course_run.term.starts_on:%B} to "
                f"{course_run.term.ends_on.day} {course_run.term.ends_on:%B %Y}): {listed}. "
                "Start earlier, add fewer sessions, or tick "
                "“These sessions are outside the term's dates on purpose”."
            }
        )
    sessions = []
    for day in days:
        session = Session(
            course_run=course_run,
            date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
            room=room.strip(),
            is_online=is_online,
            joining_link=joining_link,
        )
        session.full_clean()
        session.save()
        sessions.append(session)
    return sessions


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    run = CourseRun.objects.select_for_update().get(pk=session.course_run_id)
    if run.status == RunStatus.PUBLISHED and run.sessions.count() == 1:
        raise ValidationError(
            "A published course run needs at least one session. Add another session first, "
            "or move the run back to draft."
        )
    audit.record(action="delete", obj=session, user=by)
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


def term_runs_already_copied(*, from_term: Term, to_term: Term) -> list[CourseRun]:
    """The runs of from_term (not cancelled) that already have a copy in to_term, by course title."""
    return list(
        CourseRun.objects.filter(term=from_term, copies__term=to_term)
        .exclude(status=RunStatus.CANCELLED)
        .select_related("course")
        .distinct()
        .order_by("course__title", "pk")
    )


@transaction.atomic
def term_copy_runs(*, from_term: Term, to_term: Term, by: User, skip_copied: bool = False) -> list[CourseRun]:
    """Copy every run of from_term (except cancelled ones) into to_term as drafts.

    Each copy keeps the course, places, trainers and sessions (times, venue, room, online or not);
    dates and the booking window move by the difference between the terms' start dates, rounded to
    whole weeks so each session stays on the same weekday. Joining links are not copied: online
    meetings usually need a fresh link. Each copy remembers its source (copied_from); with skip_copied,
    runs already copied into to_term are left out.
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
    if skip_copied:
        sources = sources.exclude(copies__term=to_term)
    copies = []
    for source in sources:
        run = CourseRun(
            course_id=source.course_id,
            term=to_term,
            copied_from=source,
            places=source.places,
            booking_opens_at=_shift(source.booking_opens_at, delta),
            booking_closes_at=_shift(source.booking_closes_at, delta),
            status=RunStatus.DRAFT,
        )
        run.full_clean()
        run.save()
        CourseRunTrainer.objects.bulk_create(
            CourseRunTrainer(course_run=run, trainer_id=a.trainer_id, perspective=a.perspective)
            for a in source.run_trainers.all()
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
    audit.record_each(
        changes=[("create", run, None) for run in copies], user=by, note="Copied from another term"
    )
    return copies


# Several draft runs at once (the term page's ticks)


@dataclass(frozen=True)
class BulkOutcome:
    done: list[CourseRun]
    refused: dict[CourseRun, list[str]]  # each run left as it was, with what to do about it


def course_runs_publish(*, course_runs: Iterable[CourseRun], by: User) -> BulkOutcome:
    """Publish each draft run that may be published; the others stay drafts, each with its problems.

    Each run is its own transaction: one run's problems never hold the others back."""
    done, refused = [], {}
    for run in course_runs:
        if run.status != RunStatus.DRAFT:
            refused[run] = ["Only draft course runs can be published from this list."]
            continue
        try:
            course_run_publish(course_run=run, by=by)
        except ValidationError as error:
            refused[run] = error.messages[1:] or error.messages
        else:
            done.append(run)
    return BulkOutcome(done=done, refused=refused)


@transaction.atomic
def course_run_delete(*, course_run: CourseRun, by: User) -> None:
    """Delete a draft run that nobody has booked, with its sessions and trainers. Anything else is refused."""
    run = CourseRun.objects.select_for_update().get(pk=course_run.pk)
    if run.status != RunStatus.DRAFT:
        raise ValidationError(
            "Only a draft course run can be deleted. A published run can be moved back to draft or cancelled."
        )
    # Bookings and feedback live in higher apps: reached through the reverse relations, never imported.
    if run.bookings.exists() or run.feedback_responses.exists():  # type: ignore[attr-defined]
        raise ValidationError(
            "Students have booked or given feedback on this course run, so it is kept. Cancel it instead."
        )
    run.delete()


def course_runs_delete(*, course_runs: Iterable[CourseRun], by: User) -> BulkOutcome:
    """Delete each draft run nobody has booked; the others are kept, each with the reason."""
    done, refused = [], {}
    for run in course_runs:
        try:
            course_run_delete(course_run=run, by=by)
        except ValidationError as error:
            refused[run] = error.messages
        else:
            done.append(run)
    return BulkOutcome(done=done, refused=refused)


# Runs from before WaRP (a centre's history, brought in by the feedback import)


@dataclass(frozen=True)
class HistoricTerm:
    """A term the centre ran before WaRP, with the dates its records span."""

    name: str
    starts_on: date
    ends_on: date


@transaction.atomic
def historic_runs_find_or_create(
    *,
    pairs: Iterable[tuple[str, str]],
    new_terms: Iterable[HistoricTerm],
    by: User | None,
) -> dict[tuple[str, str], CourseRun]:
    """The course run for each (term name, course title), matched without regard to case: the centre's own
    run of that course in that term if it has one that was not cancelled, otherwise a draft run with no
    places and no sessions (so it never appears in the public prospectus or takes a booking).

    A term or course the centre does not have is made historic (`is_historic`): a term from `new_terms`
    (a term name missing from it is refused), a course spelled as in its first pair. Returns the runs keyed
    by the lowered (term name, course title). One audit entry per term, course and run made, naming `by`.
    Bulk: a handful of queries, never one per pair."""
    wanted: dict[tuple[str, str], tuple[str, str]] = {}
    for term_name, course_title in pairs:
        wanted.setdefault((term_name.lower(), course_title.lower()), (term_name, course_title))
    if not wanted:
        return {}
    spans = {term.name.lower(): term for term in new_terms}
    terms = by_lowered_name(Term, "name", {term for term, _ in wanted})
    courses = by_lowered_name(Course, "title", {course for _, course in wanted})
    missing_terms = {term for term, _ in wanted} - set(terms)
    if missing_terms - set(spans):
        raise ValidationError("Give the dates of each new historic term: " + ", ".join(sorted(missing_terms)))
    made_terms = [
        Term(name=spans[t].name, starts_on=spans[t].starts_on, ends_on=spans[t].ends_on, is_historic=True)
        for t in sorted(missing_terms)
    ]
    first_spelling: dict[str, str] = {}
    for _term, course_title in wanted.values():
        first_spelling.setdefault(course_title.lower(), course_title)
    made_courses = [
        Course(title=first_spelling[c], is_historic=True)
        for c in sorted({course for _, course in wanted} - set(courses))
    ]
    for record in [*made_terms, *made_courses]:
        record.full_clean(validate_unique=False, validate_constraints=False)
    Term.objects.bulk_create(made_terms)
    Course.objects.bulk_create(made_courses)
    terms.update({term.name.lower(): term for term in made_terms})
    courses.update({course.title.lower(): course for course in made_courses})

    ids = {key: (terms[key[0]].pk, courses[key[1]].pk) for key in wanted}
    found: dict[tuple[int, int], CourseRun] = {}
    existing = (
        CourseRun.objects.filter(
            term_id__in={term_id for term_id, _ in ids.values()},
            course_id__in={course_id for _, course_id in ids.values()},
        )
        .exclude(status=RunStatus.CANCELLED)
        .order_by("pk")
    )
    for run in existing:
        found.setdefault((run.term_id, run.course_id), run)
    made_runs = [
        CourseRun(term_id=term_id, course_id=course_id, places=0, status=RunStatus.DRAFT, is_historic=True)
        for term_id, course_id in sorted(set(ids.values()) - set(found))
    ]
    CourseRun.objects.bulk_create(made_runs)
    found.update({(run.term_id, run.course_id): run for run in made_runs})
    audit.record_each(
        changes=[("create", record, None) for record in [*made_terms, *made_courses, *made_runs]],
        user=by,
        note="Historic: from before WaRP",
    )
    return {key: found[pair] for key, pair in ids.items()}
