"""Kept reports (warp/core/kept.py): computed once, shown again until their data change, never after."""

import re
import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student, make_term
from warp.bookings import staff_views
from warp.bookings.models import Booking, BookingStatus, Mark
from warp.bookings.queries import sessions_started_today
from warp.bookings.services import attendance_mark, booking_create
from warp.core.kept import data_version, kept
from warp.evaluation.queries import evaluation_report, term_report
from warp.prospectus.views import public

pytestmark = pytest.mark.django_db


def _tracked_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'warp_changed_%%' AND NOT t.tgisinternal "
                "GROUP BY c.relname HAVING COUNT(*) = 1 OR COUNT(*) = 4"  # everywhere, or per term
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
        public._listing_for(QueryDict(), today)
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


def _kept_count(calls: list) -> int:
    def compute():
        calls.append(1)
        return len(calls)

    return kept("test-count", (), compute)


def test_a_restore_into_another_database_sharing_the_cache_keeps_this_databases_reports(
    monkeypatch, django_capture_on_commit_callbacks
):
    from warp.core.kept import forget_all

    calls: list = []
    with django_capture_on_commit_callbacks(execute=True):
        _kept_count(calls)
    # A scratch restore (`warp restore` with another DATABASE_URL, the same CACHE_URL) forgets its own.
    with monkeypatch.context() as scratch:
        scratch.setitem(connection.settings_dict, "NAME", "warp_scratch_restore")
        forget_all()
    with django_capture_on_commit_callbacks(execute=True):
        _kept_count(calls)
    assert len(calls) == 1  # the live database's report was still kept
    forget_all()  # a restore into this database does forget it
    with django_capture_on_commit_callbacks(execute=True):
        _kept_count(calls)
    assert len(calls) == 2


def test_reports_kept_by_other_code_are_never_read(monkeypatch, django_capture_on_commit_callbacks):
    from warp.core import kept as kept_module

    calls: list = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _kept_count(calls)
    assert len(calls) == 1
    monkeypatch.setattr(kept_module, "code_version", lambda: "code-after-an-upgrade")
    with django_capture_on_commit_callbacks(execute=True):
        _kept_count(calls)
    assert len(calls) == 2


def test_the_code_version_changes_with_any_source_file_and_only_then(tmp_path):
    from warp.core.kept import code_version, source_version

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text("SHAPE = 1\n")
    (tmp_path / "app" / "notes.txt").write_text("not code")
    first = source_version(tmp_path)
    assert source_version(tmp_path) == first
    (tmp_path / "app" / "notes.txt").write_text("still not code")
    assert source_version(tmp_path) == first
    (tmp_path / "app" / "views.py").write_text("SHAPE = 2\n")
    assert source_version(tmp_path) != first
    (tmp_path / "app" / "views.py").write_text("SHAPE = 1\n")
    (tmp_path / "app" / "new.py").write_text("")
    assert source_version(tmp_path) != first
    assert code_version() != "0.1.0" and code_version() == code_version()


def _last_years_term_and_this_terms_run(personas):
    """Last year's term with a register taken, and this term's run with a booked student, not yet marked."""
    last_year = make_term("Spring 2025", starts_on=timezone.localdate() - timedelta(days=400))
    old_run = make_run(term=last_year, title="Understanding Anxiety", session_days=[-390, -383])
    old_student = make_student()
    booking_create(student=old_student, course_run=old_run, by=None)
    for session in old_run.sessions.all():
        attendance_mark(session=session, student=old_student, mark=Mark.PRESENT, by=personas["peer_trainer"])
    this_term, run, students = _a_term_with_marks(personas)
    return last_year, this_term, run, students[1]


def _recounted(client, capture, url, params=None) -> list[str]:
    """The queries a page made that read register marks (a kept page makes none); what it keeps is kept."""
    with CaptureQueriesContext(connection) as counted, capture(execute=True):
        assert client.get(url, params or {}).status_code == 200
    return [q["sql"] for q in counted.captured_queries if "bookings_attendance" in q["sql"]]


def test_a_register_taken_in_one_term_leaves_another_terms_kept_reports_kept(
    client_for, personas, django_capture_on_commit_callbacks
):
    last_year, _this_term, run, student = _last_years_term_and_this_terms_run(personas)
    client = client_for("centre_manager")
    pages = [
        (reverse("evaluation:term-report", args=[last_year.pk]), {}),
        (reverse("evaluation:report"), {"start": last_year.starts_on, "end": last_year.ends_on}),
        (reverse("bookings:term-dashboard"), {"term": last_year.pk}),
    ]
    for url, params in pages:
        assert _recounted(client, django_capture_on_commit_callbacks, url, params)  # computed once
    for session in run.sessions.all():
        attendance_mark(session=session, student=student, mark=Mark.PRESENT, by=personas["peer_trainer"])
    for url, params in pages:
        assert _recounted(client, django_capture_on_commit_callbacks, url, params) == [], url  # still kept
    # A change to last year's own rows is shown at once.
    Booking.objects.filter(course_run__term=last_year).update(status=BookingStatus.CANCELLED)
    for url, params in pages:
        assert _recounted(client, django_capture_on_commit_callbacks, url, params), url


def test_a_register_taken_for_another_terms_session_in_the_period_shows_in_its_kept_report(
    client_for, personas, django_capture_on_commit_callbacks
):
    """A run of one term may have a session outside its term's dates: the period's report counts it, so a
    register taken there is a change to that report too."""
    last_year, this_term, _run, student = _last_years_term_and_this_terms_run(personas)
    late = make_run(term=this_term, title="Hearing Voices", session_days=[-385], outside_term=True)
    booking_create(student=student, course_run=late, by=None)
    client = client_for("centre_manager")
    url = reverse("evaluation:report")
    period = {"start": last_year.starts_on, "end": last_year.ends_on}
    with django_capture_on_commit_callbacks(execute=True):
        assert "Hearing Voices" in client.get(url, period).content.decode()
    assert _recounted(client, django_capture_on_commit_callbacks, url, period) == []
    attendance_mark(
        session=late.sessions.get(), student=student, mark=Mark.PRESENT, by=personas["peer_trainer"]
    )
    assert _recounted(client, django_capture_on_commit_callbacks, url, period)
    moved = late.sessions.get()
    moved.date = timezone.localdate() - timedelta(days=3)  # out of the period: no longer counted there
    moved.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert "Hearing Voices" not in client.get(url, period).content.decode()


def test_moving_a_session_or_a_run_raises_the_version_everywhere_and_other_writes_only_their_terms(personas):
    """Which terms a period's report reads follows sessions' dates and runs' terms: a write that changes
    them must change every report's key (a report computed meanwhile is never found again); a register
    mark, a booking or a run's places change only their own term's."""
    last_year, this_term, run, student = _last_years_term_and_this_terms_run(personas)
    from warp.core.kept import terms_version

    def versions():
        return dict(terms_version([last_year.pk, this_term.pk]))

    before = versions()
    run.__class__.objects.filter(pk=run.pk).update(places=20)
    Booking.objects.filter(course_run=run).update(created_at=F("created_at"))
    session = run.sessions.first()
    attendance_mark(session=session, student=student, mark=Mark.PRESENT, by=personas["peer_trainer"])
    session.__class__.objects.filter(pk=session.pk).update(starts_at=time(9))
    after = versions()
    assert after[0] == before[0] and after[last_year.pk] == before[last_year.pk]
    assert after[this_term.pk] > before[this_term.pk]
    session.__class__.objects.filter(pk=session.pk).update(date=F("date") - timedelta(days=1))
    assert versions()[0] > after[0]
    moved = versions()
    run.__class__.objects.filter(pk=run.pk).update(term=last_year)
    assert versions()[0] > moved[0]


def test_after_the_counters_are_emptied_a_term_write_first_still_leaves_the_no_term_counter_its_own(personas):
    """A flush (a demo reset) empties the counters; if a term's row is made first, a write to a table of no
    term must still raise the no-term counter, not that term's."""
    from warp.core.kept import terms_version
    from warp.core.models import DataChange

    term, run, _students = _a_term_with_marks(personas)
    from django.core.management.color import no_style

    with connection.cursor() as cursor:  # as `flush` does: the rows go and the ids start again
        for statement in connection.ops.sql_flush(no_style(), ["core_datachange"], reset_sequences=True):
            cursor.execute(statement)
    assert not DataChange.objects.exists()
    run.__class__.objects.filter(pk=run.pk).update(places=12)  # the first counter row is now the term's
    before = dict(terms_version([term.pk]))
    term.__class__.objects.filter(pk=term.pk).update(name="Spring 2027, renamed")
    after = dict(terms_version([term.pk]))
    assert after[0] > before.get(0, 0) and after[term.pk] == before[term.pk]
