"""Build a big synthetic centre for benchmarks: `python -m bench.generate --students 100000`.

At 100,000 students: nine terms, ~2,000 course runs (each co-delivered by a peer and a professional
trainer), ~12,000 sessions, ~300,000 bookings with waiting lists and cancellations, ~1.5 million
attendance marks (about 70% present) with their change history, ~50,000 agreed learning plans,
~100,000 feedback responses, 200 teams with TRIP rounds. Everything scales with --students.

Every student with an agreed plan gets one Learning Plan Review (about 50,000 at 100,000 students), most of
them coded into one or two outcome categories in the 2014 evaluation's proportions.

Runs are large (about 130 places) because the issue's totals ask for ~150 bookings per run and ~125
marks per session; that makes every register and run a worst case for its page.

Invented people only (emails at example.org). Needs a migrated database with no students in it. Each
table's rows are given by column name to a `Table`, which chooses their ids and writes them in one statement
through `warp.core.bulk.insert_rows` (COPY on PostgreSQL, executemany on SQLite), the importer's own
bulk insert; no model validation and no signals, so the generator alone keeps the rules (every run
co-delivered, nobody booked over capacity, marks only for sessions already held).
"""

import argparse
import bisect
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from warp.core.bulk import insert_rows

FIRST_NAMES = (
    "Amelia Olivia Isla Ava Mia Grace Lily Freya Evie Ruby Sophie Chloe Ella Emily Poppy Hannah Megan Holly "
    "Jasmine Leah Zara Aisha Priya Mei Ngozi Agnieszka Siobhan Carys Morag Janet Susan Linda Margaret Pauline "
    "Oliver Jack Harry George Noah Charlie Jacob Thomas Oscar William James Daniel Ryan Liam Kieran Callum "
    "Owen Rhys Mohammed Arjun Tomasz Kwame Sean Graham Keith Trevor Colin Derek Alex Sam Jordan Robin Eleanor "
    "Beatrice Harriet Imogen Maisie Niamh Orla Phoebe Rosie Tilly Violet Willow Yasmin Bethany Caitlin Deborah "
    "Fiona Gemma Helen Joanne Karen Lorraine Nicola Rachel Sarah Tracey Wendy Adam Ben Chris Dominic Edward "
    "Frank Gareth Ian Jamie Kevin Luke Mark Nathan Patrick Richard Stephen Tony Vikram Wojciech Yusuf Zain"
).split()
LAST_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts "
    "Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis Rodriguez Cox "
    "Alexander Morden Cooper Ward Hughes Kowalski Okonkwo Nguyen Chen Murphy O'Brien MacLeod Pritchard Trevelyan "
    "Hardy Barnes Dorsett Purbeck Chesil Frome Stour Wessex Portland Kimmeridge Studland Hengist Tolpuddle "
    "Abbott Baker Carter Dixon Ellis Fisher Gray Harris Irving Jenkins Kelly Lawson Marsh Norris Owens Parker "
    "Quinn Reid Shaw Turner Upton Vaughan Watts Young Bennett Chapman Dawson Fletcher Gibson Holmes Knight "
    "Lloyd Moore Nash Palmer Russell Simpson Tucker Webb Begum Hussain Ali Singh Kaur Nowak Silva Santos"
).split()
LOCALITIES = [
    "Bournemouth",
    "Poole",
    "Christchurch",
    "Dorchester",
    "Weymouth",
    "Bridport",
    "Wimborne",
    "Ferndown",
    "Blandford",
    "Sherborne",
    "Shaftesbury",
    "Swanage",
    "Wareham",
    "Gillingham",
    "Lyme Regis",
    "Verwood",
]
THEMES = ["Understanding", "Living well", "Recovery", "Carers", "Peer support", "Work and study", "Creative"]
COURSE_TITLES = [
    "Understanding Depression and Anxiety",
    "Understanding Unusual Experiences",
    "Recovery Narratives",
    "Early Warning Signs",
    "Peer Support Toolkit",
    "Supporting Someone's Recovery: An Introduction",
    "Supporting Someone's Recovery: Dealing with Challenging Situations",
    "Asperger's",
    "Perspectives on Mental Illness",
    "Introduction to Recovery",
    "Living with Bipolar",
    "Engaging with Life",
    "Mindfulness for Beginners",
    "Sleep and Wellbeing",
    "Managing Stress",
    "Hearing Voices",
    "Self-Compassion",
    "Building Confidence",
    "Healthy Relationships",
    "Understanding Personality Disorder",
    "Creative Writing for Wellbeing",
    "Walking for Wellbeing",
    "Returning to Work",
    "Managing Money and Wellbeing",
    "Understanding Trauma",
    "Wellness Recovery Action Planning",
    "Living with Long-term Pain",
    "Food and Mood",
    "Understanding Eating Disorders",
    "Introduction to Peer Work",
    "Safety Planning Together",
    "Understanding Medication",
    "Recovery and Spirituality",
    "Photography for Wellbeing",
    "Art and Recovery",
    "Carers' Wellbeing",
    "Understanding Obsessive Compulsive Disorder",
    "Dealing with Loneliness",
    "Hope and Recovery",
    "Making Sense of Diagnosis",
]
HOPES = [
    "Understand my diagnosis and feel less alone with it.",
    "Build my confidence to be in groups again.",
    "Learn ways to notice my early warning signs.",
    "Support my partner's recovery without burning out.",
    "Bring what I learn back to my team at work.",
    "Meet people who understand, and maybe volunteer one day.",
]
HELPED = [
    "Hearing other people's stories",
    "The trainers sharing their own experience",
    "The handouts",
    "Small groups",
    "",
    "",
]
IDENTITY_CHOICES = [
    (("secondary-care",), 33),
    (("primary-care",), 13),
    (("carer",), 15),
    (("trust-staff",), 13),
    (("charity-staff",), 3),
    (("other",), 5),
    (("secondary-care", "carer"), 5),
    (("carer", "trust-staff"), 3),
    (("primary-care", "carer"), 2),
    ((), 8),
]
GENDERS = [
    ("woman", 50),
    ("man", 42),
    ("non_binary", 2),
    ("self_describe", 1),
    ("prefer_not_to_say", 2),
    ("", 3),
]
ETHNICITIES = [("white_british", 82), ("white_other", 5), ("mixed_white_asian", 1), ("asian_indian", 1)]
ETHNICITIES += [("black_african", 1), ("other_any", 1), ("prefer_not_to_say", 3), ("", 6)]
TEAM_KINDS = [
    "inpatient_ward",
    "community_team",
    "crisis_service",
    "specialist_service",
    "learning_and_development",
    "education_partner",
    "other",
]
START_TIMES = [(clock(10, 0), clock(12, 0)), (clock(13, 30), clock(15, 30)), (clock(18, 0), clock(20, 0))]
UNUSABLE_PASSWORD = "!bench-no-password"  # noqa: S105 - marks accounts nobody can sign in to


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


REVIEW_WORDS = [
    "I manage my mood better and I know my early warning signs now.",
    "I feel more hopeful about the future than I have for years.",
    "I've started talking to my family about how I feel.",
    "I go to a community group every week now.",
    "I think better of myself. I don't put myself down so much.",
    "I know where to go for help, and I ask for it sooner.",
    "Nothing much has changed yet, but I've enjoyed the courses.",
    "I understand my experiences differently, they make more sense.",
    "I've started volunteering two mornings a week.",
]


@dataclass
class Sizes:
    students: int
    runs_per_term: int
    trainers_each: int
    teams: int
    tutors: int

    @classmethod
    def for_students(cls, students: int) -> "Sizes":
        share = students / 100_000
        return cls(
            students=students,
            runs_per_term=max(1, round(2000 * share / 9)),
            trainers_each=max(2, round(200 * share)),
            teams=max(3, round(200 * share)),
            tutors=max(2, round(20 * share)),
        )


@dataclass
class Built:
    """What the benchmarks need to find again: the staff accounts and the current term."""

    manager_id: int = 0
    tutor_ids: list[int] = field(default_factory=list)
    peer_ids: list[int] = field(default_factory=list)
    professional_ids: list[int] = field(default_factory=list)
    partnership_lead_id: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class Progress:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.started = self.last = time.perf_counter()

    def done(self, what: str, count: int) -> None:
        now = time.perf_counter()
        if not self.quiet:
            print(
                f"[{now - self.started:7.1f}s] {what}: {count:,} rows in {now - self.last:.1f}s",
                flush=True,
            )
        self.last = now


def generate(
    *, students: int = 100_000, seed: int = 2012, today: date | None = None, quiet: bool = False
) -> Built:
    """Build the centre in the default database (which must hold no students yet)."""
    from django.db import transaction

    from warp.students.models import Student

    if Student.objects.exists():
        raise SystemExit("The database already has students: generate into a freshly migrated database.")
    today = today or timezone.localdate()
    progress = Progress(quiet)
    with transaction.atomic():
        built = _generate(Sizes.for_students(students), random.Random(seed), today, progress)
    from warp.core.kept import forget_all

    # A new database's change counters start from zero again, so the same data reach the same versions as
    # the last database of this name: without this, the bench's "first view after a change" rows found
    # the figures the previous `make bench` had kept (whenever warp/ had not changed in between).
    forget_all()
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum gathers them); a fresh bulk load has none.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        progress.done("ANALYZE", 0)
    if not quiet:
        print(f"[{time.perf_counter() - progress.started:7.1f}s] done", flush=True)
    return built


class Table:
    """The rows of one table, each given by column name, then written in one statement by
    `warp.core.bulk.insert_rows`.

    Ids are given here, one after another from the table's highest, so a row's id is known as soon as it is
    added and other rows can point to it; `reset_sequences` moves PostgreSQL's sequences past them at the end.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        self.next_pk = (last or 0) + 1
        self.columns: list[str] = []
        self.waiting: list[tuple[Any, ...]] = []
        self.count = 0

    def new_id(self) -> int:
        """An id for a row added later (when another row must point to it first)."""
        self.next_pk += 1
        return self.next_pk - 1

    def add(self, **row: Any) -> int:
        """Add one row (every row of a table names the same columns); returns its id."""
        if "id" not in row:
            row = {"id": self.new_id(), **row}
        if not self.columns:
            self.columns = list(row)
        elif len(row) != len(self.columns):
            raise ValueError(f"{self.model.__name__}: every row names the columns {self.columns}")
        self.waiting.append(tuple(row[column] for column in self.columns))
        return row["id"]

    def write(self) -> int:
        """Write the rows still waiting; returns how many rows the table has been given in all.

        Each part of the generator writes its tables once it has built them, parents first. Writing rows in
        batches as they came (children before their parents) made the generator 1.5-2x slower on SQLite
        at 20,000 students, measured."""
        if self.waiting:
            self.count += insert_rows(self.model, self.columns, self.waiting)
            self.waiting = []
        return self.count


@dataclass
class PlannedSession:
    pk: int
    day: date
    starts_at: clock


@dataclass
class PlannedRun:
    pk: int
    places: int
    term_starts: date
    peer: int
    sessions: list[PlannedSession]


@dataclass
class Centre:
    """What every part of the generator shares: the random numbers, the dates, and the tables written."""

    rng: random.Random
    today: date
    now: datetime
    progress: Progress
    tables: dict[type[models.Model], Table] = field(default_factory=dict)

    def table(self, model: type[models.Model]) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model)
        return self.tables[model]

    def aware(self, day: date, at: clock) -> datetime:
        return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())

    def written(self, what: str, *models_written: type[models.Model]) -> int:
        """Write what is still waiting for these tables and say how many rows the first one got."""
        counts = [self.table(model).write() for model in models_written]
        self.progress.done(what, counts[0])
        return counts[0]


def _generate(sizes: Sizes, rng: random.Random, today: date, progress: Progress) -> Built:
    centre = Centre(rng=rng, today=today, now=timezone.now(), progress=progress)
    built = Built()
    team_leads = _staff(centre, sizes, built)
    terms, courses, venues = _catalogue(centre)
    active = _students(centre, sizes, built, first_term_starts=terms[0][1])
    _reviews(centre, active, built)
    runs = _runs(centre, sizes, built, terms, courses, venues, active)
    _bookings_and_feedback(centre, runs, active, built)
    _teams(centre, sizes, team_leads, built)
    _measures_and_service_use(centre, active, built)
    reset_sequences(list(centre.tables))
    return built


def _staff(centre: Centre, sizes: Sizes, built: Built) -> list[int]:
    """The staff accounts; returns the team leads' ids."""
    from warp.accounts.models import User

    users = centre.table(User)
    rng = centre.rng

    def add_user(role: str, email: str, first: str, last: str, kind: str = "") -> int:
        return users.add(
            email=email,
            first_name=first,
            last_name=last,
            role=role,
            trainer_kind=kind,
            password=UNUSABLE_PASSWORD,
            is_active=True,
            is_staff=False,
            is_superuser=False,
            date_joined=centre.now,
        )

    built.manager_id = add_user("centre_manager", "bench.manager@example.org", "Morgan", "Manager")
    add_user("administrator", "bench.admin@example.org", "Ari", "Admin")
    built.partnership_lead_id = add_user("partnership_lead", "bench.lead@example.org", "Pat", "Lead")
    add_user("commissioner", "bench.commissioner@example.org", "Cam", "Commissioner")
    built.tutor_ids = [
        add_user("admissions_tutor", f"bench.tutor{n}@example.org", "Tutor", f"Number {n}")
        for n in range(sizes.tutors)
    ]
    built.peer_ids = [
        add_user("trainer", f"bench.peer{n}@example.org", rng.choice(FIRST_NAMES), "Peer", "peer")
        for n in range(sizes.trainers_each)
    ]
    built.professional_ids = [
        add_user("trainer", f"bench.pro{n}@example.org", rng.choice(FIRST_NAMES), "Pro", "professional")
        for n in range(sizes.trainers_each)
    ]
    team_leads = [
        add_user("team_lead", f"bench.teamlead{n}@example.org", rng.choice(FIRST_NAMES), f"Lead {n}")
        for n in range(sizes.teams)
    ]
    centre.written("staff accounts", User)
    return team_leads


def _catalogue(centre: Centre) -> tuple[list[tuple[int, date]], list[int], list[int]]:
    """Terms, courses and venues; returns the terms as (id, first day), the course ids and the venue ids."""
    from warp.prospectus.models import Course, Term, Venue

    # Eight past terms about four months apart, and the current one (a month in, two to go).
    terms = []
    for k in range(9):
        starts = centre.today - timedelta(days=30 + (8 - k) * 122)
        pk = centre.table(Term).add(
            name=f"Bench term {k + 1} ({starts:%B %Y})",
            starts_on=starts,
            ends_on=starts + timedelta(days=90),
            is_historic=False,
        )
        terms.append((pk, starts))
    courses = [
        centre.table(Course).add(
            title=title,
            summary=f"A course about {title.lower()}.",
            theme=THEMES[i % len(THEMES)],
            level="rec",
            usual_sessions=6,
            usual_session_minutes=120,
        )
        for i, title in enumerate(COURSE_TITLES)
    ]
    venues = [
        centre.table(Venue).add(
            name=f"{place} Recovery Centre",
            locality=place,
            access_information="Step-free access; hearing loop.",
        )
        for place in LOCALITIES
    ]
    centre.written("terms, courses and venues", Term, Course, Venue)
    return terms, courses, venues


def _students(
    centre: Centre, sizes: Sizes, built: Built, *, first_term_starts: date
) -> list[tuple[date, int]]:
    """Students: half active with an agreed plan, a few recent ones waiting, the rest imported history.

    Returns (plan agreed on, student id) of the students who may book, earliest plan first."""
    from warp.students.models import Identity, LearningPlan, Student

    rng, today = centre.rng, centre.today
    students = centre.table(Student)
    ticked = centre.table(Student.identities.through)
    plans = centre.table(LearningPlan)
    identity_ids = dict(Identity.objects.values_list("code", "pk"))
    span = (today - (first_term_starts - timedelta(days=365))).days
    active: list[tuple[date, int]] = []
    used_names: set[tuple[str, str, date]] = set()
    for _ in range(sizes.students):
        sid = students.new_id()
        roll = rng.random()
        if roll < 0.02:
            kind, registered = "waiting", today - timedelta(days=rng.randint(0, 40))
        elif roll < 0.52:
            kind, registered = "active", today - timedelta(days=rng.randint(41, span))
        else:
            kind, registered = "historic", today - timedelta(days=rng.randint(200, span + 3 * 365))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        age_then = int(rng.triangular(18, 84, 36))
        born = registered - timedelta(days=int((age_then + rng.random()) * 365.25))
        while (first.lower(), last.lower(), born) in used_names:
            born -= timedelta(days=1)
        used_names.add((first.lower(), last.lower(), born))
        no_date = rng.random() < 0.04
        gender = _weighted(rng, GENDERS)
        locality = rng.choice(LOCALITIES)
        area, district = rng.choice(["BH", "DT"]), rng.randint(1, 25)
        unit = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
        consent_at = centre.aware(registered, clock(10, rng.randint(0, 59)))
        students.add(
            id=sid,
            registration_number=f"REC-{sid:06d}",
            first_name=first,
            last_name=last,
            date_of_birth=None if no_date else born,
            confirmed_over_18=no_date,
            gender=gender,
            gender_self_description="Genderqueer" if gender == "self_describe" else "",
            ethnicity=_weighted(rng, ETHNICITIES),
            email=f"{first.lower()}.{last.lower().replace(chr(39), '')}.{sid}@example.org",
            phone=f"07700 {rng.randint(100000, 999999)}",
            address=f"{rng.randint(1, 120)} High Street, {locality}",
            postcode=f"{area}{district} {unit}",
            contact_method=rng.choice(["email"] * 7 + ["phone", "text", "post"]),
            consent_to_hold_data=True,
            privacy_notice_version="2026-1",
            consent_given_at=consent_at,
            consent_to_contact=rng.random() < 0.8,
            consent_to_quote=rng.random() < 0.4,
            status="active" if kind == "active" else "awaiting_plan",
            registered_on=registered,
            is_historic=kind == "historic",
            created_at=consent_at,
            updated_at=consent_at,
        )
        for code in _weighted(rng, IDENTITY_CHOICES):
            ticked.add(student_id=sid, identity_id=identity_ids[code])
        if kind == "active":
            agreed = min(today, registered + timedelta(days=rng.randint(5, 30)))
            plans.add(
                student_id=sid,
                hopes_and_goals=rng.choice(HOPES),
                strengths="Good listener",
                review_date=agreed + timedelta(days=180),
                agreed_on=agreed,
                agreed_by_id=rng.choice(built.tutor_ids),
                created_at=centre.now,
                updated_at=centre.now,
            )
            active.append((agreed, sid))
    built.counts["students"] = centre.written("students", Student)
    centre.written("identities ticked", Student.identities.through)
    built.counts["learning plans"] = centre.written("learning plans", LearningPlan)
    active.sort()
    return active


# How often each outcome category is named, in the 2014 evaluation's proportions ("No change" apart).
CATEGORY_WEIGHTS = [
    ("self-management", 30),
    ("acceptance-hope", 20),
    ("relationships", 10),
    ("participation", 10),
    ("self-esteem", 14),
    ("access-to-support", 12),
    ("self-discovery", 12),
    ("empathy", 4),
    ("employment", 4),
    ("peer-support-group", 4),
]


def _reviews(centre: Centre, active: list[tuple[date, int]], built: Built) -> None:
    """Learning Plan Reviews: one per active student, a few months after the plan; most coded."""
    from warp.students.models import LearningPlanReview, OutcomeCategory

    rng = centre.rng
    reviews = centre.table(LearningPlanReview)
    coded_as = centre.table(LearningPlanReview.categories.through)
    categories = dict(OutcomeCategory.objects.values_list("code", "pk"))
    for agreed, sid in active:
        held = min(centre.today, agreed + timedelta(days=rng.randint(60, 400)))
        coded = rng.random() < 0.93
        tutor = rng.choice(built.tutor_ids)
        stamp = centre.aware(held, clock(14, 0))
        review = reviews.add(
            student_id=sid,
            review_date=held,
            courses_attended="",
            changes=rng.choice(REVIEW_WORDS),
            coded_at=stamp if coded else None,
            coded_by_id=tutor if coded else None,
            next_steps="",
            quote_consent=rng.random() < 0.5,
            held_by_id=tutor,
            is_historic=False,
            import_key="",
            created_at=stamp,
            updated_at=stamp,
        )
        if not coded:
            continue
        if rng.random() < 0.18:
            chosen = ["no-change"]
        else:
            chosen = [_weighted(rng, CATEGORY_WEIGHTS)]
            if rng.random() < 0.5:
                other = _weighted(rng, CATEGORY_WEIGHTS)
                if other not in chosen:
                    chosen.append(other)
        for code in chosen:
            coded_as.add(learningplanreview_id=review, outcomecategory_id=categories[code])
    built.counts["learning plan reviews"] = centre.written("learning plan reviews", LearningPlanReview)
    centre.table(LearningPlanReview.categories.through).write()


BENCH_INSTRUMENT = {
    "code": "bench-check",
    "name": "Bench Check",
    "licence": "Invented for the benchmark.",
    "items": [{"number": n, "text": f"Invented item {n}."} for n in range(1, 7)],
    "response_min": 1,
    "response_max": 5,
    "reverse_items": [2, 5],
    "score": "sum",
    "higher_is_better": True,
    "reliability": 0.85,
    "reference_sd": 4.0,
    "clinical_cutoff": 19,
}
BENCH_SERVICES = [("gp", "GP", "39.00"), ("a-and-e", "A&E", "160.00"), ("cmht", "Community team", "110.50")]
BENCH_SERVICES += [("crisis", "Crisis team", "225.00"), ("inpatient", "Inpatient days", "396.75")]


def _measures_and_service_use(centre: Centre, active: list[tuple[date, int]], built: Built) -> None:
    """An invented questionnaire with a baseline for about 80% of active students (a few left incomplete)
    and a later follow-up for about 60% of those; service-use answers (before, then after for about 70%)
    for about 40% of active students, each naming some of five services."""
    import json

    from warp.measures.models import MeasureResponse
    from warp.measures.scoring import score_of
    from warp.measures.services import instrument_save
    from warp.service_use.models import Service, ServiceContact, ServiceUseAnswer

    rng = centre.rng
    instrument, _ = instrument_save(data=BENCH_INSTRUMENT)
    version = instrument.current
    responses = centre.table(MeasureResponse)
    items = len(BENCH_INSTRUMENT["items"])

    def respond(sid: int, on: date, occasion: str, lift: int) -> None:
        answers: list[int | None] = [
            max(1, min(5, rng.randint(1, 4) + (lift if n not in (2, 5) else -lift)))
            for n in range(1, items + 1)
        ]
        if rng.random() < 0.04:
            answers[rng.randrange(items)] = None
        score = score_of(version, answers)
        stamp = centre.aware(on, clock(11, 0))
        responses.add(
            student_id=sid,
            instrument_id=instrument.pk,
            version_id=version.pk,
            completed_on=on,
            occasion=occasion,
            answers=json.dumps(answers),
            is_complete=score is not None,
            score=score,
            source="portal",
            entered_by_id=None,
            created_at=stamp,
        )

    services = [
        Service.objects.create(code=code, label=label, unit_cost=cost, order=n).pk
        for n, (code, label, cost) in enumerate(BENCH_SERVICES)
    ]
    answers_table = centre.table(ServiceUseAnswer)
    contacts = centre.table(ServiceContact)

    def answer(sid: int, on: date, period: str, scale: int) -> None:
        pk = answers_table.add(
            student_id=sid,
            answered_on=on,
            period=period,
            months=rng.choice((3, 6, 12)),
            entered_by_id=None,
            created_at=centre.aware(on, clock(12, 0)),
        )
        for service in services:
            if rng.random() < 0.6:
                contacts.add(answer_id=pk, service_id=service, contacts=rng.randint(0, scale))

    for agreed, sid in active:
        if rng.random() < 0.8:
            respond(sid, agreed, "baseline", 0)
            later = agreed + timedelta(days=rng.randint(60, 300))
            if rng.random() < 0.6 and later <= centre.today:
                respond(sid, later, "follow-up", rng.choice((0, 1, 1, 2)))
        if rng.random() < 0.4:
            answer(sid, agreed, "before", 8)
            later = agreed + timedelta(days=rng.randint(90, 270))
            if rng.random() < 0.7 and later <= centre.today:
                answer(sid, later, "after", 5)
    built.counts["questionnaire responses"] = centre.written("questionnaire responses", MeasureResponse)
    built.counts["service-use answers"] = centre.written(
        "service-use answers", ServiceUseAnswer, ServiceContact
    )


def _runs(
    centre: Centre,
    sizes: Sizes,
    built: Built,
    terms: list[tuple[int, date]],
    courses: list[int],
    venues: list[int],
    active: list[tuple[date, int]],
) -> list[PlannedRun]:
    """Course runs, each co-delivered by a peer and a professional trainer, with four to eight sessions."""
    from warp.prospectus.models import CourseRun, CourseRunTrainer, Session

    rng = centre.rng
    run_table, trainers, session_table = (
        centre.table(CourseRun),
        centre.table(CourseRunTrainer),
        centre.table(Session),
    )
    active_dates = [agreed for agreed, _ in active]
    runs: list[PlannedRun] = []
    for term, starts in terms:
        # Small centres (tests) have fewer students than a big run has places: keep a waiting list.
        eligible = max(20, bisect.bisect_right(active_dates, starts - timedelta(days=1)))
        for _ in range(sizes.runs_per_term):
            places = min(rng.randint(130, 160), max(4, int(eligible * 0.7)))
            run = run_table.add(
                course_id=rng.choice(courses),
                term_id=term,
                places=places,
                booking_opens_at=centre.aware(starts - timedelta(days=45), clock(9)),
                booking_closes_at=centre.aware(starts + timedelta(days=28), clock(17)),
                status="published",
                created_at=centre.now,
                updated_at=centre.now,
            )
            peer, professional = rng.choice(built.peer_ids), rng.choice(built.professional_ids)
            trainers.add(course_run_id=run, trainer_id=peer, perspective="peer")
            trainers.add(course_run_id=run, trainer_id=professional, perspective="professional")
            first_day = starts + timedelta(days=rng.randint(0, 40))
            at, until = rng.choice(START_TIMES)
            venue = None if rng.random() < 0.1 else rng.choice(venues)
            sessions = []
            for week in range(rng.randint(4, 8)):
                day = first_day + timedelta(weeks=week)
                session = session_table.add(
                    course_run_id=run,
                    date=day,
                    starts_at=at,
                    ends_at=until,
                    venue_id=venue,
                    is_online=venue is None,
                    room="Room 1",
                )
                sessions.append(PlannedSession(pk=session, day=day, starts_at=at))
            runs.append(PlannedRun(pk=run, places=places, term_starts=starts, peer=peer, sessions=sessions))
    built.counts["terms"] = len(terms)
    built.counts["course runs"] = centre.written("course runs", CourseRun)
    centre.written("trainer assignments", CourseRunTrainer)
    built.counts["sessions"] = centre.written("sessions", Session)
    return runs


def _bookings_and_feedback(
    centre: Centre, runs: list[PlannedRun], active: list[tuple[date, int]], built: Built
) -> None:
    """Bookings (some cancelled, the rest of the demand waiting), marks for sessions held, and feedback."""
    from warp.bookings.models import Attendance, AttendanceChange, Booking
    from warp.feedback.models import Answer, FeedbackLink, FeedbackQuestion, FeedbackResponse

    rng, today = centre.rng, centre.today
    bookings, marks, changes = (
        centre.table(Booking),
        centre.table(Attendance),
        centre.table(AttendanceChange),
    )
    links, responses, answers = (
        centre.table(FeedbackLink),
        centre.table(FeedbackResponse),
        centre.table(Answer),
    )
    questions = dict(FeedbackQuestion.objects.values_list("code", "pk"))
    active_dates = [agreed for agreed, _ in active]
    booked_count = 0
    for run in runs:
        eligible = bisect.bisect_right(active_dates, run.term_starts - timedelta(days=1))
        pool = active[:eligible] if eligible >= 20 else active[:20]
        demand = min(len(pool), int(run.places * rng.uniform(0.88, 1.3)))
        chosen = rng.sample(range(len(pool)), demand)
        booked_at = centre.aware(run.term_starts - timedelta(days=30), clock(9))
        held = [session for session in run.sessions if session.day < today]
        last_day = run.sessions[-1].day
        link: dict[str, Any] = {}  # the run's anonymous feedback link, made when its first form comes in
        for position, index in enumerate(chosen):
            student = pool[index][1]
            created = booked_at + timedelta(minutes=position * 7)
            roll = rng.random()
            if position < run.places and roll < 0.06:
                status = "cancelled"
            elif position < run.places:
                status = "booked"
            else:
                status = "waiting"
            booking = bookings.add(
                student_id=student,
                course_run_id=run.pk,
                status=status,
                created_at=created,
                updated_at=created,
                cancelled_at=created if status == "cancelled" else None,
                cancel_reason="Can no longer come" if status == "cancelled" else "",
            )
            if status == "booked":
                booked_count += 1
            if status != "booked" or not held:
                continue
            keen = rng.choice([0.95, 0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.35])
            present_any = False
            for session in held:
                r = rng.random()
                mark = "present" if r < keen else ("apologies" if r < keen + (1 - keen) / 3 else "absent")
                present_any = present_any or mark == "present"
                marked_at = centre.aware(session.day, session.starts_at) + timedelta(minutes=5)
                attendance = marks.add(
                    booking_id=booking,
                    session_id=session.pk,
                    mark=mark,
                    marked_by_id=run.peer,
                    marked_at=marked_at,
                )
                changes.add(
                    attendance_id=attendance,
                    old_mark="",
                    new_mark=mark,
                    changed_by_id=run.peer,
                    changed_at=marked_at,
                )
            if not (present_any and last_day < today and rng.random() < 0.46):
                continue
            source = _weighted(rng, [("portal", 60), ("link", 25), ("paper", 15)])
            if source == "link" and not link:
                link = {
                    "id": links.new_id(),
                    "course_run_id": run.pk,
                    "token": f"bench-{run.pk}-{rng.getrandbits(64):x}",
                    "uses_allowed": 200,
                    "uses_made": 0,
                    "created_at": centre.now,
                }
            if source == "link":
                link["uses_made"] += 1
            again = _weighted(rng, [("yes", 96), ("no", 1), ("not_sure", 3)])
            rating = _weighted(rng, [(5, 55), (4, 30), (3, 10), (2, 3), (1, 2)])
            response = responses.add(
                course_run_id=run.pk,
                student_id=student if source == "portal" else None,
                source=source,
                link_id=link["id"] if source == "link" else None,
                submitted_on=last_day,
                created_at=centre.now,
                quote_consent=rng.random() < 0.5,
                would_attend_again=again,
                rating=rating,
            )
            answers.add(
                response_id=response, question_id=questions["would_attend_again"], text=again, rating=None
            )
            answers.add(response_id=response, question_id=questions["rating"], text="", rating=rating)
            helped = rng.choice(HELPED)
            if helped:
                answers.add(response_id=response, question_id=questions["helped"], text=helped, rating=None)
        if link:
            links.add(**link)  # after the run's forms, which it counts
    built.counts["bookings"] = centre.written("bookings", Booking)
    built.counts["booked"] = booked_count
    built.counts["attendance marks"] = centre.written("attendance marks", Attendance)
    centre.written("attendance changes", AttendanceChange)
    built.counts["feedback responses"] = centre.written("feedback responses", FeedbackResponse, FeedbackLink)
    centre.written("feedback answers", Answer)


def _teams(centre: Centre, sizes: Sizes, team_leads: list[int], built: Built) -> None:
    """Teams, each with a lead and two pieces of work, and up to six TRIP rounds three months apart."""
    from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]

    from warp.teams.models import Team, TripCriterion, TripResponse, TripRound, TripScore, WorkItem

    rng, today, now = centre.rng, centre.today, centre.now
    teams, leads, work = centre.table(Team), centre.table(Team.leads.through), centre.table(WorkItem)
    rounds, trip_responses, scores = (
        centre.table(TripRound),
        centre.table(TripResponse),
        centre.table(TripScore),
    )
    criteria = list(TripCriterion.objects.values_list("pk", flat=True))
    for n in range(sizes.teams):
        team = teams.add(
            name=f"Bench team {n + 1}",
            kind=rng.choice(TEAM_KINDS),
            locality=rng.choice(LOCALITIES),
            created_at=now,
        )
        leads.add(team_id=team, user_id=team_leads[n])
        work.add(
            team_id=team,
            kind="skills_workshops",
            state="active",
            summary="Weekly skills workshops",
            updated_at=now,
        )
        work.add(
            team_id=team,
            kind="peer_workers",
            state="development",
            summary="Peer worker posts",
            updated_at=now,
        )
        held = today - timedelta(days=rng.randint(10, 900))
        for _ in range(rng.randint(0, 6)):
            if held > today:
                break
            next_review = held + relativedelta(months=3)
            trip_round = rounds.add(
                team_id=team, held_on=held, next_review_on=next_review, notes="", created_at=now
            )
            for _ in range(rng.randint(5, 12)):
                perspective = rng.choice(["person", "carer", "staff"])
                response = trip_responses.add(
                    round_id=trip_round, perspective=perspective, source="paper", created_at=now
                )
                for criterion in criteria:
                    scores.add(response_id=response, criterion_id=criterion, score=rng.randint(0, 5))
            held = next_review + timedelta(days=rng.randint(-10, 30))
    built.counts["teams"] = centre.written("teams", Team, Team.leads.through, WorkItem)
    built.counts["TRIP rounds"] = centre.written("TRIP rounds", TripRound, TripResponse, TripScore)


def reset_sequences(models_written: list[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_written)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--database-url", help="defaults to DATABASE_URL, then the app's own default")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    built = generate(students=args.students, seed=args.seed)
    from warp.bookings.models import Booking

    built.counts["bookings"] = Booking.objects.count()
    for name, count in built.counts.items():
        print(f"  {name:<20} {count:>10,}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
