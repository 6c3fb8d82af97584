"""Dates and counts in sentences, as people write them: "3 March 2027", "1 course matches"."""

from datetime import date


def long_date(day: date) -> str:
    """ "3 March 2027": the day without a leading zero, the month in full."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """ "3 Mar 2027", for lists and record names."""
    return f"{day.day} {day:%b %Y}"


def count_of(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 response", "2 responses"; give `plural` when it is not singular + "s" ("1 person", "2 people")."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
