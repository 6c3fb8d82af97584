from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_run, make_student
from warp.bookings.models import BookingMessage, Channel, MessageKind
from warp.bookings.services import booking_cancel, booking_create, reminders_send, run_bookings_cancel
from warp.students.models import ContactMethod

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_booking_confirmation_is_emailed_warmly(commit):
    student = make_student(first_name="Robin")
    run = make_run(title="Recovery Narratives")
    with commit():
        booking_create(student=student, course_run=run, by=None)
    (email,) = mail.outbox
    assert email.to == [student.email]
    assert email.subject == "Your place on Recovery Narratives"
    assert email.body.startswith("Dear Robin,")
    assert "The Recovery Hub, Poole" in email.body
    message = BookingMessage.objects.get()
    assert (message.kind, message.channel) == (MessageKind.CONFIRMATION, Channel.EMAIL)
    assert message.sent_at is not None


def test_joining_the_waiting_list_is_emailed():
    run = make_run(places=0)
    student = make_student()
    booking_create(student=student, course_run=run, by=None)
    assert BookingMessage.objects.get().kind == MessageKind.WAITING


def test_a_student_who_prefers_a_phone_call_is_left_for_staff_to_contact(commit, client_for):
    student = make_student(contact_method=ContactMethod.PHONE, first_name="Noor")
    with commit():
        booking_create(student=student, course_run=make_run(), by=None)
    assert mail.outbox == []
    assert BookingMessage.objects.get().channel == Channel.STAFF
    page = client_for("admissions_tutor").get("/bookings/to-contact/")
    assert "Noor" in page.content.decode()


def test_a_student_without_an_email_address_is_left_for_staff_to_contact(commit):
    with commit():
        booking_create(student=make_student(email=""), course_run=make_run(), by=None)
    assert mail.outbox == []
    assert BookingMessage.objects.get().channel == Channel.STAFF


def test_reminder_is_sent_once_before_the_first_session(commit, settings):
    settings.WARP_REMINDER_HOURS = 48
    run = make_run(session_days=[1])  # tomorrow
    booking_create(student=make_student(), course_run=run, by=None)
    mail.outbox.clear()
    with commit():
        assert reminders_send() == 1
        assert reminders_send() == 0
    assert [m.subject for m in mail.outbox] == [f"{run.course.title} starts soon"]


def test_no_reminder_for_runs_starting_later():
    run = make_run(session_days=[5])
    booking_create(student=make_student(), course_run=run, by=None)
    assert reminders_send() == 0


def test_no_reminder_without_consent_to_be_contacted(commit):
    run = make_run(session_days=[1])
    booking_create(student=make_student(consent_to_contact=False), course_run=run, by=None)
    mail.outbox.clear()
    with commit():
        assert reminders_send() == 0
    assert mail.outbox == []
    assert not BookingMessage.objects.filter(kind=MessageKind.REMINDER).exists()


def test_bookings_tick_sends_reminders_and_passes_on_expired_offers(commit, capsys):
    run = make_run(session_days=[1])
    booking_create(student=make_student(), course_run=run, by=None)
    with commit():
        call_command("bookings_tick")
    assert "1 reminder(s) queued" in capsys.readouterr().out


def test_cancellation_by_the_centre_tells_the_student(commit, personas):
    student = make_student()
    booking = booking_create(student=student, course_run=make_run(), by=None).booking
    mail.outbox.clear()
    with commit():
        booking_cancel(booking=booking, by=personas["centre_manager"], reason="The trainer is unwell.")
    (email,) = mail.outbox
    assert "has been cancelled" in email.subject
    assert "The trainer is unwell." in email.body


def test_cancelling_your_own_booking_sends_no_cancellation_message(commit, personas):
    booking = booking_create(student=make_student(), course_run=make_run(), by=None).booking
    mail.outbox.clear()
    with commit():
        booking_cancel(booking=booking, by=personas["student"])
    assert mail.outbox == []


def test_cancelling_a_runs_bookings_tells_everyone_on_it(commit, personas):
    run = make_run(places=1)
    for _ in range(3):
        booking_create(student=make_student(), course_run=run, by=None)
    mail.outbox.clear()
    with commit():
        assert run_bookings_cancel(course_run=run, by=personas["centre_manager"], reason="Venue closed.") == 3
    assert len(mail.outbox) == 3
    assert not run.bookings.exclude(status="cancelled").exists()


def test_offer_email_gives_the_expiry_time(commit, settings):
    settings.WARP_OFFER_HOURS = 24
    run = make_run(places=1)
    first = booking_create(student=make_student(), course_run=run, by=None).booking
    booking_create(student=make_student(), course_run=run, by=None)
    mail.outbox.clear()
    now = timezone.now()
    with commit():
        booking_cancel(booking=first, by=None, now=now)
    expiry = timezone.localtime(now + timedelta(hours=24))
    assert f"{expiry:%H:%M}" in mail.outbox[0].body


def test_the_email_previews_show_every_email_as_sent_for_an_invented_student_and_save_nothing(
    client_for, django_assert_max_num_queries
):
    from warp.bookings.messages import SUBJECTS
    from warp.bookings.models import Booking
    from warp.prospectus.models import CourseRun
    from warp.students.models import Student

    client = client_for("centre_manager")
    students, runs = Student.objects.count(), CourseRun.objects.count()
    with django_assert_max_num_queries(4):  # session, user, and nothing for the emails themselves
        page = client.get(reverse("bookings:message-previews")).content.decode()
    for kind in SUBJECTS:
        assert SUBJECTS[kind].format(course="Understanding Recovery") in page
    assert "Understanding Recovery: A new room for next week" in page
    assert "Register to take: Understanding Recovery" in page
    assert "Dear Alex," in page and "The venue is closed for repairs." in page
    assert (Student.objects.count(), CourseRun.objects.count(), Booking.objects.count()) == (
        students,
        runs,
        0,
    )


def _run_with_people():
    """A run with two booked (one prefers a phone call) and one waiting; places for two."""
    run = make_run(places=2)
    emailed = make_student(first_name="Ema")
    phoned = make_student(first_name="Phil", contact_method=ContactMethod.PHONE)
    waiting = make_student(first_name="Wyn")
    for student in (emailed, phoned, waiting):
        booking_create(student=student, course_run=run, by=None)
    return run, emailed, phoned, waiting


def test_a_message_to_a_run_reaches_each_person_their_way_and_is_logged(personas, client_for, commit):
    from warp.audit.models import AuditEntry
    from warp.bookings.models import RunMessage

    run, emailed, phoned, waiting = _run_with_people()
    mail.outbox.clear()
    client = client_for("centre_manager")
    url = reverse("bookings:run-messages", args=[run.pk])
    with commit():
        response = client.post(
            url, {"audience": "booked", "subject": "A new room", "body": "We meet in the Garden Room."}
        )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Message sent to 2 people: 1 by email, and 1 on “People to contact”" in page
    sent = [m for m in mail.outbox if m.to == [emailed.email]]
    assert len(sent) == 1 and sent[0].subject.endswith(": A new room")
    assert "Dear Ema," in sent[0].body and "We meet in the Garden Room." in sent[0].body
    assert not any(m.to == [waiting.email] for m in mail.outbox)  # the waiting list was not chosen
    message = RunMessage.objects.get()
    assert {d.booking.student_id: d.channel for d in message.deliveries.all()} == {
        emailed.pk: Channel.EMAIL,
        phoned.pk: Channel.STAFF,
    }
    assert f"{phoned.full_name}: still to contact another way" in page
    assert f"{emailed.full_name}: emailed" in page
    to_contact = client.get(reverse("bookings:contact-list")).content.decode()
    assert "We meet in the Garden Room." in to_contact and phoned.full_name in to_contact
    assert set(
        AuditEntry.objects.filter(model="bookings.RunMessage", action="create").values_list(
            "student_id", flat=True
        )
    ) == {emailed.pk, phoned.pk}


def test_a_message_to_a_group_nobody_is_in_is_refused_and_keeps_the_words(client_for):
    from warp.bookings.models import RunMessage

    run = make_run(places=5)
    booking_create(student=make_student(), course_run=run, by=None)
    page = (
        client_for("centre_manager")
        .post(
            reverse("bookings:run-messages", args=[run.pk]),
            {"audience": "waiting", "subject": "News", "body": "Please read this."},
        )
        .content.decode()
    )
    assert "Nobody is in that group on this course run yet" in page
    assert "Please read this." in page and 'value="News"' in page
    assert not RunMessage.objects.exists() and not BookingMessage.objects.filter(kind="run_message").exists()


def test_a_message_without_words_says_what_to_enter(client_for):
    run, *_ = _run_with_people()
    page = (
        client_for("centre_manager")
        .post(reverse("bookings:run-messages", args=[run.pk]), {"audience": "everyone", "subject": "Hi"})
        .content.decode()
    )
    assert "Enter the message." in page and 'value="Hi"' in page


def test_the_run_messages_page_makes_the_same_queries_however_many_messages(client_for, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from warp.bookings.services import run_message_send

    run, *_ = _run_with_people()
    client = client_for("centre_manager")
    url = reverse("bookings:run-messages", args=[run.pk])
    counts = []
    for _ in range(2):
        run_message_send(
            course_run=run, audience="everyone", subject="News", body="Words.", by=personas["centre_manager"]
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
