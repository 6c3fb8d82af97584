"""Report arithmetic for bookings, attendance, completion and feedback, checked against hand counts."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_run, make_student, make_term
from warp.bookings.models import Mark
from warp.bookings.services import attendance_mark, booking_cancel, booking_create
from warp.evaluation.queries import evaluation_report
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_submit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START, END = TODAY - timedelta(days=60), TODAY


def _book_and_mark(run, marks_per_student, by):
    """marks_per_student: one list of marks per student, one mark per session (None = not marked)."""
    sessions = list(run.sessions.order_by("date"))
    students = []
    for marks in marks_per_student:
        student = make_student()
        booking_create(student=student, course_run=run, by=None)
        for session, mark in zip(sessions, marks, strict=True):
            if mark is not None:
                attendance_mark(session=session, student=student, mark=mark, by=by)
        students.append(student)
    return students


P, A, S = Mark.PRESENT, Mark.ABSENT, Mark.APOLOGIES


@pytest.fixture
def centre(personas):
    trainer = personas["peer_trainer"]
    autumn, spring = make_term("Autumn"), make_term("Spring", starts_on=START + timedelta(days=1))
    depression = make_run(
        term=autumn, places=4, title="Understanding Depression", session_days=[-40, -33, -26, -19]
    )
    _book_and_mark(depression, [[P, P, P, P], [P, A, P, S], [A, P, A, A], [A, A, A, A]], trainer)
    waiting = make_student()
    booking_create(student=waiting, course_run=depression, by=None)  # full: waits, not counted
    leaving = make_student()
    booking = booking_create(student=leaving, course_run=depression, by=None).booking
    booking_cancel(booking=booking, by=None)  # cancelled: not counted
    narratives = make_run(term=spring, places=10, title="Recovery Narratives", session_days=[-5, -2])
    _book_and_mark(narratives, [[P, P]], trainer)
    later = make_run(
        term=spring, places=10, title="Early Warning Signs", session_days=[30]
    )  # after the period
    _book_and_mark(later, [[None]], trainer)
    return {"depression": depression, "narratives": narratives, "later": later}


def test_attendance_completion_and_dropout_match_a_hand_count(centre):
    courses = evaluation_report(start=START, end=END).courses

    assert courses.runs == 2
    depression = next(row for row in courses.by_course if row.label == "Understanding Depression")
    # 4 booked; 3 came at least once; 2 came to at least half; 7 present of 16 marks.
    assert (depression.booked, depression.started, depression.completed) == (4, 3, 2)
    assert depression.completion_percent == 50.0
    assert depression.dropout_percent == 33.3
    assert depression.attendance_percent == 43.8
    total = courses.total
    assert (total.booked, total.started, total.completed) == (5, 4, 3)
    assert total.attendance_percent == round(100 * 9 / 18, 1)
    assert [row.label for row in courses.by_term] == ["Autumn", "Spring"]
    assert [row.label for row in courses.by_course] == ["Recovery Narratives", "Understanding Depression"]


def test_runs_with_no_session_in_the_period_are_left_out(centre):
    labels = [row.label for row in evaluation_report(start=START, end=END).courses.by_course]
    assert "Early Warning Signs" not in labels
    later = evaluation_report(start=END, end=END + timedelta(days=40)).courses
    assert [row.label for row in later.by_course] == ["Early Warning Signs"]
    assert later.total.attendance_percent is None  # its session has not happened yet


def _feedback(run, *, on, by, would=None, rating=None):
    answers = {"helped": "Meeting people who understood."}
    if would:
        answers["would_attend_again"] = would
    if rating:
        answers["rating"] = rating
    return feedback_submit(
        course_run=run,
        answers=answers,
        source=FeedbackSource.PAPER,
        entered_by=by,
        quote_consent=False,
        submitted_on=on,
    )


def test_would_attend_again_is_a_share_of_those_who_answered(centre, personas):
    depression, narratives = centre["depression"], centre["narratives"]
    tutor = personas["admissions_tutor"]
    for would, rating in [("yes", 5), ("yes", 4), ("no", 3), ("not_sure", None), (None, 2)]:
        _feedback(depression, on=TODAY - timedelta(days=10), by=tutor, would=would, rating=rating)
    _feedback(depression, on=START - timedelta(days=1), by=tutor, would="no", rating=1)  # before the period
    _feedback(narratives, on=TODAY, by=tutor, would="yes", rating=5)

    feedback = evaluation_report(start=START, end=END).feedback

    assert (feedback.responses, feedback.answered) == (6, 5)
    assert feedback.would_attend_again_percent == 60.0
    assert feedback.average_rating == round((5 + 4 + 3 + 2 + 5) / 5, 1)
    autumn, spring = feedback.by_term
    assert (autumn.label, autumn.responses, autumn.would_attend_again_percent) == ("Autumn", 5, 50.0)
    assert autumn.average_rating == 3.5
    assert (spring.label, spring.responses, spring.would_attend_again_percent) == ("Spring", 1, 100.0)


def test_an_empty_period_gives_empty_figures_not_errors(db):
    report = evaluation_report(start=START, end=END)
    assert report.courses.runs == 0 and report.courses.by_term == []
    assert report.courses.total.completion_percent is None
    assert report.feedback.responses == 0 and report.feedback.would_attend_again_percent is None


MARKS = st.sampled_from([P, A, S, None])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    matrix=st.lists(st.lists(MARKS, min_size=3, max_size=3), min_size=1, max_size=6),
    answers=st.lists(
        st.tuples(st.sampled_from(["yes", "no", "not_sure", None]), st.sampled_from([None, 1, 2, 3, 4, 5])),
        max_size=8,
    ),
)
def test_report_agrees_with_an_independent_recount_on_random_centres(personas, matrix, answers):
    with transaction.atomic():
        run = make_run(places=len(matrix), session_days=[-21, -14, -7])
        _book_and_mark(run, matrix, personas["peer_trainer"])
        for would, rating in answers:
            _feedback(
                run, on=TODAY - timedelta(days=3), by=personas["admissions_tutor"], would=would, rating=rating
            )

        report = evaluation_report(start=START, end=END)

        presents = [sum(1 for m in row if m == P) for row in matrix]
        started = sum(1 for n in presents if n > 0)
        completed = sum(1 for n in presents if n > 0 and n * 2 >= 3)
        marked = sum(1 for row in matrix for m in row if m is not None)
        total = report.courses.total
        assert (total.booked, total.started, total.completed) == (len(matrix), started, completed)
        expected_attendance = round(100 * sum(presents) / marked, 1) if marked else None
        assert total.attendance_percent == expected_attendance
        answered = [w for w, _ in answers if w]
        expected_yes = round(100 * answered.count("yes") / len(answered), 1) if answered else None
        assert report.feedback.would_attend_again_percent == expected_yes
        ratings = [r for _, r in answers if r]
        assert report.feedback.average_rating == (round(sum(ratings) / len(ratings), 1) if ratings else None)
        transaction.set_rollback(True)


def test_csv_and_json_carry_the_same_course_and_feedback_figures(centre, personas, client_for):
    import csv
    import io
    import json

    from django.urls import reverse

    _feedback(centre["depression"], on=TODAY, by=personas["admissions_tutor"], would="yes", rating=4)
    client = client_for("centre_manager")
    query = f"?start={START.isoformat()}&end={END.isoformat()}"
    data = json.loads(client.get(reverse("evaluation:report-json") + query).content)
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("evaluation:report-csv") + query).content.decode()))
    )
    by_course = {(r["group"], r["measure"]): r["value"] for r in rows if r["section"] == "courses.by_course"}
    depression = next(c for c in data["courses"]["by_course"] if c["label"] == "Understanding Depression")
    for measure in ("booked", "started", "completed", "attendance_percent"):
        assert str(depression[measure]) == by_course[("Understanding Depression", measure)]
    assert data["feedback"]["responses"] == 1 and data["feedback"]["would_attend_again_percent"] == 100.0
    feedback = {r["measure"]: r["value"] for r in rows if r["section"] == "feedback"}
    assert feedback["would_attend_again_percent"] == "100.0"


def test_commissioners_see_rates_only_for_groups_larger_than_seven(centre):
    from warp.evaluation.disclosure import DisclosureRule, for_commissioners

    safe = for_commissioners(evaluation_report(start=START, end=END), DisclosureRule(threshold=7, base=5))
    depression = next(row for row in safe.courses.by_course if row.label == "Understanding Depression")
    assert (depression.booked, depression.started, depression.completed) == ("*", "*", "*")
    assert depression.completion_percent == "*" and depression.attendance_percent == "*"
    assert safe.courses.runs == "*"


def test_commissioner_rates_come_from_the_exact_counts_as_whole_numbers(personas):
    from warp.evaluation.disclosure import DisclosureRule, for_commissioners

    run = make_run(places=30, title="Sleep and Wellbeing", session_days=[-14, -7])
    # 23 booked; 12 came to both sessions (completed); 11 never came.
    _book_and_mark(run, [[P, P]] * 12 + [[A, A]] * 11, personas["peer_trainer"])
    staff = evaluation_report(start=START, end=END)
    row = next(r for r in staff.courses.by_course if r.label == "Sleep and Wellbeing")
    assert (row.booked, row.completed, row.completion_percent) == (23, 12, 52.2)

    safe = next(
        r
        for r in for_commissioners(staff, DisclosureRule(threshold=7, base=5)).courses.by_course
        if r.label == "Sleep and Wellbeing"
    )

    assert (safe.booked, safe.completed) == (25, 10)
    # Issue 14, 2.15: from the exact 12 of 23 (52.2%), not from the rounded 10 of 25 shown beside it (40%).
    assert safe.completion_percent == 52
    assert safe.attendance_percent == 52.0  # whole numbers only
