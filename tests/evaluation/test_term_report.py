import json

import pytest
from django.urls import reverse

from tests.factories import make_run, make_student, make_term
from warp.bookings.models import Mark
from warp.bookings.services import attendance_mark, booking_create
from warp.evaluation.queries import term_report
from warp.prospectus.models import RunStatus

pytestmark = pytest.mark.django_db


def test_each_run_of_the_term_gets_its_own_row(personas):
    term = make_term("Spring 2027")
    full = make_run(term=term, places=2, title="Peer Support Toolkit", session_days=[-14, -7])
    quiet = make_run(term=term, places=10, title="Early Warning Signs", session_days=[-10])
    make_run(term=term, title="Cancelled Course", status=RunStatus.CANCELLED)
    students = [make_student() for _ in range(3)]
    for student in students:
        booking_create(student=student, course_run=full, by=None)
    for session in full.sessions.all():
        attendance_mark(session=session, student=students[0], mark=Mark.PRESENT, by=personas["peer_trainer"])
        attendance_mark(session=session, student=students[1], mark=Mark.ABSENT, by=personas["peer_trainer"])

    report = term_report(term)

    rows = {run.course: run for run in report.runs}
    assert list(rows) == ["Early Warning Signs", "Peer Support Toolkit"]  # cancelled runs are left out
    toolkit = rows["Peer Support Toolkit"]
    assert (toolkit.places, toolkit.progress.booked, toolkit.waiting, toolkit.progress.completed) == (
        2,
        2,
        1,
        1,
    )
    assert toolkit.progress.attendance_percent == 50.0
    assert rows["Early Warning Signs"].progress.booked == 0 and quiet.pk == rows["Early Warning Signs"].run_id
    assert report.term == "Spring 2027" and report.period.start == term.starts_on


def test_term_report_page_and_json_show_the_runs(personas, client_for, django_assert_max_num_queries):
    term = make_term("Autumn 2026")
    client = client_for("centre_manager")

    def page_with(n):
        for _ in range(n):
            run = make_run(term=term, session_days=[-7])
            booking_create(student=make_student(), course_run=run, by=None)
        # The evaluation report's 24 queries (2 of them session and user; 5 for workshops, activities and
        # cohorts; 4 the coders' agreement; 1 the questionnaires for the cohorts' before and after, and 4 for
        # each), then the term,
        # the runs with places, per-run progress (2) and per-run feedback; sessions started today and the
        # data version for the kept body and report (3, warp/core/kept.py).
        with django_assert_max_num_queries(34):
            page = client.get(reverse("evaluation:term-report", args=[term.pk]))
        assert page.status_code == 200
        return page

    page_with(2)
    page = page_with(20)
    assert "Each course run this term" in page.content.decode()
    data = json.loads(client.get(reverse("evaluation:term-report-json", args=[term.pk])).content)
    assert data["term"] == "Autumn 2026" and len(data["runs"]) == 22


def test_commissioners_never_get_per_run_detail(client_for, personas):
    term = make_term()
    assert (
        client_for("commissioner").get(reverse("evaluation:term-report", args=[term.pk])).status_code == 403
    )
