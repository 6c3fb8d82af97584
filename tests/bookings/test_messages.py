from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
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
