"""The demo as a network hub: an invented fidelity framework, the demo centre's own ratings and bundle, and
three invented member centres whose bundles are signed with their own keys, so the network report shows.

The member centres' figures are invented counts in the bundle's shape (each centre keeps its students in its
own WaRP; a hub never sees them), rounded and suppressed as a real centre's would be. Their keys come from
the demo's random number generator, so the demo is the same on every machine; the demo centre's own key is
made in WARP_DATA_DIR on first use, as a real centre's is.
"""

from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from warp.demo.measures import HOPE_AND_AGENCY
from warp.evaluation.disclosure import DisclosureRule, note
from warp.evaluation.forms import default_period
from warp.evaluation.queries import MULTIPLE_IDENTITIES, NOT_PROVIDED
from warp.network import keys
from warp.network.bundle import FORMAT, FORMAT_VERSION, bundle_build, canonical, software_version
from warp.network.models import FidelityComponent
from warp.network.queries import AGE_BANDS
from warp.network.services import bundle_import, framework_load, rating_record, trust_set
from warp.students.models import Gender
from warp.students.seed import IDENTITIES

HOME_CODE = "HOME-REC"
OUTCOME_CODE, OUTCOME_NAME = (
    HOPE_AND_AGENCY["code"],
    HOPE_AND_AGENCY["name"],
)  # the demo's invented questionnaire

# Invented for the demo: not any published framework's wording.
FRAMEWORK: dict[str, Any] = {
    "name": "Demo network fidelity framework (invented)",
    "components": [
        {
            "code": "SHARED",
            "name": "Made together",
            "description": "People with lived experience and practitioners plan, write and teach side by side.",
            "levels": [
                {
                    "level": 1,
                    "name": "Starting",
                    "description": "Courses are written by staff and checked by students.",
                },
                {
                    "level": 2,
                    "name": "Growing",
                    "description": "Some courses are planned with people with lived experience.",
                },
                {
                    "level": 3,
                    "name": "Established",
                    "description": "Most courses are planned and taught by a pair.",
                },
                {
                    "level": 4,
                    "name": "Embedded",
                    "description": "Every course, and the centre's own decisions, are shared.",
                },
            ],
        },
        {
            "code": "LEARN",
            "name": "A place to learn",
            "description": "People come as students choosing courses, not as patients sent for treatment.",
            "levels": [
                {"level": 1, "name": "Starting", "description": "Courses often feel like therapy groups."},
                {
                    "level": 2,
                    "name": "Growing",
                    "description": "Courses teach, though some still feel clinical.",
                },
                {
                    "level": 3,
                    "name": "Established",
                    "description": "Courses have learning outcomes and a classroom feel.",
                },
                {
                    "level": 4,
                    "name": "Embedded",
                    "description": "Students plan their own learning with a tutor.",
                },
            ],
        },
        {
            "code": "OPEN",
            "name": "Open to everyone",
            "description": "Anyone may enrol: people using services, families, friends and staff.",
            "levels": [
                {
                    "level": 1,
                    "name": "Starting",
                    "description": "Only people referred by a service may enrol.",
                },
                {
                    "level": 2,
                    "name": "Growing",
                    "description": "People may enrol themselves; staff rarely do.",
                },
                {
                    "level": 3,
                    "name": "Established",
                    "description": "Students, families and staff learn side by side.",
                },
                {
                    "level": 4,
                    "name": "Embedded",
                    "description": "The centre reaches out to groups who seldom come.",
                },
            ],
        },
        {
            "code": "LOCAL",
            "name": "Rooted in the community",
            "description": "Courses run in ordinary places, with local partners, beyond hospital sites.",
            "levels": [
                {"level": 1, "name": "Starting", "description": "Courses run on health service sites."},
                {
                    "level": 2,
                    "name": "Growing",
                    "description": "Some courses run in libraries or community halls.",
                },
                {"level": 3, "name": "Established", "description": "Most courses run in community places."},
                {
                    "level": 4,
                    "name": "Embedded",
                    "description": "Local groups co-run courses in their own spaces.",
                },
            ],
        },
    ],
}

# (code, name, students, completion rate, would-attend-again rate): invented centres, invented figures.
MEMBERS = [
    ("NORTHFIELD", "Northfield Recovery College (invented)", 820, 0.68, 0.91),
    ("HARBOURSIDE", "Harbourside Recovery Education Centre (invented)", 1460, 0.74, 0.88),
    ("MOORLAND", "Moorland Recovery Academy (invented)", 390, 0.59, 0.94),
]


def _split(total: int, shares: list[float]) -> list[int]:
    parts = [int(total * share) for share in shares]
    parts[0] += total - sum(parts)
    return parts


def member_document(
    rng: Any,
    *,
    code: str,
    name: str,
    students: int,
    completion: float,
    again: float,
    start,
    end,
    key: Ed25519PrivateKey,
) -> dict:
    """An invented member centre's signed bundle, shaped as `bundle_build` writes one."""
    rule = DisclosureRule.from_settings()
    booked = int(students * rng.uniform(1.4, 2.2))
    started = int(booked * rng.uniform(0.82, 0.92))
    completed = int(booked * completion)
    responses = int(completed * rng.uniform(0.5, 0.7))
    answered = int(responses * 0.95)
    yes = int(answered * again)
    labels = [label for _, label, _ in IDENTITIES] + [MULTIPLE_IDENTITIES, NOT_PROVIDED]
    identity = _split(students, [0.44, 0.12, 0.14, 0.08, 0.05, 0.03, 0.1, 0.04])
    ages = _split(students, [0.14, 0.22, 0.21, 0.2, 0.15, 0.08])
    c = rule.count
    sessions = int(students * rng.uniform(0.25, 0.4))
    together = int(sessions * rng.uniform(0.55, 0.85))
    baselines = int(students * rng.uniform(0.3, 0.5))
    pairs = int(baselines * rng.uniform(0.5, 0.75))
    improved = int(pairs * rng.uniform(0.35, 0.55))
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "centre": {"code": code, "name": name},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "software_version": software_version(),
        "created_on": end.isoformat(),
        "public_key": keys.public_key_text(key.public_key()),
        "figures": {
            "disclosure": {"suppressed_up_to": rule.threshold, "rounded_to": rule.base, "note": note(rule)},
            "students": {
                "registered": c(students),
                "by_identity": [
                    {"label": label, "count": c(n)} for label, n in zip(labels, identity, strict=True)
                ],
                "by_gender": [
                    {"label": label, "count": c(n)}
                    for label, n in zip(
                        [str(label) for _, label in Gender.choices],
                        _split(students, [0.6, 0.32, 0.03, 0.01, 0.02, 0.02]),
                        strict=True,
                    )
                ],
                "by_age_band": [
                    {"label": band[0], "count": c(n)} for band, n in zip(AGE_BANDS, ages, strict=True)
                ],
                "age_not_provided": 0,
            },
            "courses": {
                "runs": c(int(booked / 11)),
                "booked": c(booked),
                "started": c(started),
                "completed": c(completed),
                "completion_percent": rule.rate(completed, booked),
                "dropout_percent": rule.rate(started - completed, started),
                "by_term": [],
            },
            "feedback": {
                "responses": c(responses),
                "answered": c(answered),
                "would_attend_again": c(yes),
                "would_attend_again_percent": rule.rate(yes, answered),
            },
            "reviews": {"count": 0, "students": 0, "coded": 0, "by_category": []},
            "workshops": {
                "sessions": c(sessions),
                "attendances": c(sessions * rng.randint(4, 8)),
                "settings": c(rng.randint(2, 6)),
                "co_facilitated": c(together),
                "co_facilitated_percent": rule.rate(together, sessions),
            },
            "cohorts": {"cohorts": c(2), "participants": c(24), "completed": c(19), "referrals": c(20)},
            "outcomes": [
                {
                    "code": OUTCOME_CODE,
                    "name": OUTCOME_NAME,
                    "pairs": c(pairs),
                    "baselines": c(baselines),
                    "followed_up_percent": rule.rate(pairs, baselines),
                    "mean_change": round(rng.uniform(2.0, 5.0), 1) if pairs > rule.threshold else "*",
                    "reliably_improved": c(improved),
                    "reliably_deteriorated": c(int(pairs * 0.05)),
                }
            ],
        },
        "rates": [
            {
                "name": "completion_percent",
                "percent": rule.rate(completed, booked),
                "numerator": "courses.completed",
                "numerator_count": c(completed),
                "denominator": "courses.booked",
                "denominator_count": c(booked),
            },
            {
                "name": "would_attend_again_percent",
                "percent": rule.rate(yes, answered),
                "numerator": "feedback.would_attend_again",
                "numerator_count": c(yes),
                "denominator": "feedback.answered",
                "denominator_count": c(answered),
            },
            {
                "name": "co_facilitated_percent",
                "percent": rule.rate(together, sessions),
                "numerator": "workshops.co_facilitated",
                "numerator_count": c(together),
                "denominator": "workshops.sessions",
                "denominator_count": c(sessions),
            },
            {
                "name": f"outcomes.{OUTCOME_CODE}.followed_up_percent",
                "percent": rule.rate(pairs, baselines),
                "numerator": f"outcomes.{OUTCOME_CODE}.pairs",
                "numerator_count": c(pairs),
                "denominator": f"outcomes.{OUTCOME_CODE}.baselines",
                "denominator_count": c(baselines),
            },
        ],
        "fidelity": [
            {
                "code": component["code"],
                "name": component["name"],
                "level": rng.randint(1, 4),
                "out_of": 4,
                "rated_on": end.isoformat(),
            }
            for component in FRAMEWORK["components"]
        ],
    }
    document["signature"] = keys.sign(canonical(document), key)
    return document


def build(ctx) -> None:
    import json

    framework_load(data=FRAMEWORK)
    today = ctx.today
    # The demo centre's own self-assessment: a year ago, and this term.
    for component in FidelityComponent.objects.filter(is_active=True):
        first = ctx.rng.randint(1, 3)
        for rated_on, level in (
            (today - timedelta(days=360), first),
            (today - timedelta(days=20), min(first + ctx.rng.randint(0, 1), 4)),
        ):
            rating_record(
                component=component,
                rated_on=rated_on,
                level=level,
                evidence="Discussed at the co-production group; examples from this term's courses.",
                actions="Plan the next step with the student reference group.",
            )
    start, end = default_period()
    # The demo centre itself is a member: its bundle is built from the demo's own data and its own key.
    home = bundle_build(start=start, end=end, code=HOME_CODE)
    trust_set(code=HOME_CODE, public_key=home["public_key"])
    bundle_import(text=json.dumps(home))
    for code, name, students, completion, again in MEMBERS:
        key = Ed25519PrivateKey.from_private_bytes(ctx.rng.randbytes(32))
        document = member_document(
            ctx.rng,
            code=code,
            name=name,
            students=students,
            completion=completion,
            again=again,
            start=start,
            end=end,
            key=key,
        )
        trust_set(code=code, public_key=document["public_key"], name=name)
        bundle_import(text=json.dumps(document))
    ctx.store["network_period"] = (start, end)
    ctx.store["network_built_at"] = timezone.now()


def build_hub() -> str:
    """`warp demo --network` on a database that already holds the demo: add the hub's part if it is missing."""
    import random

    from django.db import transaction

    from warp.demo import DemoContext
    from warp.network.models import TrustedCentre

    if TrustedCentre.objects.exists():
        return "This demo is already a network hub: sign in as the network coordinator to see the network report."
    with transaction.atomic():
        build(DemoContext(rng=random.Random(2012), today=timezone.localdate()))
    return "Made this demo a network hub with three invented member centres beside the demo centre."
