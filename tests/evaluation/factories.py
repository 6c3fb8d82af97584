"""The report tests' defaults for the factories in tests/factories.py (which go through the services):
students registered on a given day, as they registered (no learning plan yet), and terms by their dates."""

from datetime import date

from tests.factories import TermFactory, make_identity, make_student
from warp.prospectus.models import Term
from warp.students.models import Identity, Student, StudentStatus


def identity(label: str, order: int = 100) -> Identity:
    return make_identity(label, order)


def student(*, registered_on: date, identities=(), date_of_birth=None, gender="", **extra) -> Student:
    return make_student(
        status=extra.pop("status", StudentStatus.AWAITING_PLAN),
        registered_on=registered_on,
        identities=identities,
        date_of_birth=date_of_birth,
        gender=gender,
        **extra,
    )


def term(name: str, starts_on: date, ends_on: date) -> Term:
    return TermFactory(name=name, starts_on=starts_on, ends_on=ends_on)
