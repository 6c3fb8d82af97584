"""Messages to students about their bookings, sent by email (or text or letter through GOV.UK Notify) from
a background task.

How each goes (docs/bookings.md, "Messages and contact preferences"):
- confirmations, waiting-list news, offers and cancellations by the centre are part of the service the
  student asked for: emailed when the student has an email address and prefers email; texted when they
  prefer texts, have a phone number and Notify's texts are on (and they have not replied STOP); posted as
  a letter when they prefer letters, have an address and Notify's letters are on;
- reminders are extra: only when the student has also agreed to be contacted (consent_to_contact): the
  email before a run's first session, and (texts on) a text the day before each session;
- otherwise a confirmation, offer or centre cancellation is left on the staff "People to contact" page so
  someone phones, texts or writes instead, and so is a message Notify could not deliver (`problem`). A
  reminder without consent, or without a way to send it, is not sent at all.
Emails go through GOV.UK Notify when its email template is set, otherwise through Django's email.
"""

import logging
import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from warp.accounts.models import User
from warp.bookings import notify
from warp.bookings.models import (
    Audience,
    Booking,
    BookingMessage,
    Channel,
    DeliveryStatus,
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


log = logging.getLogger(__name__)

SENT_BY_WARP = (Channel.EMAIL, Channel.TEXT, Channel.LETTER)  # the rest wait for staff


def channel_for(booking: Booking, kind: str) -> str | None:
    """Email, text, letter, staff, or None (nothing to send)."""
    student = booking.student
    can_email = bool(student.email) and student.contact_method == ContactMethod.EMAIL
    can_text = (
        student.contact_method == ContactMethod.TEXT
        and bool(student.phone)
        and student.texts_stopped_at is None
        and notify.channel_on(Channel.TEXT)
    )
    can_post = (
        student.contact_method == ContactMethod.POST
        and bool(student.address.strip() and student.postcode)
        and notify.channel_on(Channel.LETTER)
    )
    if kind == MessageKind.REMINDER:
        return Channel.EMAIL if can_email and student.consent_to_contact else None
    if kind == MessageKind.SESSION_REMINDER:
        return Channel.TEXT if can_text and student.consent_to_contact else None
    if can_email:
        return Channel.EMAIL
    if can_text:
        return Channel.TEXT
    if can_post:
        return Channel.LETTER
    return Channel.STAFF


def message_queue(
    *, booking: Booking, kind: str, run_message: RunMessage | None = None, session: Session | None = None
) -> BookingMessage | None:
    """Record a message owed; emails, texts and letters are handed to a background task once the
    transaction commits. `session`: the session a reminder is about."""
    channel = channel_for(booking, kind)
    if channel is None:
        return None
    message = BookingMessage(
        booking=booking, kind=kind, channel=channel, run_message=run_message, session=session
    )
    message.full_clean(validate_constraints=False)  # the database holds the one-reminder constraints
    message.save()
    if channel in SENT_BY_WARP:
        message_id = message.pk
        transaction.on_commit(lambda: send_booking_message.enqueue(message_id))
    return message


def render_message(message: BookingMessage) -> tuple[str, str]:
    """The subject and words of a message as it goes: a text's own short words, else the email's."""
    sessions = list(message.booking.course_run.sessions.select_related("venue"))
    if message.channel == Channel.TEXT:
        text = booking_text(
            message.kind,
            booking=message.booking,
            sessions=sessions,
            run_message=message.run_message,
            session=message.session,
        )
        return "", text
    return booking_email(
        message.kind, booking=message.booking, sessions=sessions, run_message=message.run_message
    )


def booking_text(
    kind: str,
    *,
    booking: Booking,
    sessions: list,
    run_message: RunMessage | None = None,
    session: Session | None = None,
    site: dict | None = None,
) -> str:
    """The words of a text message of this kind, on one line: short, to fit one text where they can."""
    run = booking.course_run
    today = timezone.localdate()
    upcoming = [item for item in sessions if item.date >= today] or sessions
    context = {
        "booking": booking,
        "student": booking.student,
        "run": run,
        "course": run.course,
        "session": session,
        "first": upcoming[0] if upcoming else None,
        "run_message": run_message,
        **(site or _site()),
    }
    return re.sub(r"\s+", " ", render_to_string(f"bookings/text/{kind}.txt", context)).strip()


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
    MessageKind.SESSION_REMINDER: "With texts through GOV.UK Notify on: everyone booked who prefers texts "
    "and agreed to be contacted, the day before each session.",
}

# The invented centre the text previews (and the README's lengths) are written for.
EXAMPLE_SITE = {
    "centre_name": "Recovery Education Centre",
    "centre_contact": "01234 567890",
    "site_url": "https://rec.example.org",
}


def text_previews() -> list[tuple[str, str]]:
    """Every text message WaRP sends through GOV.UK Notify, as (name, words), for an invented student,
    course and centre (EXAMPLE_SITE) on fixed dates, so the README's lengths can be checked against them."""
    day = date(2027, 3, 2)  # a Tuesday
    term = Term(name="Spring term", starts_on=day, ends_on=day + timedelta(days=90))
    run = CourseRun(course=Course(title="Understanding Recovery"), term=term, places=16)
    venue = Venue(name="The Recovery Hub", locality="Poole")
    sessions = [
        Session(
            course_run=run,
            date=day + timedelta(days=7 * week),
            starts_at=time(10),
            ends_at=time(12),
            venue=venue,
        )
        for week in (0, 1)
    ]
    booking = Booking(
        student=Student(first_name="Alex", last_name="Example"),
        course_run=run,
        offer_expires_at=timezone.make_aware(datetime.combine(date(2027, 2, 26), time(10))),
    )
    written = RunMessage(
        course_run=run, audience=Audience.BOOKED, subject="Room", body="Next week we meet in the Garden Room."
    )
    return [
        (
            str(kind.label),
            booking_text(
                kind,
                booking=booking,
                sessions=sessions,
                run_message=written,
                session=sessions[0],
                site=EXAMPLE_SITE,
            ),
        )
        for kind in MessageKind
        if kind != MessageKind.REMINDER  # the email before the first session has no text of its own
    ]


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
        if kind != MessageKind.SESSION_REMINDER  # a text only: see text_previews
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
    """Send one email, text or letter; a message already sent is not sent again (a retried task is
    harmless). Emails go through GOV.UK Notify when its email template is set, else Django's email."""
    message = (
        BookingMessage.objects.select_related("booking__student", "booking__course_run__course")
        .filter(pk=message_id, channel__in=SENT_BY_WARP, sent_at__isnull=True, problem="")
        .first()
    )
    if message is None:
        return
    if message.channel == Channel.EMAIL and not notify.channel_on(Channel.EMAIL):
        subject, body = render_message(message)
        send_mail(subject, body, None, [message.booking.student.email])
        BookingMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
        return
    notify_send(message)


# A send tried this recently is someone else's to finish (the claim in notify_send); after it, the tick
# tries again. A message still not taken by Notify a day after it was written waits for staff instead.
CLAIM_MINUTES = 10
GIVE_UP_HOURS = 24


def notify_send(message: BookingMessage, *, now: datetime | None = None) -> bool:
    """Give one message to GOV.UK Notify, once. True when Notify took it.

    All or nothing: Notify's id, the status and `sent_at` are saved together when it takes the message; a
    400 (it cannot go as it is) saves only the `problem`, which puts it on "People to contact"; Notify down,
    a refused key (403) or too many requests (429) change nothing but the time of the try, and
    bookings_tick tries again (messages_retry). Claimed first with a conditional update, so two workers
    (the task and the tick, or two ticks) never both send it."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=CLAIM_MINUTES)
    claimed = (
        BookingMessage.objects.filter(
            pk=message.pk, sent_at__isnull=True, problem="", handled_at__isnull=True
        )
        .filter(Q(attempted_at__isnull=True) | Q(attempted_at__lt=stale))
        .update(attempted_at=now)
    )
    if not claimed:
        return False
    channel = message.channel
    if not notify.channel_on(channel):
        BookingMessage.objects.filter(pk=message.pk).update(
            problem=f"Sending by {Channel(channel).name.lower()} through GOV.UK Notify has been switched off "
            "since this was written. Please pass the message on another way."
        )
        return False
    subject, body = render_message(message)
    try:
        notify_id = notify.send(
            channel=channel,
            student=message.booking.student,
            subject=subject,
            body=body,
            reference=f"warp-message-{message.pk}",
        )
    except notify.NotifyRefused as refused:
        BookingMessage.objects.filter(pk=message.pk).update(
            problem=f"{refused.reason} Please check their details and pass the message on another way.",
            delivery_status=DeliveryStatus.REFUSED,
            status_at=now,
        )
        return False
    except notify.NotifyUnavailable:
        return False
    BookingMessage.objects.filter(pk=message.pk).update(
        notify_id=notify_id, delivery_status=DeliveryStatus.CREATED, status_at=now, sent_at=now
    )
    return True


def messages_retry(*, now: datetime | None = None) -> int:
    """Try again the messages GOV.UK Notify did not take (down, 403, 429); those still not taken a day
    after they were written go to "People to contact" instead. Returns how many went this time."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=CLAIM_MINUTES)
    channels = [channel for channel in SENT_BY_WARP if notify.channel_on(channel)]
    owed = BookingMessage.objects.filter(
        channel__in=channels, sent_at__isnull=True, problem="", handled_at__isnull=True
    ).filter(Q(attempted_at__lt=stale) | Q(attempted_at__isnull=True, created_at__lt=stale))
    owed.filter(created_at__lt=now - timedelta(hours=GIVE_UP_HOURS)).update(
        problem="GOV.UK Notify could not take this message for a day, so it was never sent. Please pass "
        "it on another way."
    )
    sent = 0
    for message in owed.select_related("booking__student", "booking__course_run__course", "session__venue"):
        sent += notify_send(message, now=now)
    return sent


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
