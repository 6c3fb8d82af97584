"""Asking students automatically, at the moments each questionnaire's `ask_when` names (docs/measures.md).

The lower apps send the signals (students.signals, bookings.signals) inside their services' transactions;
these receivers make the requests through measure_requests_create (the many-student form of
measure_request_create), so asking twice never makes a second
waiting request for the same student, questionnaire and occasion. A student whose record is erased or
restricted is not asked.
"""

from collections.abc import Iterable
from typing import Any

from warp.measures.models import AskWhen, Instrument, Occasion
from warp.measures.services import measure_requests_create
from warp.prospectus.models import Session
from warp.students.models import Student


def _ask(*, student_ids: Iterable[int], instruments: list[Instrument], occasion: str) -> None:
    if not instruments:
        return
    students = list(
        Student.objects.filter(
            pk__in=list(student_ids), erasure__isnull=True, processing_restriction__isnull=True
        ).order_by("pk")
    )
    for instrument in instruments:  # two queries each, however many students
        measure_requests_create(students=students, instrument=instrument, occasion=occasion, by=None)


def ask_at_learning_plan(*, student: Student, is_new: bool, **kwargs: Any) -> None:
    """A baseline when a student's learning plan is first agreed (not when an agreed plan is changed)."""
    if is_new:
        instruments = list(Instrument.objects.filter(ask_when__in=AskWhen.with_plan_and_review()))
        _ask(student_ids=[student.pk], instruments=instruments, occasion=Occasion.BASELINE)


def ask_at_review(*, student: Student, **kwargs: Any) -> None:
    """A follow-up when a Learning Plan Review is recorded."""
    instruments = list(Instrument.objects.filter(ask_when__in=AskWhen.with_plan_and_review()))
    _ask(student_ids=[student.pk], instruments=instruments, occasion=Occasion.FOLLOW_UP)


def ask_at_first_and_last_session(*, session: Session, first_marked: list[int], **kwargs: Any) -> None:
    """When the register of a run's first session is taken, a baseline for each student marked on it for
    the first time; of its last session, a follow-up. A run of one session asks for the baseline only."""
    instruments = list(Instrument.objects.filter(ask_when__in=AskWhen.with_run_sessions()))
    if not instruments or not first_marked:
        return
    ordered = Session.objects.filter(course_run_id=session.course_run_id).order_by("date", "starts_at", "pk")
    first = ordered.values_list("pk", flat=True).first()
    last = ordered.reverse().values_list("pk", flat=True).first()
    if session.pk == first:
        _ask(student_ids=first_marked, instruments=instruments, occasion=Occasion.BASELINE)
    elif session.pk == last:
        _ask(student_ids=first_marked, instruments=instruments, occasion=Occasion.FOLLOW_UP)
