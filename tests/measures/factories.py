"""Questionnaires and responses made through the measures services, for the measures tests."""

from datetime import date

from tests.factories import make_finished_run, today, tutor
from warp.measures.models import Instrument, MeasureResponse, ResponseSource
from warp.measures.services import instrument_save, response_record
from warp.prospectus.models import CourseRun
from warp.students.models import Student


def instrument_data(**overrides) -> dict:
    """An invented four-item questionnaire: answers 1 to 5, item 2 reverse-scored, added up."""
    data = {
        "code": "calm-check",
        "name": "Calm Check",
        "licence": "Invented for the tests.",
        "items": [
            {"number": 1, "text": "I found a quiet moment today."},
            {"number": 2, "text": "Small things knocked me off course."},
            {"number": 3, "text": "I knew who I could talk to."},
            {"number": 4, "text": "I looked forward to something."},
        ],
        "response_min": 1,
        "response_max": 5,
        "reverse_items": [2],
        "score": "sum",
        "higher_is_better": True,
        "reliability": 0.84,
        "reference_sd": 5.0,
        "clinical_cutoff": 12,
    }
    data.update(overrides)
    if data.get("clinical_cutoff") is None:
        data.pop("clinical_cutoff", None)
    return data


def make_instrument(*, show_scores: bool | None = None, **overrides) -> Instrument:
    """An instrument through instrument_save; `show_scores` turns students' own scores on or off."""
    instrument, _ = instrument_save(data=instrument_data(**overrides), show_scores_to_students=show_scores)
    return instrument


def respond(
    student: Student,
    instrument: Instrument,
    on: date,
    occasion: str,
    answers: list[int | None],
    *,
    source: str = ResponseSource.PAPER,
    entered_by=None,
) -> MeasureResponse:
    if source == ResponseSource.PAPER and entered_by is None:
        entered_by = tutor()
    return response_record(
        student=student,
        instrument=instrument,
        completed_on=on,
        occasion=occasion,
        answers=answers,
        source=source,
        entered_by=entered_by,
    )


def run_with_session_on(day: date, title: str) -> CourseRun:
    """A finished online run of a new course with its one session on `day`."""
    return make_finished_run(session_days=[(day - today()).days], title=title)
