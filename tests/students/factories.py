"""Students made through the real services, with sensible invented details."""

import itertools
from datetime import date

from warp.students.models import Identity, LearningPlanReview, OutcomeCategory, Student
from warp.students.services import review_record, student_register

_counter = itertools.count(1)


def registration_details(**overrides) -> dict:
    n = next(_counter)
    details = {
        "first_name": f"Alex{n}",
        "last_name": "Example",
        "date_of_birth": date(1980, 1, 1),
        "postcode": "BH1 1AA",
        "email": f"alex{n}@example.org",
        "consent_to_hold_data": True,
    }
    details.update(overrides)
    return details


def make_student(**overrides) -> Student:
    return student_register(**registration_details(**overrides))


def identity(code: str) -> Identity:
    return Identity.objects.get(code=code)


def category(code: str) -> OutcomeCategory:
    return OutcomeCategory.objects.get(code=code)


def make_review(student: Student, *, held_by=None, categories=(), **overrides) -> LearningPlanReview:
    """A review recorded through the service; `categories` are codes, e.g. ("self-management",)."""
    details = {
        "review_date": date(2024, 5, 1),
        "changes": "I go out for a walk most days now.",
    }
    details.update(overrides)
    return review_record(
        student=student, held_by=held_by, categories=[category(code) for code in categories], **details
    )
