"""What people do with services, unit costs and service-use answers: one transaction each."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from warp import audit
from warp.accounts.models import User
from warp.service_use.models import Period, Service, ServiceContact, ServiceUseAnswer
from warp.students.models import Student
from warp.students.services import refuse_if_erased

MAX_MONTHS = 60


@transaction.atomic
def service_save(
    *,
    code: str,
    label: str,
    unit_cost: Decimal,
    source: str = "",
    year: int | None = None,
    is_active: bool = True,
    service: Service | None = None,
    by: User | None = None,
) -> Service:
    """Add a service (no `service`) or change one: its label, unit cost, where the cost comes from and its year."""
    service = service or Service()
    service.code, service.label, service.unit_cost = code.strip().lower(), label.strip(), unit_cost
    service.source, service.year, service.is_active = source.strip(), year, is_active
    service.full_clean()
    created = service.pk is None
    service.save()
    audit.record(action="create" if created else "change", obj=service, user=by)
    return service


def answer_problems(
    *, answered_on: date | None, period: str, months: int | None, today: date
) -> dict[str, str]:
    """What is wrong with an answer's date, period and months, in words for whoever types it ({} if fine)."""
    problems: dict[str, str] = {}
    if answered_on is None:
        problems["answered_on"] = "Enter the date they answered, for example 14/05/2025."
    elif answered_on > today:
        problems["answered_on"] = "The date they answered cannot be in the future."
    if period not in Period.values:
        problems["period"] = "Choose whether the answer is about before or after attending (before or after)."
    if months is None or not 1 <= months <= MAX_MONTHS:
        problems["months"] = (
            f"Enter how many months the answer covers, a whole number from 1 to {MAX_MONTHS}."
        )
    return problems


@transaction.atomic
def service_use_record(
    *,
    student: Student,
    answered_on: date,
    period: str,
    months: int,
    contacts: Mapping[Service, int],
    entered_by: User | None,
    today: date | None = None,
) -> ServiceUseAnswer:
    """Record a student's answer about service use for one period; services left out (or 0) count 0.

    One answer per student, date and period: a second is refused (ValidationError), never merged."""
    refuse_if_erased(student)
    errors = answer_problems(
        answered_on=answered_on, period=period, months=months, today=today or timezone.localdate()
    )
    if any(count < 0 for count in contacts.values()):
        errors["__all__"] = "Contacts are whole numbers of 0 or more."
    if (
        not errors
        and ServiceUseAnswer.objects.filter(student=student, answered_on=answered_on, period=period).exists()
    ):
        errors["answered_on"] = (
            f"{student.first_name} already has an answer about {Period(period).label.lower()} on "
            f"{answered_on.day} {answered_on:%B %Y}. Check the date, or leave that answer as it is."
        )
    if errors:
        raise ValidationError(errors)
    answer = ServiceUseAnswer(
        student=student, answered_on=answered_on, period=period, months=months, entered_by=entered_by
    )
    answer.full_clean()
    answer.save()
    ServiceContact.objects.bulk_create(
        [
            ServiceContact(answer=answer, service=service, contacts=count)
            for service, count in contacts.items()
            if count
        ]
    )
    audit.record(action="create", obj=answer, student_id=student.pk, user=entered_by)
    return answer
