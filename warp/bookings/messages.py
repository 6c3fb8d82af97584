"""Messages to students about their bookings, sent by email from a background task.

Who gets an email (docs/bookings.md, "Messages and contact preferences"):
- confirmations, waiting-list news, offers and cancellations by the centre are part of the service the
  student asked for: emailed when the student has an email address and prefers email;
- reminders are extra: emailed only when the student has also agreed to be contacted (consent_to_contact);
- otherwise a confirmation, offer or centre cancellation is left on the staff "People to contact" page so
  someone phones, texts or writes instead. A reminder without consent is not sent at all.
"""

from datetime import time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from warp.accounts.models import User
from warp.bookings.models import (
    Audience,
    Booking,
    BookingMessage,
    Channel,
    MessageKind,
    RegisterReminder,
    RunMessage,
)
from warp.prospectus.models import Course, CourseRun, Session, Term, Venue
from warp.students.models import ContactMethod, Student

SUBJECTS = {
    MessageKind.CONFIRMATION: "Your place on {course}",
    MessageKind.WAITING: "You are on the waiting list for {course}",
    MessageKind.OFFER: "A place is free for you on {course}",
    MessageKind.REMINDER: "{course} starts soon",
    MessageKind.CENTRE_CANCELLATION: "Your booking on {course} has been cancelled",
}  # a message staff wrote (RUN_MESSAGE) has their own subject: booking_email


def channel_for(booking: Booking, kind: str) -> str | None:
    """Email, staff, or None (nothing to send)."""
    student = booking.student
    can_email = bool(student.email) and student.contact_method == ContactMethod.EMAIL
    if kind == MessageKind.REMINDER:
        return Channel.EMAIL if can_email and student.consent_to_contact else None
    return Channel.EMAIL if can_email else Channel.STAFF


def message_queue(
    *, booking: Booking, kind: str, run_message: RunMessage | None = None
) -> BookingMessage | None:
    """Record a message owed; emails are handed to a background task once the transaction commits."""
    channel = channel_for(booking, kind)
    if channel is None:
        return None
    message = BookingMessage(booking=booking, kind=kind, channel=channel, run_message=run_message)
    message.full_clean()
    message.save()
    if channel == Channel.EMAIL:
        message_id = message.pk
        transaction.on_commit(lambda: send_booking_message.enqueue(message_id))
    return message


def render_message(message: BookingMessage) -> tuple[str, str]:
    sessions = list(message.booking.course_run.sessions.select_related("venue"))
    return booking_email(
        message.kind, booking=message.booking, sessions=sessions, run_message=message.run_message
    )


def _site() -> dict:
    return {
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "site_url": settings.SITE_URL.rstrip("/"),
    }


def booking_email(
    kind: str, *, booking: Booking, sessions: list, run_message: RunMessage | None = None
) -> tuple[str, str]:
    """The subject and body of a booking email of this kind: what is sent, and what the previews show.
    A message staff wrote (`run_message`) has their subject and words inside the centre's greeting."""
    run = booking.course_run
    context = {
        "booking": booking,
        "student": booking.student,
        "run": run,
        "course": run.course,
        "sessions": sessions,
        "run_message": run_message,
        **_site(),
    }
    if kind == MessageKind.RUN_MESSAGE:
        assert run_message is not None  # noqa: S101 - the database refuses one without (a constraint)
        subject = f"{run.course.title}: {run_message.subject}"
    else:
        subject = SUBJECTS[MessageKind(kind)].format(course=run.course.title)
    return subject, render_to_string(f"bookings/email/{kind}.txt", context)


def register_reminder_email(*, trainer, session) -> tuple[str, str]:
    """The subject and body of the email telling a trainer a register is still to take."""
    context = {"trainer": trainer, "session": session, "course": session.course_run.course, **_site()}
    subject = f"Register to take: {session.course_run.course.title}, {session.date.day} {session.date:%B}"
    return subject, render_to_string("bookings/email/register_reminder.txt", context)


WHO_GETS_IT = {
    MessageKind.CONFIRMATION: "Everyone given a place. By email when they prefer email; otherwise it waits "
    "on “People to contact” for someone to pass on.",
    MessageKind.WAITING: "Everyone who joins a waiting list, the same way.",
    MessageKind.OFFER: "The next person on the waiting list when a place comes free, the same way.",
    MessageKind.REMINDER: "Everyone booked, when the first session is close (WARP_REMINDER_HOURS): by email "
    "only, and only to those who agreed to be contacted.",
    MessageKind.CENTRE_CANCELLATION: "Everyone booked, offered a place or waiting when the centre cancels a "
    "course run, the same way as a confirmation.",
    MessageKind.RUN_MESSAGE: "Everyone a member of staff writes to from a course run's “Message the "
    "students” page, the same way as a confirmation. The words in the middle are theirs.",
}


def previews(today) -> list[tuple[str, str, str, str]]:
    """Every email WaRP sends, as (name, who gets it, subject, body), written for an invented student and
    course run made in memory: nothing is saved and no real person appears."""
    term = Term(name="Spring term", starts_on=today, ends_on=today + timedelta(days=90))
    run = CourseRun(course=Course(title="Understanding Recovery"), term=term, places=16)
    venue = Venue(name="The Recovery Hub", locality="Poole")
    sessions = [
        Session(
            course_run=run,
            date=today + timedelta(days=days),
            starts_at=time(10),
            ends_at=time(12),
            venue=venue,
        )
        for days in (7, 14)
    ]
    student = Student(first_name="Alex", last_name="Example")
    booking = Booking(
        student=student,
        course_run=run,
        offer_expires_at=timezone.now() + timedelta(days=2),
        cancel_reason="The venue is closed for repairs.",
    )
    written = RunMessage(
        course_run=run,
        audience=Audience.BOOKED,
        subject="A new room for next week",
        body="Next week we meet in the Garden Room, on the ground floor, at the usual time.",
    )
    found = [
        (
            str(kind.label),
            WHO_GETS_IT[kind],
            *booking_email(kind, booking=booking, sessions=sessions, run_message=written),
        )
        for kind in MessageKind
    ]
    trainer = User(first_name="Sam", last_name="Trainer")
    sessions[0].pk = 1  # the reminder links to the register by the session's number
    found.append(
        (
            "Register still to take",
            "Each trainer of a run, once for every register not taken after its session ended (the last "
            "14 days), when bookings_tick runs.",
            *register_reminder_email(trainer=trainer, session=sessions[0]),
        )
    )
    return found


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
    subject, body = register_reminder_email(trainer=reminder.trainer, session=reminder.session)
    send_mail(subject, body, None, [reminder.trainer.email])
    RegisterReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
