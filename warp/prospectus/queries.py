"""Read side of the prospectus: the public browse filters, and the lists managers work from."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from warp.prospectus.models import TIME_OF_DAY_RANGES, CourseRun, RunStatus, Session, Term, TimeOfDay, Venue

ONLINE = "Online"


@dataclass(frozen=True)
class ProspectusFilters:
    q: str = ""
    theme: str = ""
    locality: str = ""
    day: int | None = None  # ISO weekday: 1 Monday ... 7 Sunday
    time_of_day: str = ""
    level: str = ""


def _has_session(**conditions) -> Exists:
    """Runs with a session matching these conditions. Exists, not a join: a join would multiply the counts."""
    return Exists(Session.objects.filter(course_run=OuterRef("pk"), **conditions))


def prospectus_runs(term: Term, filters: ProspectusFilters) -> QuerySet[CourseRun]:
    """A term's published runs matching the filters, in prospectus order, with places left, sessions,
    venues and trainers (to page them, take their ids and then prospectus_page(ids))."""
    runs = CourseRun.objects.for_prospectus(term)
    if filters.theme:
        runs = runs.filter(course__theme=filters.theme)
    if filters.level:
        runs = runs.filter(course__level=filters.level)
    if filters.locality == ONLINE:
        runs = runs.filter(_has_session(is_online=True))
    elif filters.locality:
        runs = runs.filter(_has_session(venue__locality=filters.locality))
    if filters.day:
        runs = runs.filter(_has_session(date__iso_week_day=filters.day))
    if filters.time_of_day in TimeOfDay.values:
        start, end = TIME_OF_DAY_RANGES[TimeOfDay(filters.time_of_day)]
        runs = runs.filter(_has_session(starts_at__gte=start, starts_at__lt=end))
    for word in filters.q.split()[:10]:
        runs = runs.filter(
            Q(course__title__icontains=word)
            | Q(course__summary__icontains=word)
            | Q(course__learning_outcomes__icontains=word)
        )
    return runs


def prospectus_page(ids: list[int]) -> list[CourseRun]:
    """These runs, in this order, with places left, sessions, venues and trainers: places are counted for
    this page's runs only (ordering every run of the term first would count all their bookings)."""
    runs = CourseRun.objects.filter(pk__in=ids).with_places_left().with_sessions_and_trainers().in_bulk()
    return [runs[pk] for pk in ids if pk in runs]


def prospectus_themes(term: Term) -> list[str]:
    runs = CourseRun.objects.published().filter(term=term).exclude(course__theme="")
    return list(runs.order_by("course__theme").values_list("course__theme", flat=True).distinct())


def prospectus_localities(term: Term) -> list[str]:
    """Towns with a published run's session this term, then "Online" if any session is online."""
    sessions = Session.objects.filter(course_run__term=term, course_run__status=RunStatus.PUBLISHED)
    towns = (
        Venue.objects.filter(Exists(sessions.filter(venue=OuterRef("pk"))))
        .order_by("locality")
        .values_list("locality", flat=True)
        .distinct()
    )
    localities = list(towns)
    if sessions.filter(is_online=True).exists():
        localities.append(ONLINE)
    return localities


def term_runs_with_fill(term: Term) -> QuerySet[CourseRun]:
    """Every run of a term (any status) for the manager's term page: fill, waiting list, trainers."""
    return (
        CourseRun.objects.filter(term=term)
        .with_places_left()
        .with_sessions_and_trainers()
        .order_by("course__title", "pk")
    )


def session_clashes(*, sessions: "list[Session]") -> list[str]:
    """Plain warnings for these sessions of one run: a trainer of the run, or the same room of the same
    venue, is also used at an overlapping time by another course run (not cancelled). Two queries."""
    if not sessions:
        return []
    run = sessions[0].course_run
    overlap = Q()
    for session in sessions:
        overlap |= Q(date=session.date, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at)
    trainer_ids = set(run.run_trainers.values_list("trainer_id", flat=True))
    venue_ids = {session.venue_id for session in sessions if session.venue_id}
    others = list(
        Session.objects.filter(overlap)
        .exclude(course_run=run)
        .exclude(course_run__status=RunStatus.CANCELLED)
        .filter(Q(venue_id__in=venue_ids) | Q(course_run__run_trainers__trainer_id__in=trainer_ids))
        .select_related("course_run__course", "venue")
        .prefetch_related("course_run__run_trainers__trainer")
        .distinct()
        .order_by("date", "starts_at", "pk")
    )
    warnings = []
    for session in sessions:
        for other in others:
            if not (
                other.date == session.date
                and other.starts_at < session.ends_at
                and other.ends_at > session.starts_at
            ):
                continue
            when = (
                f"{other.date:%a} {other.date.day} {other.date:%b} from {other.starts_at:%H:%M} "
                f"to {other.ends_at:%H:%M}"
            )
            title = other.course_run.course.title
            for assignment in other.course_run.run_trainers.all():
                if assignment.trainer_id in trainer_ids:
                    warnings.append(f"{assignment.trainer} is also training on {title}, {when}.")
            same_room = (other.room or "").strip().lower() == (session.room or "").strip().lower()
            if other.venue and other.venue_id == session.venue_id and (same_room or not other.room):
                place = f"{other.venue.name}{', ' + other.room if other.room else ''}"
                warnings.append(f"{place} is also used by {title}, {when}.")
    return list(dict.fromkeys(warnings))


NAMES_PER_QUERY = 900  # keeps `IN (...)` lists well inside every database's limit


def by_lowered_name(model, field: str, names: set[str]) -> dict:
    """The terms or courses (`model`) whose `field` is one of `names` without regard to case, keyed by the
    lowered name (the first made, when two differ only in case). A query per 900 names."""
    lowered = sorted({name.lower() for name in names})
    found: dict = {}
    for start in range(0, len(lowered), NAMES_PER_QUERY):
        for row in (
            model.objects.annotate(lowered=Lower(field))
            .filter(lowered__in=lowered[start : start + NAMES_PER_QUERY])
            .order_by("pk")
        ):
            found.setdefault(getattr(row, field).lower(), row)
    return found
