"""`warp import runs FILE`: the centre's past terms, courses and course runs, with their sessions and trainers.

One row per session. Columns: term, term_starts_on, term_ends_on, course, run, places, session_date,
starts_at, ends_at, venue, peer_trainer, professional_trainer.
- A run is its term, course and run label (`run`, optional: it tells apart two runs of one course in one
  term). Every run the import makes or finds is historic (`CourseRun.is_historic`): a draft that is never
  published, kept for the reports.
- A term the centre does not have is made historic from term_starts_on and term_ends_on (needed only then);
  a course it does not have is made historic. Both are noted on the preview.
- A session is its run and date: a session already there is "already present", so importing a file twice
  adds nothing. Venue blank means online; trainers (name or email of a trainer account) may be blank.
- A file with errors imports nothing unless import_valid_rows is set. Bulk: a handful of queries per file.
"""

from dataclasses import dataclass, field
from datetime import date, time

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from warp import audit
from warp.accounts.models import Role, TrainerKind, User
from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, RunStatus, Session, Term, Venue
from warp.prospectus.queries import by_lowered_name

COLUMNS = [
    "term",
    "term_starts_on",
    "term_ends_on",
    "course",
    "run",
    "places",
    "session_date",
    "starts_at",
    "ends_at",
    "venue",
    "peer_trainer",
    "professional_trainer",
]
REQUIRED_COLUMNS = {"term", "course", "session_date", "starts_at", "ends_at"}
TRAINER_COLUMNS = {"peer_trainer": TrainerKind.PEER, "professional_trainer": TrainerKind.PROFESSIONAL}
DATES = "YYYY-MM-DD or DD/MM/YYYY"

RunKey = tuple[str, str, str]  # lowered term name, course title, run label


def run_key(term: str, course: str, label: str) -> RunKey:
    return (term.lower(), course.lower(), label.lower())


def historic_runs(keys: set[RunKey]) -> dict[RunKey, CourseRun]:
    """The historic runs for these (term, course, label) keys, matched without regard to case (one query)."""
    if not keys:
        return {}
    runs = (
        CourseRun.objects.filter(is_historic=True)
        .annotate(t=Lower("term__name"), c=Lower("course__title"), l=Lower("label"))
        .filter(t__in={k[0] for k in keys}, c__in={k[1] for k in keys})
        .order_by("pk")
    )
    found: dict[RunKey, CourseRun] = {}
    for run in runs:
        key = (run.t, run.c, run.l)  # type: ignore[attr-defined]
        if key in keys:
            found.setdefault(key, run)
    return found


@dataclass
class _Row:
    number: int
    term: str
    course: str
    label: str
    term_starts_on: date | None
    term_ends_on: date | None
    places: int | None
    session_date: date
    starts_at: time
    ends_at: time
    venue: str
    trainers: dict[str, str] = field(default_factory=dict)  # column -> name or email

    @property
    def key(self) -> RunKey:
        return run_key(self.term, self.course, self.label)


def _time(text: str) -> time | None:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        return time(int(parts[0]), int(parts[1]))
    except ValueError:
        return None


def _parse_row(number: int, cells: dict[str, str], today: date) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    term = " ".join(cells.get("term", "").split())
    course = " ".join(cells.get("course", "").split())
    label = " ".join(cells.get("run", "").split())
    if not term:
        error("term", "Write the term's name, for example 'Spring 2013'.")
    elif len(term) > 100:
        error("term", "The term's name is longer than 100 characters; shorten it.")
    if not course:
        error("course", "Write the course's title.")
    elif len(course) > 200:
        error("course", "The course title is longer than 200 characters; shorten it.")
    if len(label) > 50:
        error("run", "The run's label is longer than 50 characters; shorten it.")

    spans: dict[str, date | None] = {}
    for column in ("term_starts_on", "term_ends_on"):
        text = cells.get(column, "")
        spans[column] = parse_date(text) if text else None
        if text and spans[column] is None:
            error(column, f"'{text}' is not a date we can read; write {DATES}.")
    starts_on, ends_on = spans["term_starts_on"], spans["term_ends_on"]
    if starts_on and ends_on and ends_on < starts_on:
        error("term_ends_on", "The term ends before it starts; check the two dates.")

    places_text = cells.get("places", "")
    places: int | None = None
    if places_text:
        if places_text.isascii() and places_text.isdigit() and int(places_text) <= 999:
            places = int(places_text)
        else:
            error(
                "places",
                f"'{places_text}' is not a number of places; write a whole number, or leave it blank.",
            )

    day_text = cells.get("session_date", "")
    day = parse_date(day_text)
    if not day_text:
        error("session_date", f"Write the date of the session, as {DATES}.")
    elif day is None:
        error("session_date", f"'{day_text}' is not a date we can read; write {DATES}.")
    elif day > today:
        error("session_date", f"{day:%d/%m/%Y} is still to come; only sessions already held are history.")

    times: dict[str, time | None] = {}
    for column in ("starts_at", "ends_at"):
        text = cells.get(column, "")
        times[column] = _time(text)
        if times[column] is None:
            error(column, f"'{text}' is not a time; write it as HH:MM, for example 10:00 or 14:30.")
    starts_at, ends_at = times["starts_at"], times["ends_at"]
    if starts_at and ends_at and ends_at <= starts_at:
        error("ends_at", "The session must end after it starts; check the two times.")

    if errors:
        return None, errors
    assert day is not None and starts_at is not None and ends_at is not None
    trainers = {column: cells.get(column, "").strip() for column in TRAINER_COLUMNS if cells.get(column)}
    row = _Row(
        number=number,
        term=term,
        course=course,
        label=label,
        term_starts_on=starts_on,
        term_ends_on=ends_on,
        places=places,
        session_date=day,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=" ".join(cells.get("venue", "").split()),
        trainers=trainers,
    )
    return row, []


def _trainer_lookup(wanted: set[str]) -> dict[str, list[User]]:
    """Trainer accounts by lowered email and by lowered full name (a name may fit several)."""
    found: dict[str, list[User]] = {}
    if not wanted:
        return found
    for user in User.objects.holding(Role.TRAINER).order_by("pk"):
        for key in {user.email.lower(), " ".join(user.get_full_name().lower().split())}:
            if key in wanted:
                found.setdefault(key, []).append(user)
    return found


def _venue_lookup(wanted: set[str]) -> dict[str, list[Venue]]:
    found: dict[str, list[Venue]] = {}
    if wanted:
        for venue in Venue.objects.annotate(lowered=Lower("name")).filter(lowered__in=wanted).order_by("pk"):
            found.setdefault(venue.name.lower(), []).append(venue)
    return found


@dataclass
class _Plan:
    """What saving will make: new terms and courses, the runs with their sessions and trainers."""

    new_terms: dict[str, tuple[str, date, date]] = field(default_factory=dict)
    new_courses: dict[str, str] = field(default_factory=dict)
    runs: dict[RunKey, _Row] = field(default_factory=dict)  # the run's first row
    places: dict[RunKey, int] = field(default_factory=dict)
    sessions: list[tuple[_Row, Venue | None]] = field(default_factory=list)
    trainers: dict[RunKey, dict[int, tuple[User, str]]] = field(default_factory=dict)


def import_runs(
    data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by=None
) -> ImportReport:
    """Check every row, then (unless a dry run, or rows have errors and import_valid_rows is off) save.

    Raises warp.core.imports.ImportFileError when the file as a whole cannot be read."""
    table = read_table(data, filename, REQUIRED_COLUMNS)
    report = ImportReport.for_table("runs", table, dry_run=dry_run)
    today = timezone.localdate()
    rows: list[_Row] = []
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells, today)
        report.errors.extend(errors)
        if row is not None:
            rows.append(row)

    terms = by_lowered_name(Term, "name", {row.term for row in rows})
    courses = by_lowered_name(Course, "title", {row.course for row in rows})
    trainers = _trainer_lookup({value.lower() for row in rows for value in row.trainers.values()})
    venues = _venue_lookup({row.venue.lower() for row in rows if row.venue})
    existing_runs = historic_runs({row.key for row in rows})
    existing_sessions = set(
        Session.objects.filter(course_run__in=list(existing_runs.values())).values_list(
            "course_run_id", "date"
        )
    )

    plan = _Plan()
    bad: set[int] = set()
    term_rows: dict[str, int] = {}
    session_rows: dict[tuple[RunKey, date], int] = {}

    def refuse(row: _Row, column: str, reason: str) -> None:
        report.errors.append(RowError(row.number, column, reason))
        bad.add(row.number)

    for row in rows:
        term_key = row.term.lower()
        term = terms.get(term_key)
        if term is not None:
            span = (term.starts_on, term.ends_on)
        elif term_key in plan.new_terms:
            _, *dates = plan.new_terms[term_key]
            span = (dates[0], dates[1])
            given = (row.term_starts_on, row.term_ends_on)
            if given != (None, None) and given != span:
                refuse(
                    row,
                    "term_starts_on",
                    f"Row {term_rows[term_key]} gave other dates for this term; "
                    "give every row of one term the same dates, or leave them blank after the first.",
                )
                continue
        elif row.term_starts_on is None or row.term_ends_on is None:
            column = "term_starts_on" if row.term_starts_on is None else "term_ends_on"
            refuse(
                row,
                column,
                f"'{row.term}' is not a term here yet: give the dates it started and ended "
                f"({DATES}) so it can be added as a historic term.",
            )
            continue
        else:
            span = (row.term_starts_on, row.term_ends_on)
            plan.new_terms[term_key] = (row.term, *span)
            term_rows[term_key] = row.number
            report.notes.append(
                RowError(
                    row.number,
                    "term",
                    f"'{row.term}' is not a term here, so it will "
                    f"be added as a historic term ({span[0]:%d/%m/%Y} to {span[1]:%d/%m/%Y}).",
                )
            )
        if not span[0] <= row.session_date <= span[1]:
            refuse(
                row,
                "session_date",
                f"{row.session_date:%d/%m/%Y} is outside the term {row.term} "
                f"({span[0]:%d/%m/%Y} to {span[1]:%d/%m/%Y}); check the date or the term.",
            )
            continue

        venue = None
        if row.venue:
            matches = venues.get(row.venue.lower(), [])
            if not matches:
                refuse(
                    row,
                    "venue",
                    f"There is no venue called '{row.venue}'. Add it under Venues first, "
                    "or leave the cell blank for a session held online.",
                )
                continue
            venue = matches[0]
        chosen: dict[int, tuple[User, str]] = {}
        for column, value in row.trainers.items():
            people = trainers.get(value.lower(), [])
            if len(people) != 1:
                refuse(
                    row,
                    column,
                    (
                        f"Two or more trainers are called '{value}'; write their email instead."
                        if people
                        else f"No trainer account has the name or email '{value}'. Add them as a trainer first "
                        "(Staff accounts), write the email of their account, or leave the cell blank."
                    ),
                )
                break
            chosen[people[0].pk] = (people[0], TRAINER_COLUMNS[column])
        if row.number in bad:
            continue

        session_key = (row.key, row.session_date)
        if session_key in session_rows:
            refuse(
                row,
                "session_date",
                f"Row {session_rows[session_key]} is the same session (same run and "
                "date); remove one of the two rows, or give the runs different labels in the run column.",
            )
            continue
        session_rows[session_key] = row.number
        if row.places is not None:
            known = plan.places.setdefault(row.key, row.places)
            if known != row.places:
                refuse(
                    row,
                    "places",
                    f"Another row of this run gives {known} places; give every row of one "
                    "run the same number, or leave it blank.",
                )
                continue
        plan.runs.setdefault(row.key, row)
        plan.trainers.setdefault(row.key, {}).update(chosen)
        if row.course.lower() not in courses and row.course.lower() not in plan.new_courses:
            plan.new_courses[row.course.lower()] = row.course
            report.notes.append(
                RowError(
                    row.number,
                    "course",
                    f"'{row.course}' is not a course here, so it will be added as a historic course.",
                )
            )
        run = existing_runs.get(row.key)
        if run is not None and (run.pk, row.session_date) in existing_sessions:
            report.already_present += 1
        else:
            plan.sessions.append((row, venue))

    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    report.created = len(plan.sessions)
    if dry_run or (report.errors and not import_valid_rows):
        if not dry_run:
            report.created = 0
        return report
    _save(plan, terms=terms, courses=courses, existing_runs=existing_runs, imported_by=imported_by)
    report.saved = True
    return report


@transaction.atomic
def _save(plan: _Plan, *, terms: dict, courses: dict, existing_runs: dict, imported_by) -> None:
    made_terms = [
        Term(name=name, starts_on=starts_on, ends_on=ends_on, is_historic=True)
        for name, starts_on, ends_on in plan.new_terms.values()
    ]
    made_courses = [Course(title=title, is_historic=True) for title in plan.new_courses.values()]
    for record in [*made_terms, *made_courses]:
        record.full_clean(validate_unique=False, validate_constraints=False)
        record.save()
    terms.update({term.name.lower(): term for term in made_terms})
    courses.update({course.title.lower(): course for course in made_courses})

    made_runs = []
    for key, first in plan.runs.items():
        run = existing_runs.get(key)
        if run is None:
            run = CourseRun(
                term=terms[key[0]],
                course=courses[key[1]],
                label=first.label,
                places=plan.places.get(key, 0),
                status=RunStatus.DRAFT,
                is_historic=True,
            )
            run.full_clean(validate_unique=False, validate_constraints=False)
            run.save()
            made_runs.append(run)
            existing_runs[key] = run
        elif key in plan.places and run.places != plan.places[key]:
            run.places = plan.places[key]
            run.save(update_fields=["places", "updated_at"])

    sessions = []
    for row, venue in plan.sessions:
        session = Session(
            course_run=existing_runs[row.key],
            date=row.session_date,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            venue=venue,
            is_online=venue is None,
        )
        session.full_clean(exclude=["course_run", "venue"], validate_unique=False, validate_constraints=False)
        sessions.append(session)
    Session.objects.bulk_create(sessions, batch_size=500)

    already = set(
        CourseRunTrainer.objects.filter(course_run__in=list(existing_runs.values())).values_list(
            "course_run_id", "trainer_id"
        )
    )
    places = [
        CourseRunTrainer(course_run=existing_runs[key], trainer=user, perspective=perspective)
        for key, chosen in plan.trainers.items()
        for user, perspective in chosen.values()
        if (existing_runs[key].pk, user.pk) not in already
    ]
    CourseRunTrainer.objects.bulk_create(places, batch_size=500)
    audit.record_each(
        changes=[("create", record, None) for record in [*made_terms, *made_courses, *made_runs]],
        user=imported_by,
        note="Historic: from before WaRP",
    )
