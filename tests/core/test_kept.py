"""Kept reports (warp/core/kept.py): computed once, shown again until their data change, never after."""

import re
import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.bookings.factories import make_run, make_student, make_term
from warp.bookings import staff_views
from warp.bookings.models import Booking, BookingStatus, Mark
from warp.bookings.queries import sessions_started_today
from warp.bookings.services import attendance_mark, booking_create
from warp.core.kept import data_version, kept
from warp.evaluation.queries import evaluation_report, term_report

pytestmark = pytest.mark.django_db


def _tracked_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'warp_changed_%%' AND NOT t.tgisinternal "
                "GROUP BY c.relname HAVING COUNT(*) = 1"
            )
            return {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'warp_changed_%' "
            "GROUP BY tbl_name HAVING COUNT(*) = 3"  # insert, update and delete
        )
        return {name for (name,) in cursor.fetchall()}


def _a_term_with_marks(personas):
    term = make_term("Spring 2027", starts_on=timezone.localdate() - timedelta(days=20))
    run = make_run(term=term, places=2, title="Peer Support Toolkit", session_days=[-14, -7])
    students = [make_student() for _ in range(3)]
    for student in students:
        booking_create(student=student, course_run=run, by=None)
    for session in run.sessions.all():
        attendance_mark(session=session, student=students[0], mark=Mark.PRESENT, by=personas["peer_trainer"])
    return term, run, students


def test_every_table_a_kept_report_reads_raises_the_data_version(personas):
    term, _run, _students = _a_term_with_marks(personas)
    today = timezone.localdate()
    known = set(connection.introspection.table_names())
    with CaptureQueriesContext(connection) as queries:
        evaluation_report(start=today - timedelta(days=365), end=today)
        term_report(term)
        staff_views._dashboard_figures(term, 1)
    read = {
        name for q in queries.captured_queries for name in re.findall(r'"(\w+)"', q["sql"]) if name in known
    }
    assert read, "the reports read no table at all: the test is not looking"
    assert read - _tracked_tables() == set()


def test_bulk_updates_and_deletes_that_send_no_signals_still_raise_the_data_version(personas):
    term, run, students = _a_term_with_marks(personas)
    before = data_version()
    Booking.objects.filter(course_run=run).update(created_at=F("created_at"))  # no signals are sent
    after_update = data_version()
    Booking.objects.filter(student=students[2]).delete()
    after_delete = data_version()
    assert before < after_update < after_delete


def _report_page(client, **period):
    return client.get(reverse("evaluation:report"), period)


def test_the_report_page_seen_again_is_not_recounted(
    client_for, personas, django_capture_on_commit_callbacks
):
    _a_term_with_marks(personas)
    client = client_for("centre_manager")
    with django_capture_on_commit_callbacks(execute=True):
        first = _report_page(client)
    with CaptureQueriesContext(connection) as counted, django_capture_on_commit_callbacks(execute=True):
        again = _report_page(client)
    assert again.status_code == first.status_code == 200
    assert "Peer Support Toolkit" in again.content.decode()
    # session, user, second factor, data version, sessions started today, audit: no report query at all
    report_tables = ("bookings_attendance", "students_student", "feedback_feedbackresponse")
    assert not [q for q in counted.captured_queries if any(t in q["sql"] for t in report_tables)]


def test_a_register_taken_shows_at_once_in_the_kept_report(
    client_for, personas, django_capture_on_commit_callbacks
):
    term, run, students = _a_term_with_marks(personas)
    client = client_for("centre_manager")
    url = reverse("evaluation:term-report", args=[term.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert "Peer Support Toolkit" in client.get(url).content.decode()
        kept_before = client.get(url).content
        for session in run.sessions.all():
            attendance_mark(
                session=session, student=students[1], mark=Mark.PRESENT, by=personas["peer_trainer"]
            )
        after = client.get(url).content
    assert after != kept_before
    assert term_report(term).runs[0].progress.completed == 2


def test_a_bulk_update_without_signals_shows_at_once_in_the_kept_dashboard(
    client_for, personas, django_capture_on_commit_callbacks
):
    term, run, _students = _a_term_with_marks(personas)
    client = client_for("centre_manager")
    url = reverse("bookings:term-dashboard")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url, {"term": term.pk}).content.decode()
        assert "2 of 2" in first
        run.__class__.objects.filter(pk=run.pk).update(places=9)  # a queryset update sends no signal
        again = client.get(url, {"term": term.pk}).content.decode()
    assert "2 of 9" in again


def test_figures_from_a_rolled_back_change_are_never_kept(personas, django_capture_on_commit_callbacks):
    term, run, students = _a_term_with_marks(personas)
    booked, waiting = Booking.objects.get(student=students[0]), Booking.objects.get(student=students[2])
    calls = []

    def compute():
        calls.append(1)
        return term_report(term).runs[0].progress.booked

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Booking.objects.filter(pk=booked.pk).update(status=BookingStatus.CANCELLED)  # one raise
                assert kept("test", (), compute) == 1
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    # Another write of the same size: the data version is now what it was inside the rolled-back change.
    Booking.objects.filter(pk=waiting.pk).update(created_at=F("created_at"))
    with django_capture_on_commit_callbacks(execute=True):
        assert kept("test", (), compute) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert kept("test", (), compute) == 2
    assert len(calls) == 2  # the rolled-back figures were dropped; the committed ones were kept


def test_a_session_starting_today_changes_the_kept_figures_key(personas):
    _term, run, _students = _a_term_with_marks(personas)
    eleven = timezone.make_aware(datetime.combine(timezone.localdate(), time(11)))
    assert sessions_started_today(eleven) == 0
    session = run.sessions.first()
    session.date, session.starts_at, session.ends_at = eleven.date(), time(10), time(12)
    session.save()
    assert sessions_started_today(eleven) == 1
    assert sessions_started_today(eleven - timedelta(hours=2)) == 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_in_two_open_transactions_never_wait_on_the_change_counter():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: two connections with open transactions (SQLite has one writer).")
    import psycopg

    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": settings["NAME"],
    }
    before = data_version()
    first = psycopg.connect(**params)
    second = psycopg.connect(**params)
    try:
        first.execute("UPDATE prospectus_term SET name = name")  # holds a counter row until it commits
        second.execute("SET lock_timeout = '2s'")
        errors = []

        def write():
            try:
                second.execute("UPDATE prospectus_venue SET name = name")
                second.commit()
            except psycopg.Error as error:  # a wait on the first writer's counter row would time out here
                errors.append(error)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(10)
        assert errors == [] and not writer.is_alive()
        first.commit()
    finally:
        first.close()
        second.close()
    assert data_version() == before + 2


def test_the_term_dashboard_seen_again_is_not_recounted(
    client_for, personas, django_capture_on_commit_callbacks
):
    term, _run, _students = _a_term_with_marks(personas)
    client = client_for("centre_manager")
    url = reverse("bookings:term-dashboard")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url, {"term": term.pk})
    with CaptureQueriesContext(connection) as counted, django_capture_on_commit_callbacks(execute=True):
        again = client.get(url, {"term": term.pk})
    assert again.status_code == first.status_code == 200
    assert "Peer Support Toolkit" in again.content.decode() and "2 of 2" in again.content.decode()
    assert not [q for q in counted.captured_queries if "bookings_" in q["sql"]]
