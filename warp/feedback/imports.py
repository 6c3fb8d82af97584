"""`warp import feedback FILE`: feedback forms from before WaRP, so a centre can bring its whole history.

Columns: term, course, submitted_on, would_attend_again, rating, helped, could_be_better, quote_consent.
- A term or course the centre does not have is created as a historic record (is_historic) and noted.
  A new historic term runs from the earliest to the latest submitted_on of its rows.
- Each row is attached to a course run of that course in that term: an existing one if there is one,
  otherwise a historic run is made in draft with no places and no sessions, so it never appears in the
  public prospectus or takes a booking. The prospectus's service makes them
  (`warp.prospectus.services.historic_runs_find_or_create`), with an audit entry for each.
- Imported responses are typed-in paper forms marked is_historic, and carry a fingerprint of the row
  (term, course, submitted_on, would_attend_again, rating, helped, could_be_better, and which
  occurrence of that row in the file it is), so importing the same file twice adds nothing while two
  identical forms in one file still count as two.
- A file with errors imports nothing unless import_valid_rows is set. Bulk: a handful of queries per
  file, never one per row.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from warp.core.imports import ImportReport, RowError, parse_date, read_table
from warp.feedback.models import (
    COULD_BE_BETTER,
    HELPED,
    RATING,
    WOULD_ATTEND_AGAIN,
    Answer,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSource,
    WouldAttendAgain,
)
from warp.prospectus.models import Course, Term
from warp.prospectus.queries import by_lowered_name
from warp.prospectus.services import HistoricTerm, historic_runs_find_or_create

COLUMNS = [  # every one is needed; in this order in the downloadable template
    "term",
    "course",
    "submitted_on",
    "would_attend_again",
    "rating",
    "helped",
    "could_be_better",
    "quote_consent",
]
ATTEND_VALUES = {
    "yes": WouldAttendAgain.YES,
    "no": WouldAttendAgain.NO,
    "not sure": WouldAttendAgain.NOT_SURE,
}
CONSENT_VALUES = {"yes": True, "no": False}
CHUNK = 900  # keeps `IN (...)` lists well inside every database's limit


@dataclass
class _Row:
    number: int
    term: str
    course: str
    submitted_on: date
    would_attend_again: str
    rating: int | None
    helped: str
    could_be_better: str
    quote_consent: bool
    key: str = ""


@dataclass
class _NewTerm:
    name: str
    first_row: int
    starts_on: date
    ends_on: date


def _parse_row(number: int, cells: dict[str, str], today: date) -> tuple[_Row | None, list[RowError]]:
    errors: list[RowError] = []

    def error(column: str, reason: str) -> None:
        errors.append(RowError(row=number, column=column, reason=reason))

    term = " ".join(cells.get("term", "").split())
    course = " ".join(cells.get("course", "").split())
    if not term:
        error("term", "Write the term's name, for example 'Spring 2013'.")
    elif len(term) > 100:
        error("term", "The term's name is longer than 100 characters; shorten it.")
    if not course:
        error("course", "Write the course's title.")
    elif len(course) > 200:
        error("course", "The course title is longer than 200 characters; shorten it.")

    submitted_text = cells.get("submitted_on", "")
    submitted_on = parse_date(submitted_text)
    if not submitted_text:
        error("submitted_on", "Write the date the form was filled in, as YYYY-MM-DD or DD/MM/YYYY.")
    elif submitted_on is None:
        error(
            "submitted_on", f"'{submitted_text}' is not a date we can read; write YYYY-MM-DD or DD/MM/YYYY."
        )
    elif submitted_on > today:
        error("submitted_on", f"{submitted_on:%d/%m/%Y} is in the future; check the year.")

    attend_text = " ".join(cells.get("would_attend_again", "").replace("_", " ").lower().split())
    attend = ATTEND_VALUES.get(attend_text)
    if attend is None:
        error("would_attend_again", "Write yes, no or not sure.")

    rating_text = cells.get("rating", "")
    rating: int | None = None
    if rating_text:
        if rating_text in {"1", "2", "3", "4", "5"}:
            rating = int(rating_text)
        else:
            error(
                "rating",
                f"'{rating_text}' is not a rating; write a whole number from 1 to 5, or leave it blank.",
            )

    consent = CONSENT_VALUES.get(cells.get("quote_consent", "").strip().lower())
    if consent is None:
        error("quote_consent", "Write yes if the person agreed to be quoted, otherwise no.")

    if errors:
        return None, errors
    assert submitted_on is not None and attend is not None and consent is not None
    return (
        _Row(
            number=number,
            term=term,
            course=course,
            submitted_on=submitted_on,
            would_attend_again=attend,
            rating=rating,
            helped=cells.get("helped", "").strip(),
            could_be_better=cells.get("could_be_better", "").strip(),
            quote_consent=consent,
        ),
        [],
    )


def _fingerprint(row: _Row, occurrence: int) -> str:
    parts = [
        row.term.lower(),
        row.course.lower(),
        row.submitted_on.isoformat(),
        row.would_attend_again,
        "" if row.rating is None else str(row.rating),
        row.helped,
        row.could_be_better,
        str(occurrence),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(
            FeedbackResponse.objects.filter(
                is_historic=True, import_key__in=keys[start : start + CHUNK]
            ).values_list("import_key", flat=True)
        )
    return found


def import_feedback(
    data: bytes, filename: str, *, dry_run: bool, import_valid_rows: bool, imported_by
) -> ImportReport:
    table = read_table(data, filename, set(COLUMNS))
    report = ImportReport.for_table("feedback", table, dry_run=dry_run)
    today = timezone.localdate()

    rows: list[_Row] = []
    occurrences: dict[str, int] = {}
    for number, cells in table.rows:
        row, errors = _parse_row(number, cells, today)
        report.errors.extend(errors)
        if row is None:
            continue
        base = _fingerprint(row, 0)
        occurrences[base] = occurrences.get(base, 0) + 1
        row.key = _fingerprint(row, occurrences[base])
        rows.append(row)

    terms = by_lowered_name(Term, "name", {row.term for row in rows})
    courses = by_lowered_name(Course, "title", {row.course for row in rows})
    new_terms: dict[str, _NewTerm] = {}
    new_courses: dict[str, int] = {}
    for row in rows:
        name = row.term.lower()
        if name not in terms:
            span = new_terms.setdefault(
                name, _NewTerm(row.term, row.number, row.submitted_on, row.submitted_on)
            )
            span.starts_on = min(span.starts_on, row.submitted_on)
            span.ends_on = max(span.ends_on, row.submitted_on)
        if row.course.lower() not in courses:
            new_courses.setdefault(row.course.lower(), row.number)
    for span in new_terms.values():
        report.notes.append(
            RowError(
                row=span.first_row,
                column="term",
                reason=f"'{span.name}' is not a term here, so it will be added as a historic term "
                f"({span.starts_on:%d/%m/%Y} to {span.ends_on:%d/%m/%Y}, from the dates of its rows).",
            )
        )
    first_spelling = {row.course.lower(): row.course for row in reversed(rows)}
    for lowered, first_row in new_courses.items():
        report.notes.append(
            RowError(
                row=first_row,
                column="course",
                reason=f"'{first_spelling[lowered]}' is not a course here, so it will be added as a historic course.",
            )
        )

    present = _existing_keys([row.key for row in rows])
    fresh = [row for row in rows if row.key not in present]
    report.already_present = len(rows) - len(fresh)

    if dry_run or (report.errors and not import_valid_rows):
        return report

    with transaction.atomic():
        _save(fresh, new_terms=new_terms, imported_by=imported_by)
    report.created = len(fresh)
    report.saved = True
    return report


def _save(rows: list[_Row], *, new_terms, imported_by) -> None:
    runs = historic_runs_find_or_create(
        pairs=[(row.term, row.course) for row in rows],
        new_terms=[HistoricTerm(span.name, span.starts_on, span.ends_on) for span in new_terms.values()],
        by=imported_by,
    )
    responses = []
    for row in rows:
        response = FeedbackResponse(
            course_run=runs[(row.term.lower(), row.course.lower())],
            source=FeedbackSource.PAPER,
            submitted_on=row.submitted_on,
            entered_by=imported_by,
            quote_consent=row.quote_consent,
            would_attend_again=row.would_attend_again,
            rating=row.rating,
            is_historic=True,
            import_key=row.key,
        )
        # Foreign keys were just fetched or made; checking each one again would be a query per row.
        response.full_clean(
            exclude=["course_run", "entered_by"], validate_unique=False, validate_constraints=False
        )
        responses.append(response)
    FeedbackResponse.objects.bulk_create(responses, batch_size=500)

    questions = {
        q.code: q
        for q in FeedbackQuestion.objects.filter(
            code__in=[WOULD_ATTEND_AGAIN, RATING, HELPED, COULD_BE_BETTER]
        )
    }
    answers = []
    for row, response in zip(rows, responses, strict=True):
        values = [
            (WOULD_ATTEND_AGAIN, row.would_attend_again, None),
            (RATING, "", row.rating),
            (HELPED, row.helped, None),
            (COULD_BE_BETTER, row.could_be_better, None),
        ]
        for code, text, rating in values:
            if code in questions and (text or rating is not None):
                answers.append(Answer(response=response, question=questions[code], text=text, rating=rating))
    Answer.objects.bulk_create(answers, batch_size=1000)
