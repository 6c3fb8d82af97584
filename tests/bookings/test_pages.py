import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import make_run, make_student, make_term, make_venue
from warp.audit.models import AuditEntry
from warp.bookings.models import Attendance, AttendanceChange, BookingStatus, Mark
from warp.bookings.services import attendance_mark, booking_create, calendar_feed_renew
from warp.prospectus.models import CourseRun
from warp.students.access import students_visible_to
from warp.students.models import StudentStatus

pytestmark = pytest.mark.django_db


def _to_past(run, days_ago=1):
    for session in run.sessions.all():
        session.date = timezone.localdate() - timedelta(days=days_ago)
        session.save()


def _sam(personas, **kw):
    return make_student(first_name="Sam", user=personas["student"], **kw)


# The student's portal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("runs", [3, 30])
def test_portal_query_count_does_not_grow_with_bookings(
    runs, personas, client_for, django_assert_max_num_queries
):
    sam = _sam(personas)
    term = make_term()
    for i in range(runs):
        run = make_run(places=0 if i % 3 == 0 else 5, term=term, session_days=[7 + i])
        booking_create(student=sam, course_run=run, by=None)
    client = client_for("student")
    # session + user, student record, bookings (with queue position and completion), upcoming sessions,
    # calendar feed, the audit entry for this view
    with django_assert_max_num_queries(7):
        response = client.get(reverse("bookings:portal"))
    assert response.status_code == 200
    assert "number 1 in the queue" in response.content.decode()


def test_portal_shows_offer_with_expiry_and_the_joining_link_only_for_booked_runs(personas, client_for):
    sam = _sam(personas)
    booked = make_run(online=True, title="Online Wellbeing")
    booking_create(student=sam, course_run=booked, by=None)
    waiting = make_run(places=0, online=True, title="Full Online Course")
    booking_create(student=sam, course_run=waiting, by=None)
    page = client_for("student").get(reverse("bookings:portal")).content.decode()
    assert page.count('href="https://meet.example.org/room-1"') == 4  # the booked run's four sessions only
    assert "waiting list" in page


def test_book_page_refuses_a_student_without_a_learning_plan_kindly(personas, client_for):
    _sam(personas, status=StudentStatus.AWAITING_PLAN)
    run = make_run()
    response = client_for("student").post(reverse("bookings:book", args=[run.pk]))
    assert response.status_code == 200
    assert "admissions tutors" in response.content.decode()
    assert not run.bookings.exists()


def test_book_page_books_and_returns_to_the_portal(personas, client_for):
    sam = _sam(personas)
    run = make_run()
    response = client_for("student").post(reverse("bookings:book", args=[run.pk]), follow=True)
    assert "You have a place" in response.content.decode()
    assert run.bookings.get().student == sam


def test_a_draft_run_has_no_booking_page(personas, client_for):
    _sam(personas)
    run = make_run(status="draft")
    assert client_for("student").get(reverse("bookings:book", args=[run.pk])).status_code == 404


def test_student_cancels_with_a_reason(personas, client_for):
    sam = _sam(personas)
    booking = booking_create(student=sam, course_run=make_run(), by=None).booking
    client_for("student").post(
        reverse("bookings:booking-cancel", args=[booking.pk]), {"reason": "Moving away"}
    )
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason, booking.cancelled_by) == (
        BookingStatus.CANCELLED,
        "Moving away",
        personas["student"],
    )


def test_a_student_cannot_cancel_someone_elses_booking(personas, client_for):
    _sam(personas)
    other = booking_create(student=make_student(), course_run=make_run(), by=None).booking
    response = client_for("student").post(reverse("bookings:booking-cancel", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == BookingStatus.BOOKED


def test_staff_book_for_a_student(personas, client_for):
    student = make_student()
    run = make_run()
    client = client_for("admissions_tutor")
    client.post(reverse("bookings:student-bookings", args=[student.pk]), {"course_run": run.pk})
    booking = run.bookings.get()
    assert (booking.student, booking.created_by) == (student, personas["admissions_tutor"])


# Certificates ------------------------------------------------------------------------------------------


def test_certificate_only_when_completed(personas, client_for):
    sam = _sam(personas)
    run = make_run(session_days=[7, 14])
    booking = booking_create(student=sam, course_run=run, by=None).booking
    _to_past(run)
    client = client_for("student")
    url = reverse("bookings:certificate", args=[booking.pk])
    assert client.get(url).status_code == 404  # no marks yet
    assert "certificate" not in client.get(reverse("bookings:portal")).content.decode().lower()
    first = run.sessions.first()
    attendance_mark(session=first, student=sam, mark=Mark.PRESENT, by=None)  # 1 of 2: half, so completed
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "certificate of attendance" in client.get(reverse("bookings:portal")).content.decode().lower()


def test_certificate_of_another_student_is_not_found(personas, client_for):
    _sam(personas)
    other = make_student()
    run = make_run(session_days=[7])
    booking = booking_create(student=other, course_run=run, by=None).booking
    _to_past(run)
    attendance_mark(session=run.sessions.get(), student=other, mark=Mark.PRESENT, by=None)
    assert client_for("student").get(reverse("bookings:certificate", args=[booking.pk])).status_code == 404


# Calendar feed -----------------------------------------------------------------------------------------


def test_ics_feed_content_and_revocation(personas, client_for, client):
    sam = _sam(personas)
    booked = make_run(title="Peer Support Toolkit", session_days=[3, 10])
    booking_create(student=sam, course_run=booked, by=None)
    booking_create(student=sam, course_run=make_run(places=0, title="Hidden While Waiting"), by=None)
    feed = calendar_feed_renew(student=sam)
    url = reverse("bookings:calendar-feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Peer Support Toolkit", "Peer Support Toolkit"]
    assert str(events[0]["location"]) == "The Recovery Hub, Poole"
    assert events[0].decoded("dtstart").hour == 10

    student_client = client_for("student")
    student_client.post(reverse("bookings:calendar-renew"))
    assert client.get(url).status_code == 404  # the old address stopped working
    new = sam.calendar_feeds.get(revoked_at__isnull=True)
    assert client.get(reverse("bookings:calendar-feed", args=[new.token])).status_code == 200
    student_client.post(reverse("bookings:calendar-revoke"))
    assert client.get(reverse("bookings:calendar-feed", args=[new.token])).status_code == 404


def test_the_calendar_address_is_plain_text_with_a_subscribe_link_and_a_copy_button_for_javascript(
    personas, client_for
):
    sam = _sam(personas)
    feed = calendar_feed_renew(student=sam)
    path = reverse("bookings:calendar-feed", args=[feed.token])
    page = client_for("student").get(reverse("bookings:portal")).content.decode()
    # Without JavaScript the address is selectable text and the copy button stays hidden.
    assert f'<code id="calendar-address">http://testserver{path}</code>' in page
    assert f'href="webcal://testserver{path}"' in page
    (button,) = re.findall(r"<button[^>]*warp-copy[^>]*>", page)
    assert 'type="button"' in button and " hidden" in button and 'data-copy="calendar-address"' in button
    assert re.search(r'<script src="[^"]*warp/copy\.js" defer></script>', page)


def test_the_calendar_address_follows_the_address_the_server_was_asked_for(personas, client_for, settings):
    settings.ALLOWED_HOSTS = ["rec.example.org"]
    feed = calendar_feed_renew(student=_sam(personas))
    path = reverse("bookings:calendar-feed", args=[feed.token])
    page = client_for("student").get(reverse("bookings:portal"), HTTP_HOST="rec.example.org", secure=True)
    text = page.content.decode()
    assert f">https://rec.example.org{path}<" in text and f'href="webcal://rec.example.org{path}"' in text


# Registers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("students", [3, 30])
def test_register_query_count_does_not_grow_with_students(
    students, personas, client_for, django_assert_max_num_queries
):
    run = make_run(places=40, session_days=[0], trainers=[personas["peer_trainer"]])
    for _ in range(students):
        booking_create(student=make_student(), course_run=run, by=None)
    _to_past(run)
    session = run.sessions.get()
    client = client_for("peer_trainer")
    # session + user, the session (with run, course, term, venue), the booked students with their marks,
    # the trainers, the audit entries (one insert for every student named)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("bookings:register", args=[session.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('type="radio"') == students * 3


@pytest.mark.parametrize("students", [3, 30])
def test_saving_a_register_takes_the_same_queries_for_3_students_or_30(
    students, personas, client_for, django_assert_max_num_queries
):
    run = make_run(places=40, session_days=[0], trainers=[personas["peer_trainer"]])
    marked = [make_student() for _ in range(students)]
    for student in marked:
        booking_create(student=student, course_run=run, by=None)
    _to_past(run)
    session = run.sessions.get()
    attendance_mark(session=session, student=marked[0], mark=Mark.ABSENT, by=None)  # one correction too
    bookings = list(run.bookings.values_list("pk", flat=True))
    client = client_for("peer_trainer")
    # session + user, the session (with run, course, term, venue), the register rows; then the save in one
    # transaction (savepoint and release): the bookings, the marks already given (locked), the new marks,
    # the corrected marks, their history, their audit entries; the questionnaires asked at a run's first and
    # last session (measures/receivers.py: none here; tests/measures/test_asking_automatically.py with one)
    with django_assert_max_num_queries(13):
        response = client.post(
            reverse("bookings:register", args=[session.pk]), {f"mark_{pk}": "present" for pk in bookings}
        )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, mark=Mark.PRESENT).count() == students
    assert (
        AuditEntry.objects.filter(model="bookings.Attendance", note="Attendance marked").count()
        == students + 1
    )


def test_viewing_a_register_records_one_view_per_named_student(personas, client_for):
    run = make_run(places=40, session_days=[0], trainers=[personas["peer_trainer"]])
    students = [make_student() for _ in range(4)]
    for student in students:
        booking_create(student=student, course_run=run, by=None)
    _to_past(run)
    session = run.sessions.get()
    before = AuditEntry.objects.order_by("pk").last().pk  # setting the run up audited its session's creation
    client_for("peer_trainer").get(reverse("bookings:register", args=[session.pk]))
    entries = AuditEntry.objects.filter(model="prospectus.Session", object_id=str(session.pk), pk__gt=before)
    assert sorted(entries.values_list("student_id", flat=True)) == sorted(s.pk for s in students)
    assert {(e.action, e.user_id, e.role, e.note) for e in entries} == {
        ("view", personas["peer_trainer"].pk, "trainer", "Register")
    }


def test_trainer_takes_the_register_in_one_submit_and_corrections_are_kept(personas, client_for):
    run = make_run(session_days=[0], trainers=[personas["peer_trainer"]])
    a, b, c = (make_student() for _ in range(3))
    for student in (a, b, c):
        booking_create(student=student, course_run=run, by=None)
    _to_past(run)
    session = run.sessions.get()
    bookings = {bk.student_id: bk.pk for bk in run.bookings.all()}
    client = client_for("peer_trainer")
    url = reverse("bookings:register", args=[session.pk])
    client.post(url, {f"mark_{bookings[a.pk]}": "present", f"mark_{bookings[b.pk]}": "apologies"})
    marks = dict(Attendance.objects.values_list("booking__student_id", "mark"))
    assert marks == {a.pk: Mark.PRESENT, b.pk: Mark.APOLOGIES}  # c left unmarked
    client.post(url, {f"mark_{bookings[a.pk]}": "absent", f"mark_{bookings[b.pk]}": "apologies"})
    assert Attendance.objects.get(booking__student=a).mark == Mark.ABSENT
    assert AttendanceChange.objects.count() == 3  # a twice, b once (unchanged marks add nothing)
    page = client.get(url).content.decode()
    checked = re.findall(r'name="(mark_\d+)"[^>]*value="(\w+)"[^>]*checked', page)
    assert sorted(checked) == sorted(
        [(f"mark_{bookings[a.pk]}", "absent"), (f"mark_{bookings[b.pk]}", "apologies")]
    )


def test_trainer_cannot_see_another_runs_register(personas, client_for):
    run = make_run(session_days=[0], trainers=[personas["professional_trainer"]])
    session = run.sessions.get()
    assert client_for("peer_trainer").get(reverse("bookings:register", args=[session.pk])).status_code == 404
    assert client_for("peer_trainer").post(reverse("bookings:register", args=[session.pk])).status_code == 404


def test_trainer_sees_only_students_booked_on_runs_they_co_deliver(personas):
    mine = make_run(trainers=[personas["peer_trainer"]])
    theirs = make_run(trainers=[personas["professional_trainer"]])
    booked, waiting, elsewhere = make_student(), make_student(), make_student()
    booking_create(student=booked, course_run=mine, by=None)
    mine.places = 1
    mine.save()
    booking_create(student=waiting, course_run=mine, by=None)
    booking_create(student=elsewhere, course_run=theirs, by=None)
    assert list(students_visible_to(personas["peer_trainer"])) == [booked]


@pytest.mark.parametrize("count", [3, 30])
def test_trainer_sessions_query_count(count, personas, client_for, django_assert_max_num_queries):
    for i in range(count):
        run = make_run(session_days=[0, i + 1], trainers=[personas["peer_trainer"]])
        booking_create(student=make_student(), course_run=run, by=None)
    client = client_for("peer_trainer")
    # session + user, the sessions from a fortnight ago on (each with booked and marked counts), split into
    # today's, upcoming and recent in Python
    with django_assert_max_num_queries(3):
        response = client.get(reverse("bookings:trainer-sessions"))
    assert response.content.decode().count("register for") == min(count, 10) + count


@pytest.mark.parametrize("count", [3, 30])
def test_registers_not_taken_lists_past_sessions_without_marks(
    count, personas, client_for, django_assert_max_num_queries
):
    taken = make_run(session_days=[0])
    student = make_student()
    booking_create(student=student, course_run=taken, by=None)
    _to_past(taken)
    attendance_mark(session=taken.sessions.get(), student=student, mark=Mark.PRESENT, by=None)
    make_run(session_days=[0])  # nobody booked: no register needed
    for _ in range(count):
        run = make_run(session_days=[0], title=None)
        booking_create(student=make_student(), course_run=run, by=None)
        _to_past(run, days_ago=2)
    client = client_for("centre_manager")
    # session + user, the sessions (with run, course, term and booked count)
    with django_assert_max_num_queries(3):
        page = client.get(reverse("bookings:registers-not-taken")).content.decode()
    assert page.count("/register/") == count
    assert taken.course.title not in page


# Term dashboard ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("runs", [3, 30])
def test_term_dashboard_query_count_does_not_grow_with_runs(
    runs, personas, client_for, django_assert_max_num_queries
):
    term = make_term()
    for i in range(runs):
        run = make_run(places=2, term=term, session_days=[1])
        for _ in range(3 if i % 2 else 1):
            booking_create(student=make_student(), course_run=run, by=None)
    client = client_for("centre_manager")
    # session + user, terms, the current term, the page of runs (count, ids, runs with counts), progress
    # per run (bookings, marks) summed into the term's progress, places/taken/waiting for the whole term,
    # and sessions started today and the data version, which the kept figures are keyed by (core/kept.py);
    # and attendance with and without a reminder (one query, inside the kept figures)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("bookings:term-dashboard"), {"term": term.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<tr>") == runs + 1
    waiting = (runs // 2) * 1
    assert f'<dd class="nhsuk-summary-list__value">{waiting}</dd>' in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_term_dashboard_download_has_every_run_of_the_term_with_its_figures(personas, client_for, fmt):
    from tests.downloads import download_rows

    term = _term_with_one_run_half_present("Spring 2027/28", title="Hope and Recovery")
    make_run(term=make_term(), title="Another term's run")
    response = client_for("centre_manager").get(
        reverse("bookings:term-dashboard-export", args=[fmt]), {"term": term.pk}
    )
    assert response.status_code == 200
    header, *runs = [[str(value) for value in row] for row in download_rows(response, fmt)]
    assert len(runs) == 1
    figures = dict(zip(header, runs[0], strict=True))
    assert figures["course"] == "Hope and Recovery"
    assert (figures["places"], figures["places_taken"], figures["sessions"]) == ("4", "2", "2")
    assert (figures["present_marks"], figures["all_marks"]) == ("2", "4")


def _term_with_one_run_half_present(name: str | None = None, **run_details):
    """A term with one run of four places and two sessions, both past: two students booked, one present at
    both and one absent from both (2 of 4 marks present)."""
    term = make_term(name)
    run = make_run(places=4, term=term, session_days=[7, 14], **run_details)
    students = [make_student() for _ in range(2)]
    for student in students:
        booking_create(student=student, course_run=run, by=None)
    _to_past(run)
    for session in run.sessions.all():
        attendance_mark(session=session, student=students[0], mark=Mark.PRESENT, by=None)
        attendance_mark(session=session, student=students[1], mark=Mark.ABSENT, by=None)
    return term


def test_term_dashboard_figures(personas, client_for):
    term = _term_with_one_run_half_present()
    page = (
        client_for("centre_manager")
        .get(reverse("bookings:term-dashboard"), {"term": term.pk})
        .content.decode()
    )
    assert "2 of 4" in page
    assert "50% (2 of 4 marks)" in page
    assert CourseRun.objects.filter(term=term).count() == 1


def test_register_with_an_unknown_mark_says_what_to_do_and_keeps_the_other_choices(personas, client_for):
    run = make_run(session_days=[0], trainers=[personas["peer_trainer"]])
    a, b = make_student(), make_student()
    for student in (a, b):
        booking_create(student=student, course_run=run, by=None)
    _to_past(run)
    session = run.sessions.get()
    bookings = {bk.student_id: bk.pk for bk in run.bookings.all()}
    url = reverse("bookings:register", args=[session.pk])
    response = client_for("peer_trainer").post(
        url, {f"mark_{bookings[a.pk]}": "maybe", f"mark_{bookings[b.pk]}": "present"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Attendance.objects.exists()
    field = f"id_mark_{bookings[a.pk]}"
    assert f'href="#{field}_0"' in page  # the error summary links to the student's first radio
    assert f'<span class="nhsuk-error-message" id="{field}_error">' in page
    assert f'aria-describedby="{field}_error"' in page
    assert re.search(
        rf'name="mark_{bookings[b.pk]}" id="id_mark_{bookings[b.pk]}_0" value="present" checked', page
    )
    assert f'<label class="nhsuk-label nhsuk-radios__label" for="{field}_2">' in page


def test_trainer_sessions_split_today_the_next_ten_and_the_last_fortnight_newest_first(personas, client_for):
    import re

    trainer = personas["peer_trainer"]
    for offset in [-20, -13, -3, -1, 0, *range(1, 13)]:
        make_run(session_days=[offset], trainers=[trainer], title=f"Run at day {offset:+03d}")
    page = client_for("peer_trainer").get(reverse("bookings:trainer-sessions")).content.decode()
    shown = [int(n) for n in re.findall(r"Run at day ([+-]\d+)", page)]
    today, rest = page.split("<h2>Coming up</h2>")
    upcoming, recent = rest.split("<h2>The last two weeks</h2>")
    found = [
        [int(n) for n in re.findall(r"Run at day ([+-]\d+)", part)] for part in (today, upcoming, recent)
    ]
    assert [list(dict.fromkeys(part)) for part in found] == [[0], list(range(1, 11)), [-1, -3, -13]]
    assert -20 not in shown and 11 not in shown


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_runs_bookings_download_lists_everyone_not_cancelled_with_their_marks_and_is_audited(
    personas, client_for, fmt
):
    from tests.downloads import download_rows
    from tests.factories import book

    run = make_run(places=1, session_days=[7])
    booked, waiting = make_student(first_name="Bo"), make_student(first_name="Wy")
    booking_create(student=booked, course_run=run, by=None)
    booking_create(student=waiting, course_run=run, by=None)
    book(make_student(first_name="Cy"), run, BookingStatus.CANCELLED)
    booking_create(student=make_student(first_name="Ot"), course_run=make_run(places=3), by=None)
    response = client_for("admissions_tutor").get(reverse("bookings:run-bookings-export", args=[run.pk, fmt]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    rows = download_rows(response, fmt)
    assert rows[0][:3] == ["registration_number", "first_name", "last_name"]
    people = {row[1]: row[5] for row in rows[1:]}
    assert people == {"Bo": "Booked", "Wy": "On the waiting list"}
    exported = AuditEntry.objects.filter(action="export", model="bookings.Booking")
    assert set(exported.values_list("student_id", flat=True)) == {booked.pk, waiting.pk}


def test_the_dashboard_and_run_bookings_downloads_make_the_same_queries_however_many_rows(client_for):
    from tests.downloads import queries_for

    term = make_term()
    first = make_run(places=10, term=term, session_days=[7])
    client = client_for("centre_manager")
    dashboard = reverse("bookings:term-dashboard-export", args=["csv"])
    bookings = reverse("bookings:run-bookings-export", args=[first.pk, "csv"])
    counts = []
    for _ in range(2):
        make_run(places=10, term=term, session_days=[7])
        for _ in range(3):
            booking_create(student=make_student(), course_run=first, by=None)
        counts.append((queries_for(client, dashboard, {"term": term.pk}), queries_for(client, bookings)))
    assert counts[0] == counts[1]


def test_each_calendar_event_carries_the_venues_access_information_and_a_reminder_the_day_before(
    personas, client
):
    sam = _sam(personas)
    venue = make_venue(
        name="Harbour Library", locality="Poole", access_information="Step-free entrance on Quay Road."
    )
    run = make_run(title="Understanding Anxiety", session_days=[3], venue=venue)
    booking_create(student=sam, course_run=run, by=None)
    online = make_run(title="Sleep Well", session_days=[5], online=True)
    booking_create(student=sam, course_run=online, by=None)

    feed = calendar_feed_renew(student=sam)
    events = Calendar.from_ical(
        client.get(reverse("bookings:calendar-feed", args=[feed.token])).content
    ).walk("VEVENT")

    anxiety = next(e for e in events if str(e["summary"]) == "Understanding Anxiety")
    assert "Getting there and access: Step-free entrance on Quay Road." in str(anxiety["description"])
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == -timedelta(days=1)
        assert str(alarm["description"]).startswith(f"Reminder: {event['summary']}, ")
    session = run.sessions.get()
    assert str(anxiety.walk("VALARM")[0]["description"]).endswith(
        f"{session.date.day} {session.date:%B %Y} at 10:00"
    )
