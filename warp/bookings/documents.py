"""Files made for students: the certificate of attendance (PDF) and the calendar feed (ICS)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from warp.bookings.models import Booking, BookingStatus
from warp.bookings.timing import session_end, session_start
from warp.core.words import long_date
from warp.prospectus.models import Session

# Each session's calendar event carries a reminder this long before it starts: the day before, as the
# centre's own reminders are, so there is time to arrange travel or send apologies.
CALENDAR_REMINDER_BEFORE = timedelta(days=1)


def certificate_pdf(*, booking: Booking, present_count: int, session_count: int) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "bookings/certificate.html",
        {
            "booking": booking,
            "student": booking.student,
            "run": booking.course_run,
            "present_count": present_count,
            "session_count": session_count,
            "centre_name": settings.CENTRE_NAME,
            "issued_on": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()


def register_pdf(*, session: Session, rows: list, trainers: list) -> bytes:
    """A session's printable register (a box per mark for each booked student) and sign-in sheet (a line
    per booked student and blank lines for students who turn up), from bookings/register_pdf.html."""
    from weasyprint import HTML

    return HTML(string=register_html(session=session, rows=rows, trainers=trainers)).write_pdf()


def register_html(*, session: Session, rows: list, trainers: list) -> str:
    """The HTML register_pdf prints: the same rows (bookings.queries.register_rows) as the register page."""
    return render_to_string(
        "bookings/register_pdf.html",
        {
            "session": session,
            "rows": rows,
            "trainers": trainers,
            "blank_lines": range(max(6, len(rows) // 4)),
            "centre_name": settings.CENTRE_NAME,
            "printed_on": timezone.localdate(),
        },
    )


def _reminder(session: Session) -> Alarm:
    """A calendar alarm the day before the session, saying what and when."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -CALENDAR_REMINDER_BEFORE)
    when = f"{long_date(session.date)} at {session.starts_at:%H:%M}"
    alarm.add("description", f"Reminder: {session.course_run.course.title}, {when}")
    return alarm


def calendar_ics(*, student, now: datetime | None = None) -> bytes:
    """The student's booked sessions (one query), each with venue and, when online, the joining link."""
    sessions = (
        Session.objects.filter(
            course_run__bookings__student=student, course_run__bookings__status=BookingStatus.BOOKED
        )
        .exclude(course_run__status="cancelled")
        .select_related("course_run__course", "venue")
        .order_by("date", "starts_at", "pk")
        .distinct()
    )
    calendar = Calendar()
    calendar.add("prodid", "-//WaRP//Recovery Education Centre//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.CENTRE_NAME}: your courses")
    stamp = now or timezone.now()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "warp"
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session_start(session))
        event.add("dtend", session_end(session))
        event.add("summary", session.course_run.course.title)
        notes = []
        if session.is_online:
            event.add("location", "Online")
            if session.joining_link:
                event.add("url", session.joining_link)
                notes.append(f"Join online: {session.joining_link}")
        elif session.venue:
            where = f"{session.venue.name}, {session.venue.locality}"
            event.add("location", f"{where} ({session.room})" if session.room else where)
            if session.venue.access_information.strip():
                notes.append(f"Getting there and access: {session.venue.access_information.strip()}")
        if notes:
            event.add("description", "\n\n".join(notes))
        event.add_component(_reminder(session))
        calendar.add_component(event)
    calendar.add_missing_timezones()  # VTIMEZONE blocks, so every calendar app reads the local times right
    return calendar.to_ical()
