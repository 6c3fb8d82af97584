"""Small hand-made centres for checking report arithmetic."""

from datetime import date
from itertools import count

from warp.prospectus.models import Term
from warp.students.models import Identity, Student

_numbers = count(1)


def identity(label: str, order: int = 100) -> Identity:
    # Prefixed so the identities seeded by migrations (which tests keep) never collide with these.
    code = "test-" + label.lower().replace(" ", "-")[:34]
    return Identity.objects.get_or_create(label=label, defaults={"code": code, "order": order})[0]


def student(*, registered_on: date, identities=(), date_of_birth=None, gender="", **extra) -> Student:
    n = next(_numbers)
    record = Student.objects.create(
        registration_number=f"T-{n:05d}",
        first_name=f"Test{n}",
        last_name="Example",
        registered_on=registered_on,
        date_of_birth=date_of_birth,
        gender=gender,
        **extra,
    )
    record.identities.set(identities)
    return record


def term(name: str, starts_on: date, ends_on: date) -> Term:
    return Term.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
