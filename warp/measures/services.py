"""What people do with questionnaires: define an instrument, ask a student, record a response."""

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from warp.accounts.models import User
from warp.measures.models import (
    AskWhen,
    Instrument,
    InstrumentVersion,
    MeasureRequest,
    MeasureResponse,
    Occasion,
    ResponseSource,
)
from warp.measures.scoring import VERSION_FIELDS, answers_problem, check_instrument, score_of
from warp.students.models import Student

CREATED, UPDATED, NEW_VERSION, UNCHANGED = "created", "updated", "new version", "unchanged"


def _version_fields(version: InstrumentVersion) -> dict[str, Any]:
    return {name: getattr(version, name) for name in VERSION_FIELDS}


@transaction.atomic
def instrument_save(
    *, data: Mapping[str, Any], show_scores_to_students: bool | None = None, ask_when: str | None = None
) -> tuple[Instrument, str]:
    """Create or update the instrument `data["code"]` names (fields as in the JSON file).

    Returns the instrument and what happened: created, updated, new version or unchanged. A change to the
    scoring (VERSION_FIELDS) of an instrument whose current version has responses makes a new version;
    the old responses keep the version they were scored with. Raises ValidationError naming each bad field.
    """
    clean = check_instrument(data)
    instrument = Instrument.objects.select_for_update().filter(code=clean["code"]).first()
    scoring = {name: clean[name] for name in VERSION_FIELDS}
    if instrument is None:
        instrument = Instrument(
            code=clean["code"],
            name=clean["name"],
            licence=clean["licence"],
            show_scores_to_students=bool(show_scores_to_students),
            ask_when=ask_when or AskWhen.BY_HAND,
        )
        instrument.full_clean()
        instrument.save()
        _version_create(instrument, number=1, scoring=scoring)
        return instrument, CREATED

    outcome = UNCHANGED
    own = {"name": clean["name"], "licence": clean["licence"]}
    if show_scores_to_students is not None:
        own["show_scores_to_students"] = show_scores_to_students
    if ask_when is not None:
        own["ask_when"] = ask_when
    if any(getattr(instrument, name) != value for name, value in own.items()):
        for name, value in own.items():
            setattr(instrument, name, value)
        instrument.full_clean()
        instrument.save()
        outcome = UPDATED
    current = instrument.current
    if _version_fields(current) != scoring:
        if current.responses.exists():
            _version_create(instrument, number=current.number + 1, scoring=scoring)
            return instrument, NEW_VERSION
        for name, value in scoring.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
        outcome = UPDATED
    return instrument, outcome


def _version_create(instrument: Instrument, *, number: int, scoring: dict[str, Any]) -> InstrumentVersion:
    version = InstrumentVersion(instrument=instrument, number=number, **scoring)
    version.full_clean()
    version.save()
    return version


def instrument_as_data(instrument: Instrument) -> dict[str, Any]:
    """The instrument as the JSON file's fields (its current version): what `measures load` reads back."""
    data: dict[str, Any] = {"code": instrument.code, "name": instrument.name, "licence": instrument.licence}
    data |= _version_fields(instrument.current)
    if not data["conversion"]:
        del data["conversion"]
    if data["clinical_cutoff"] is None:
        del data["clinical_cutoff"]
    return data


def instrument_load(text: str) -> tuple[Instrument, str]:
    """`warp measures load FILE.json`: the file's instrument created or updated (ValidationError if bad)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            {"file": f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."}
        ) from None
    if not isinstance(data, dict):
        raise ValidationError({"file": "The file must hold one instrument: a JSON object { ... }."})
    return instrument_save(data=data)


def _check_date(completed_on: date) -> None:
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date cannot be in the future."})


@transaction.atomic
def response_record(
    *,
    student: Student,
    instrument: Instrument,
    completed_on: date,
    occasion: str,
    answers: Sequence[int | None],
    source: str,
    entered_by: User | None = None,
    request: MeasureRequest | None = None,
) -> MeasureResponse:
    """Store one questionnaire with the instrument's current version; scored only when every item is
    answered. A second response for the same student, instrument, date and occasion is refused."""
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": "Choose baseline or follow-up."})
    if source not in ResponseSource.values:
        raise ValidationError("Unknown source.")
    _check_date(completed_on)
    version = instrument.current
    problem = answers_problem(version, answers)
    if problem:
        raise ValidationError(problem)
    if not any(answer is not None for answer in answers):
        raise ValidationError("Please answer at least one question, then save.")
    score = score_of(version, answers)
    response = MeasureResponse(
        student=student,
        instrument=instrument,
        version=version,
        completed_on=completed_on,
        occasion=occasion,
        answers=list(answers),
        is_complete=score is not None,
        score=score,
        source=source,
        entered_by=entered_by,
    )
    response.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                "completed_on": f"A {occasion} response to {instrument.name} on this date is already "
                "recorded for this student. Check the date, or the occasion."
            }
        ) from exc
    if request is not None:
        MeasureRequest.objects.filter(pk=request.pk, response__isnull=True).update(response=response)
    return response


@transaction.atomic
def measure_request_create(
    *, student: Student, instrument: Instrument, occasion: str, by: User | None
) -> MeasureRequest:
    """Ask a student to fill in a questionnaire in their portal. One waiting request per instrument and
    occasion: asking again returns the one already waiting."""
    return measure_requests_create(students=[student], instrument=instrument, occasion=occasion, by=by)[0]


@transaction.atomic
def measure_requests_create(
    *, students: Sequence[Student], instrument: Instrument, occasion: str, by: User | None
) -> list[MeasureRequest]:
    """Ask each of these students to fill in a questionnaire (see measure_request_create), in two queries
    however many students: the requests already waiting, then the new ones. Returns one request per
    student, in their order: the one already waiting, or the new one."""
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": "Choose baseline or follow-up."})
    waiting: dict[int, MeasureRequest] = {}
    for found in MeasureRequest.objects.waiting().filter(
        student_id__in=[student.pk for student in students], instrument=instrument, occasion=occasion
    ):
        waiting.setdefault(found.student_id, found)  # the newest, as the default ordering gives them
    new: list[MeasureRequest] = []
    today = timezone.localdate()
    for student in students:
        if student.pk in waiting:
            continue
        request = MeasureRequest(
            student=student, instrument=instrument, occasion=occasion, requested_on=today, requested_by=by
        )
        # The student, questionnaire and person were read just now; checking each again would be queries.
        request.full_clean(exclude=["student", "instrument", "requested_by", "response"])
        waiting[student.pk] = request
        new.append(request)
    MeasureRequest.objects.bulk_create(new)
    return [waiting[student.pk] for student in students]
