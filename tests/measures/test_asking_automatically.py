"""A questionnaire's `ask_when`: students asked automatically at a learning plan, a review, and a run's
first and last session (measures/receivers.py), through measure_request_create, never twice while waiting."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import book, make_review, make_run, make_student, manager, tutor
from tests.measures.factories import make_instrument, respond
from tests.measures.test_instruments import _form
from warp.bookings.models import Mark
from warp.bookings.services import attendance_marks_record
from warp.measures.models import AskWhen, Instrument, MeasureRequest, Occasion
from warp.measures.services import instrument_save
from warp.students.models import StudentStatus
from warp.students.services import learning_plan_agree

pytestmark = pytest.mark.django_db


def _asked(**filters) -> list[tuple[str, str, str]]:
    return sorted(
        (request.student.last_name, request.instrument.code, request.occasion)
        for request in MeasureRequest.objects.waiting()
        .filter(**filters)
        .select_related("student", "instrument")
    )


def _agree(student) -> None:
    learning_plan_agree(student=student, agreed_by=tutor(), hopes_and_goals="To feel steadier.")


def _register(session, students, *, mark=Mark.PRESENT) -> None:
    later = timezone.now() + timedelta(days=90)
    attendance_marks_record(session=session, marks={s: mark for s in students}, by=None, now=later)


def test_a_new_questionnaire_is_asked_by_hand_only():
    assert make_instrument().ask_when == AskWhen.BY_HAND


def test_by_hand_only_asks_nobody_at_a_plan_a_review_or_a_register():
    make_instrument()
    student = make_student(status=StudentStatus.AWAITING_PLAN)
    _agree(student)
    make_review(student)
    run = make_run(session_days=(7, 14))
    book(student, run)
    for session in run.sessions.all():
        _register(session, [student])
    assert not MeasureRequest.objects.exists()


def test_agreeing_a_learning_plan_asks_for_a_baseline_once():
    instrument = make_instrument(code="calm-check")
    instrument_save(data={**_data(instrument)}, ask_when=AskWhen.PLAN_AND_REVIEW)
    make_instrument(code="by-hand-one")
    student = make_student(status=StudentStatus.AWAITING_PLAN, last_name="Ashdown")
    _agree(student)
    assert _asked() == [("Ashdown", "calm-check", Occasion.BASELINE)]
    request = MeasureRequest.objects.get()
    assert request.requested_by is None
    _agree(student)  # the agreed plan changed: not a new plan, so nobody is asked again
    assert MeasureRequest.objects.count() == 1


def test_recording_a_review_asks_for_a_follow_up_and_never_two_waiting():
    student = make_student(last_name="Brook")  # plan agreed before the setting: no baseline
    instrument = make_instrument(code="calm-check")
    instrument_save(data=_data(instrument), ask_when=AskWhen.PLAN_AND_REVIEW)
    assert not MeasureRequest.objects.exists()
    make_review(student)
    make_review(student, changes="Walking further now.")
    assert _asked() == [("Brook", "calm-check", Occasion.FOLLOW_UP)]


def test_a_follow_up_is_asked_again_once_the_last_was_answered():
    student = make_student(last_name="Carr")
    instrument = make_instrument(code="calm-check")
    instrument_save(data=_data(instrument), ask_when=AskWhen.PLAN_AND_REVIEW)
    make_review(student)
    respond(student, instrument, timezone.localdate(), Occasion.FOLLOW_UP, [3, 3, 3, 3])
    MeasureRequest.objects.filter(student=student).update(
        response=student.measure_responses.get()
    )  # answered, as the portal links it
    make_review(student, changes="Another step.")
    assert _asked() == [("Carr", "calm-check", Occasion.FOLLOW_UP)]
    assert MeasureRequest.objects.count() == 2


def test_the_first_sessions_register_asks_for_a_baseline_and_the_last_for_a_follow_up():
    dee, eve = make_student(last_name="Dee"), make_student(last_name="Eve")
    instrument = make_instrument(code="calm-check")
    instrument_save(data=_data(instrument), ask_when=AskWhen.RUN_SESSIONS)
    run = make_run(session_days=(7, 14, 21))
    first, middle, last = run.sessions.order_by("date")
    book(dee, run)
    book(eve, run)
    _register(first, [dee, eve], mark=Mark.ABSENT)  # absent too: they have a place on the run
    assert _asked() == [("Dee", "calm-check", Occasion.BASELINE), ("Eve", "calm-check", Occasion.BASELINE)]
    _register(first, [dee], mark=Mark.PRESENT)  # a correction asks nobody
    _register(middle, [dee, eve])
    assert MeasureRequest.objects.count() == 2
    _register(last, [dee])
    assert _asked(occasion=Occasion.FOLLOW_UP) == [("Dee", "calm-check", Occasion.FOLLOW_UP)]
    assert MeasureRequest.objects.count() == 3


def test_plan_and_review_does_not_ask_at_sessions_and_run_sessions_does_not_ask_at_a_plan():
    plan_one = make_instrument(code="plan-one")
    instrument_save(data=_data(plan_one), ask_when=AskWhen.PLAN_AND_REVIEW)
    run_one = make_instrument(code="run-one")
    instrument_save(data=_data(run_one), ask_when=AskWhen.RUN_SESSIONS)
    every = make_instrument(code="every-one")
    instrument_save(data=_data(every), ask_when=AskWhen.ALL)
    student = make_student(status=StudentStatus.AWAITING_PLAN, last_name="Fenn")
    _agree(student)
    assert _asked() == [("Fenn", "every-one", "baseline"), ("Fenn", "plan-one", "baseline")]
    MeasureRequest.objects.all().delete()
    run = make_run(session_days=(7, 14))
    book(student, run)
    _register(run.sessions.order_by("date").first(), [student])
    assert _asked() == [("Fenn", "every-one", "baseline"), ("Fenn", "run-one", "baseline")]


def test_the_setting_is_chosen_on_the_questionnaires_page_and_kept_when_it_is_edited(client_for):
    client = client_for("centre_manager")
    client.post(reverse("measures:instrument-create"), _form(ask_when=AskWhen.RUN_SESSIONS))
    instrument = Instrument.objects.get(code="steady-steps")
    assert instrument.ask_when == AskWhen.RUN_SESSIONS
    page = client.get(reverse("measures:instrument-edit", args=[instrument.pk])).content.decode()
    assert re.search(r'<input[^>]*value="run-sessions"[^>]*checked', page)
    client.post(reverse("measures:instrument-edit", args=[instrument.pk]), _form(ask_when=AskWhen.BY_HAND))
    instrument.refresh_from_db()
    assert instrument.ask_when == AskWhen.BY_HAND


def _data(instrument) -> dict:
    from warp.measures.services import instrument_as_data

    return instrument_as_data(instrument)


def test_a_student_whose_record_is_restricted_is_not_asked():
    from warp.privacy.services import restriction_set

    gil, hal = make_student(last_name="Gil"), make_student(last_name="Hal")
    instrument = make_instrument(code="calm-check")
    instrument_save(data=_data(instrument), ask_when=AskWhen.ALL)
    run = make_run(session_days=(7, 14))
    book(gil, run)
    book(hal, run)
    restriction_set(student=hal, by=manager(), basis="Accuracy contested")
    make_review(hal)
    _register(run.sessions.order_by("date").first(), [gil, hal])
    assert _asked() == [("Gil", "calm-check", Occasion.BASELINE)]


@pytest.mark.parametrize("students", [3, 30])
def test_asking_at_a_register_takes_the_same_queries_for_3_students_or_30(
    students, django_assert_max_num_queries
):
    instrument = make_instrument(code="calm-check")
    instrument_save(data=_data(instrument), ask_when=AskWhen.RUN_SESSIONS)
    run = make_run(places=40, session_days=(7, 14))
    marked = [make_student() for _ in range(students)]
    for student in marked:
        book(student, run)
    session = run.sessions.order_by("date").first()
    # the save (savepoint, bookings, marks locked, new marks, history, audit, release: 7); the asking: the
    # questionnaires, the run's first and last session, the students, then per questionnaire a savepoint,
    # the requests waiting, the new ones and the release (8)
    with django_assert_max_num_queries(15):
        _register(session, marked)
    assert MeasureRequest.objects.waiting().filter(occasion=Occasion.BASELINE).count() == students
