"""Sessions store a local date and times; these turn them into aware datetimes in the centre's time zone."""

from datetime import date, datetime, time

from django.utils import timezone


def local_datetime(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def session_start(session) -> datetime:
    return local_datetime(session.date, session.starts_at)


def session_end(session) -> datetime:
    return local_datetime(session.date, session.ends_at)
