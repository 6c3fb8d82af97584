"""Shared pieces for the network tests: a small centre of invented students, and bundles made by hand."""

import json
from datetime import date, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.factories import answers, book, make_finished_run, make_student, manager, today
from tests.measures.factories import make_instrument, respond
from tests.outreach.factories import hold
from tests.teams.factories import make_lead, make_team
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_submit
from warp.network import keys
from warp.network.bundle import FORMAT, FORMAT_VERSION, canonical

START, END = date(2026, 1, 1), date(2026, 6, 30)


def build_centre(students: int = 12) -> list:
    """Students with every kind of personal detail, booked on a finished run, most of them giving feedback."""
    people = [
        make_student(
            first_name=f"Wilhelmina{n}",
            last_name=f"Quarrington{n}",
            email=f"wilhelmina.q{n}@example.org",
            phone=f"07700 900{n:03d}",
            postcode=f"DT{1 + n % 9} {n % 10}QX",
            date_of_birth=date(1950 + n, 2, 3 + n),
            gender="woman" if n % 2 else "man",
            registered_on=today() - timedelta(days=30),
        )
        for n in range(students)
    ]
    run = make_finished_run()
    for person in people:
        book(person, run)
    for person in people[:10]:
        feedback_submit(
            course_run=run,
            answers=answers(would_attend_again="yes" if person.pk % 3 else "no"),
            source=FeedbackSource.PAPER,
            entered_by=manager(),
            quote_consent=False,
        )
    return people


def add_workshops_and_questionnaires(people: list) -> None:
    """Nine workshops on one ward in the last month (six co-facilitated, six people at each), and the
    invented four-item questionnaire: every student at baseline (score 8), all but two followed up (16)."""
    ward = make_team(name="Larkspur Ward", leads=[make_lead()])
    for n in range(9):
        hold(ward, held_on=today() - timedelta(days=3 + n), attendees=6, peer=1, clinical=1 if n < 6 else 0)
    instrument = make_instrument()
    for person in people:
        respond(person, instrument, today() - timedelta(days=20), "baseline", [2, 4, 2, 2])
    for person in people[:-2]:
        respond(person, instrument, today() - timedelta(days=2), "follow-up", [4, 2, 4, 4])


def hand_bundle(
    key: Ed25519PrivateKey,
    *,
    code: str,
    name: str = "",
    registered=0,
    by_identity=(),
    booked=0,
    started=0,
    completed=0,
    completion=None,
    answered=0,
    yes=0,
    again=None,
    fidelity=(),
    workshops=None,
    outcomes=(),
    version: int = FORMAT_VERSION,
    start: date = START,
    end: date = END,
) -> dict:
    """A signed bundle with the figures given, in the shape `bundle_build` writes."""
    document = {
        "format": FORMAT,
        "format_version": version,
        "centre": {"code": code, "name": name or f"{code} centre"},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "software_version": "test",
        "created_on": end.isoformat(),
        "public_key": keys.public_key_text(key.public_key()),
        "figures": {
            "students": {
                "registered": registered,
                "by_identity": [{"label": label, "count": count} for label, count in by_identity],
                "by_gender": [],
                "by_age_band": [],
            },
            "courses": {"booked": booked, "started": started, "completed": completed},
            "feedback": {"responses": answered, "answered": answered, "would_attend_again": yes},
        },
        "rates": [
            {"name": "completion_percent", "percent": completion},
            {"name": "would_attend_again_percent", "percent": again},
        ],
        "fidelity": [
            {"code": c, "name": f"Component {c}", "level": level, "out_of": 4, "rated_on": end.isoformat()}
            for c, level in fidelity
        ],
    }
    if version >= 2:
        # workshops: (sessions, attendances, co-facilitated); outcomes: (code, pairs, baselines, improved)
        if workshops is not None:
            sessions, attendances, together = workshops
            document["figures"]["workshops"] = {
                "sessions": sessions,
                "attendances": attendances,
                "co_facilitated": together,
            }
        document["figures"]["outcomes"] = [
            {
                "code": code,
                "name": f"Questionnaire {code}",
                "pairs": pairs,
                "baselines": baselines,
                "reliably_improved": improved,
                "reliably_deteriorated": 0,
            }
            for code, pairs, baselines, improved in outcomes
        ]
    document["signature"] = keys.sign(canonical(document), key)
    return document


def write(path, document: dict) -> str:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return str(path)
