"""Service use and costs at the demo centre.

Five services with INVENTED unit costs, each labelled as an example (a centre types in the figures from
the unit-cost tables it uses). About sixty students registered at least six months ago answered about the
three months before they started; most answered again some months later about the three months since.
Use varies from person to person; on average it falls a little after attending, but not for everyone.
"""

from datetime import timedelta
from decimal import Decimal

from warp.service_use.services import service_save, service_use_record
from warp.students.models import Student

EXAMPLE_SOURCE = "Example figure for the demo only, not a real unit cost"
# code, label, invented cost in pounds, typical contacts over three months before attending
SERVICES = [
    ("gp", "GP appointment", "42.00", 3.0),
    ("a-and-e", "A&E attendance", "190.00", 0.6),
    ("cmht", "Community mental health team contact", "110.00", 4.0),
    ("crisis", "Crisis team contact", "240.00", 0.8),
    ("inpatient", "Mental health inpatient day", "480.00", 1.5),
]
HOW_MANY = 60
SHARE_FOLLOWED_UP = 0.85
DEMO_STUDENT_EMAIL = "sam.student@example.org"


def build(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    services = [
        (
            service_save(
                code=code, label=label, unit_cost=Decimal(cost), source=EXAMPLE_SOURCE, year=today.year - 1
            ),
            typical,
        )
        for code, label, cost, typical in SERVICES
    ]
    candidates = list(
        Student.objects.active()
        .filter(
            registered_on__lte=today - timedelta(days=180), registered_on__gte=today - timedelta(days=730)
        )
        .exclude(user__email=DEMO_STUDENT_EMAIL)
        .order_by("pk")
    )
    chosen = rng.sample(candidates, min(len(candidates), HOW_MANY))
    for student in chosen:
        need = rng.uniform(0.2, 2.0)  # how much this person used services before
        before_on = min(student.registered_on + timedelta(days=rng.randint(0, 21)), today)
        before = {service: round(rng.expovariate(1 / (typical * need))) for service, typical in services}
        service_use_record(
            student=student,
            answered_on=before_on,
            period="before",
            months=3,
            contacts=before,
            entered_by=None,
            today=today,
        )
        if rng.random() >= SHARE_FOLLOWED_UP:
            continue
        after_on = before_on + timedelta(days=rng.randint(120, 300))
        if after_on > today:
            continue
        change = rng.uniform(0.4, 1.2)  # most use less afterwards; some use more
        after = {
            service: round(count * change + rng.choice([-1, 0, 0, 0, 1])) for service, count in before.items()
        }
        service_use_record(
            student=student,
            answered_on=after_on,
            period="after",
            months=3,
            contacts={service: max(count, 0) for service, count in after.items()},
            entered_by=None,
            today=today,
        )
    ctx.store["service_use_students"] = len(chosen)
