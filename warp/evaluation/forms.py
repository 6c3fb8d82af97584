from datetime import date, timedelta

from django.utils import timezone


def default_period() -> tuple[date, date]:
    """The last twelve months, ending today."""
    today = timezone.localdate()
    return today - timedelta(days=365), today
