"""The service-use report, computed once, in the database, for a period [start, end] (both days included).

A student is counted when they have a `before` answer in the period and an `after` answer in the period
dated after it: their earliest `before` and their latest `after` make their pair. For each service, the
mean over those people of contacts per month (an answer's contacts divided by the months it covers; a
service missing from an answer counts 0), and the mean cost per person per month from the unit costs.
Every format (page, CSV, JSON, PDF) renders the ServiceUseReport this returns; none recomputes a number.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q, Subquery, Sum

from warp.service_use.models import Period, Service, ServiceContact, ServiceUseAnswer

SELF_REPORTED = (
    "These figures are what students told us about their own use of services, before and after attending. "
    "They are self-reported and uncontrolled: there is no comparison group, so a change cannot be put down "
    "to the centre alone, and people who answered both times may differ from those who did not."
)


@dataclass
class ServiceRow:
    code: str
    label: str
    unit_cost: float | str
    before_per_month: float | str | None
    after_per_month: float | str | None


@dataclass
class ServiceUseReport:
    start: date
    end: date
    people: int | str
    services: list[ServiceRow]
    cost_before_per_month: float | str | None
    cost_after_per_month: float | str | None
    cost_change_per_month: float | str | None
    suppressed: bool = False
    notes: list[str] = field(default_factory=lambda: [SELF_REPORTED])

    def to_dict(self) -> dict:
        """The JSON: exactly the documented keys."""
        return {
            "people": self.people,
            "services": [
                {
                    "code": row.code,
                    "label": row.label,
                    "unit_cost": row.unit_cost,
                    "before_per_month": row.before_per_month,
                    "after_per_month": row.after_per_month,
                }
                for row in self.services
            ],
            "cost_before_per_month": self.cost_before_per_month,
            "cost_after_per_month": self.cost_after_per_month,
            "cost_change_per_month": self.cost_change_per_month,
        }


def two_places(value: Fraction) -> float:
    """An exact value to two decimal places, halves away from zero (1.005 -> 1.01, -1.005 -> -1.01)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def pairs(*, start: date, end: date):
    """Each counted person's earliest `before` answer in the period, annotated `after_id`: their latest
    `after` answer in the period dated after it."""
    in_period = ServiceUseAnswer.objects.filter(answered_on__range=(start, end))
    earlier_before = in_period.filter(period=Period.BEFORE, student_id=OuterRef("student_id")).filter(
        Q(answered_on__lt=OuterRef("answered_on"))
        | Q(answered_on=OuterRef("answered_on"), pk__lt=OuterRef("pk"))
    )
    latest_after = (
        in_period.filter(
            period=Period.AFTER, student_id=OuterRef("student_id"), answered_on__gt=OuterRef("answered_on")
        )
        .order_by("-answered_on", "-pk")
        .values("pk")[:1]
    )
    return (
        in_period.filter(period=Period.BEFORE)
        .exclude(Exists(earlier_before))
        .annotate(after_id=Subquery(latest_after))
        .filter(after_id__isnull=False)
    )


def _per_month_totals(answer_ids) -> dict[int, Fraction]:
    """service pk -> the sum over these answers of contacts / months, exactly. The database sums contacts
    per (service, months), so the rows read are at most services x distinct month counts, whatever the
    number of answers."""
    totals: dict[int, Fraction] = {}
    for service_id, months, contacts in (
        ServiceContact.objects.filter(answer_id__in=answer_ids)
        .order_by()
        .values_list("service_id", "answer__months")
        .annotate(total=Sum("contacts"))
    ):
        totals[service_id] = totals.get(service_id, Fraction(0)) + Fraction(contacts, months)
    return totals


def service_use_report(*, start: date, end: date) -> ServiceUseReport:
    """The whole report for [start, end], exact figures for staff (`for_commissioners` suppresses them).

    Four queries, whatever the number of answers: the people, the `before` and `after` sums, the services."""
    counted = pairs(start=start, end=end)
    people = counted.count()
    before = _per_month_totals(counted.values("pk"))
    after = _per_month_totals(counted.values("after_id"))
    services = list(
        Service.objects.filter(Q(is_active=True) | Q(pk__in=set(before) | set(after))).order_by(
            "order", "label"
        )
    )
    rows: list[ServiceRow] = []
    cost_before = cost_after = Fraction(0)
    for service in services:
        unit_cost = Fraction(service.unit_cost)
        mean_before = before.get(service.pk, Fraction(0)) / people if people else None
        mean_after = after.get(service.pk, Fraction(0)) / people if people else None
        if mean_before is not None and mean_after is not None:
            cost_before += mean_before * unit_cost
            cost_after += mean_after * unit_cost
        rows.append(
            ServiceRow(
                code=service.code,
                label=service.label,
                unit_cost=float(service.unit_cost),
                before_per_month=None if mean_before is None else two_places(mean_before),
                after_per_month=None if mean_after is None else two_places(mean_after),
            )
        )
    return ServiceUseReport(
        start=start,
        end=end,
        people=people,
        services=rows,
        cost_before_per_month=two_places(cost_before) if people else None,
        cost_after_per_month=two_places(cost_after) if people else None,
        cost_change_per_month=two_places(cost_after - cost_before) if people else None,
    )
