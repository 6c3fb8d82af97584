"""Messages to students about their bookings, sent by email from a background task.

Who gets an email (docs/bookings.md, "Messages and contact preferences"):
- confirmations, waiting-list news, offers and cancellations by the centre are part of the service the
  student asked for: emailed when the student has an email address and prefers email;
- reminders are extra: emailed only when the student has also agreed to be contacted (consent_to_contact);
- otherwise a confirmation, offer or centre cancellation is left on the staff "People to contact" page so
  someone phones, texts or writes instead. A reminder without consent is not sent at all.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from warp.bookings.models import Booking, BookingMessage, Channel, MessageKind, RegisterReminder
from warp.students.models import ContactMethod

SUBJECTS = {
    MessageKind.CONFIRMATION: "Your place on {course}",
    MessageKind.WAITING: "You are on the waiting list for {course}",
    MessageKind.OFFER: "A place is free for you on {course}",
    MessageKind.REMINDER: "{course} starts soon",
    MessageKind.CENTRE_CANCELLATION: "Your booking on {course} has been cancelled",
}


def channel_for(booking: Booking, kind: str) -> str | None:
    """Email, staff, or None (nothing to send)."""
    student = booking.student
    can_email = bool(student.email) and student.contact_method == ContactMethod.EMAIL
    if kind == MessageKind.REMINDER:
        return Channel.EMAIL if can_email and student.consent_to_contact else None
    return Channel.EMAIL if can_email else Channel.STAFF


def message_queue(*, booking: Booking, kind: str) -> BookingMessage | None:
    """Record a message owed; emails are handed to a background task once the transaction commits."""
    channel = channel_for(booking, kind)
    if channel is None:
        return None
    message = BookingMessage(booking=booking, kind=kind, channel=channel)
    message.full_clean()
    message.save()
    if channel == Channel.EMAIL:
        message_id = message.pk
        transaction.on_commit(lambda: send_booking_message.enqueue(message_id))
    return message


def render_message(message: BookingMessage) -> tuple[str, str]:
    booking = message.booking
    run = booking.course_run
    context = {
        "booking": booking,
        "student": booking.student,
        "run": run,
        "course": run.course,
        "sessions": list(run.sessions.select_related("venue")),
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = SUBJECTS[MessageKind(message.kind)].format(course=run.course.title)
    body = render_to_string(f"bookings/email/{message.kind}.txt", context)
    return subject, body


@task()
def send_booking_message(message_id: int) -> None:
    """Send one email; a message already sent is not sent again (a retried task is harmless)."""
    message = (
        BookingMessage.objects.select_related("booking__student", "booking__course_run__course")
        .filter(pk=message_id, channel=Channel.EMAIL, sent_at__isnull=True)
        .first()
    )
    if message is None:
        return
    subject, body = render_message(message)
    send_mail(subject, body, None, [message.booking.student.email])
    BookingMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())


@task()
def send_register_reminder(reminder_id: int) -> None:
    """Email a trainer that a register is still to take; a reminder already sent is not sent again."""
    reminder = (
        RegisterReminder.objects.select_related("trainer", "session__course_run__course", "session__venue")
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return
    session = reminder.session
    context = {
        "trainer": reminder.trainer,
        "session": session,
        "course": session.course_run.course,
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = f"Register to take: {session.course_run.course.title}, {session.date.day} {session.date:%B}"
    body = render_to_string("bookings/email/register_reminder.txt", context)
    send_mail(subject, body, None, [reminder.trainer.email])
    RegisterReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
