"""The grouped progress figures (term dashboard, evaluation report) agree with the per-booking rule."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student, make_term, sessions_all_deleted
from warp.bookings import queries
from warp.bookings.models import Booking, BookingStatus, Mark
from warp.bookings.services import attendance_mark, booking_cancel, booking_create
from warp.prospectus.models import CourseRun

pytestmark = pytest.mark.django_db


def _past_run(term, sessions: int, places: int = 10):
    today = timezone.localdate()
    run = make_run(places=places, term=term, session_days=[7 * (i + 1) for i in range(sessions)])
    for i, session in enumerate(run.sessions.order_by("date")):
        session.date = today - timedelta(days=7 * (sessions - i))
        session.save()
    return run


def _attend(run, student, present: int, absent: int = 0):
    sessions = list(run.sessions.order_by("date"))
    for session in sessions[:present]:
        attendance_mark(session=session, student=student, mark=Mark.PRESENT, by=None)
    for session in sessions[present : present + absent]:
        attendance_mark(session=session, student=student, mark=Mark.ABSENT, by=None)


def _centre():
    """Two terms; runs of 4, 3 and 0 sessions; students either side of the half-way completion line."""
    terms = [make_term(), make_term()]
    four, three = _past_run(terms[0], 4), _past_run(terms[0], 3)
    empty = make_run(term=terms[0], session_days=[7])  # its one session is deleted once it is booked
    other = _past_run(terms[1], 2)
    for run, presents in [(four, [0, 1, 2, 4]), (three, [1, 2, 3]), (other, [1, 0])]:
        for present in presents:
            student = make_student()
            booking_create(student=student, course_run=run, by=None)
            _attend(run, student, present, absent=1 if present < 2 else 0)
    booking_create(student=make_student(), course_run=empty, by=None)
    sessions_all_deleted(empty)
    leaver = make_student()
    booking = booking_create(student=leaver, course_run=four, by=None).booking
    _attend(four, leaver, 4)
    booking_cancel(booking=booking, by=None, reason="moved away")
    return terms


def _expected(runs, key):
    """booked/started/completed counted one booking at a time with bookings_with_progress()."""
    rows = queries.bookings_with_progress(
        Booking.objects.filter(course_run__in=runs, status=BookingStatus.BOOKED)
    ).values("present_count", "completed", group=F(key))  # type: ignore[misc]  # annotated
    expected: dict = {}
    for row in rows:
        figures = expected.setdefault(row["group"], [0, 0, 0])
        figures[0] += 1
        figures[1] += row["present_count"] > 0
        figures[2] += row["completed"]
    return expected


@pytest.mark.parametrize(
    ("by", "key"),
    [("run", "course_run_id"), ("term", "course_run__term_id"), ("course", "course_run__course_id")],
)
def test_grouped_progress_counts_each_booking_as_the_per_booking_rule_does(by, key):
    _centre()
    runs = CourseRun.objects.all()
    grouped = queries.progress_grouped(runs, by=by)
    expected = _expected(runs, key)
    assert {k: [p.booked, p.started, p.completed] for k, p in grouped.items()} == expected
    total = queries.progress_total(runs)
    assert [total.booked, total.started, total.completed] == [
        sum(v[i] for v in expected.values()) for i in range(3)
    ]


def test_completion_needs_half_the_sessions_present_on_the_grouped_path():
    terms = _centre()
    by_run = queries.progress_by_run(CourseRun.objects.filter(term=terms[0]))
    four = CourseRun.objects.filter(term=terms[0], sessions__isnull=False).distinct().order_by("pk")[0]
    # present at 0, 1, 2 and 4 of 4 sessions: three started, two at half or more (the cancelled one not counted)
    assert (by_run[four.pk].booked, by_run[four.pk].started, by_run[four.pk].completed) == (4, 3, 2)
    assert by_run[four.pk].present_marks == 7 + 4  # marks stay counted when a booking is cancelled later


def test_progress_by_term_and_course_adds_up_to_the_per_term_and_per_course_figures():
    _centre()
    runs = CourseRun.objects.all()
    cells = queries.progress_grouped(runs, by=("term", "course"))
    assert all(isinstance(key, tuple) and len(key) == 2 for key in cells)
    for position, by in enumerate(("term", "course")):
        summed: dict = {}
        for key, progress in cells.items():
            summed.setdefault(key[position], []).append(progress)
        assert {k: queries.progress_sum(v) for k, v in summed.items()} == queries.progress_grouped(
            runs, by=by
        )
    assert queries.progress_sum(cells.values()) == queries.progress_total(runs)


def test_term_totals_are_the_sum_of_the_runs():
    terms = _centre()
    runs = CourseRun.objects.filter(term=terms[0])
    assert queries.progress_sum(queries.progress_by_run(runs).values()) == queries.progress_for_term(terms[0])


def test_term_dashboard_shows_fifty_runs_a_page_with_whole_term_totals(personas, client_for):
    term = make_term()
    for _ in range(53):
        run = make_run(places=2, term=term, session_days=[1])
        booking_create(student=make_student(), course_run=run, by=None)
    client = client_for("centre_manager")
    first = client.get(reverse("bookings:term-dashboard"), {"term": term.pk}).content.decode()
    assert first.count("<tr>") == 50 + 1
    assert "Runs 1 to 50 of 53" in first
    assert "53 of 106" in first  # places taken of places, for the whole term
    assert f"?term={term.pk}&amp;page=2" in first
    second = client.get(reverse("bookings:term-dashboard"), {"term": term.pk, "page": 2}).content.decode()
    assert second.count("<tr>") == 3 + 1
    assert "53 of 106" in second
    assert 'Booked, started, completed</dt><dd class="nhsuk-summary-list__value">53, 0, 0' in second
