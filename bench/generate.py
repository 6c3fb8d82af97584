"""Build a big synthetic centre for benchmarks: `python -m bench.generate --students 100000`.

At 100,000 students: nine terms, ~2,000 course runs (each co-delivered by a peer and a professional
trainer), ~12,000 sessions, ~300,000 bookings with waiting lists and cancellations, ~1.5 million
attendance marks (about 70% present) with their change history, ~50,000 agreed learning plans,
~100,000 feedback responses, 200 teams with TRIP rounds. Everything scales with --students.

Every student with an agreed plan gets one Learning Plan Review (about 50,000 at 100,000 students), most of
them coded into one or two outcome categories in the 2014 evaluation's proportions.

Runs are large (about 130 places) because the issue's totals ask for ~150 bookings per run and ~125
marks per session; that makes every register and run a worst case for its page.

Invented people only (emails at example.org). Needs a migrated database with no students in it; the
ids are chosen here and the rows written with COPY (PostgreSQL) or executemany (SQLite).
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
    from django.db import connection, transaction
    from django.utils import timezone

    from warp.students.models import Student

    if Student.objects.exists():
        raise SystemExit("The database already has students: generate into a freshly migrated database.")
    today = today or timezone.localdate()
    progress = Progress(quiet)
    with transaction.atomic():
        built = _generate(Sizes.for_students(students), random.Random(seed), today, progress)
    from warp.prospectus.cache import prospectus_changed

    prospectus_changed()  # rows written in bulk send no signals: forget prospectus pages kept from before
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum gathers them); a fresh bulk load has none.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        progress.done("ANALYZE", 0)
    if not quiet:
        print(f"[{time.perf_counter() - progress.started:7.1f}s] done", flush=True)
    return built


def _generate(sizes: Sizes, rng: random.Random, today: date, progress: Progress) -> Built:
    from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
    from django.utils import timezone

    from bench.fastinsert import insert, next_id, reset_sequences
    from warp.accounts.models import User
    from warp.bookings.models import Attendance, AttendanceChange, Booking
    from warp.feedback.models import Answer, FeedbackLink, FeedbackQuestion, FeedbackResponse
    from warp.prospectus.models import Course, CourseRun, CourseRunTrainer, Session, Term, Venue
    from warp.students.models import Identity, LearningPlan, LearningPlanReview, OutcomeCategory, Student
    from warp.teams.models import Team, TripCriterion, TripResponse, TripRound, TripScore, WorkItem

    tz = timezone.get_current_timezone()
    now = timezone.now()
    built = Built()

    def aware(day: date, at: clock) -> datetime:
        return datetime.combine(day, at, tzinfo=tz)

    # Staff accounts -------------------------------------------------------------------------------
    user_id = next_id(User)
    users = []

    def add_user(role: str, email: str, first: str, last: str, kind: str = "") -> int:
        nonlocal user_id
        users.append((user_id, email, first, last, role, kind, UNUSABLE_PASSWORD, True, False, False, now))
        user_id += 1
        return user_id - 1

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
    team_lead_ids = [
        add_user("team_lead", f"bench.teamlead{n}@example.org", rng.choice(FIRST_NAMES), f"Lead {n}")
        for n in range(sizes.teams)
    ]
    user_columns = ["id", "email", "first_name", "last_name", "role", "trainer_kind", "password"]
    user_columns += ["is_active", "is_staff", "is_superuser", "date_joined"]
    progress.done("staff accounts", insert(User, user_columns, users))

    # Terms: eight past ones about four months apart, and the current one (a month in, two to go).
    terms = []
    term_id = next_id(Term)
    for k in range(9):
        starts = today - timedelta(days=30 + (8 - k) * 122)
        ends = starts + timedelta(days=90)
        terms.append((term_id + k, f"Bench term {k + 1} ({starts:%B %Y})", starts, ends, False))
    insert(Term, ["id", "name", "starts_on", "ends_on", "is_historic"], terms)

    # Courses and venues.
    course_id = next_id(Course)
    courses = [
        (course_id + i, title, f"A course about {title.lower()}.", THEMES[i % len(THEMES)], "rec", 6, 120)
        for i, title in enumerate(COURSE_TITLES)
    ]
    insert(
        Course,
        ["id", "title", "summary", "theme", "level", "usual_sessions", "usual_session_minutes"],
        courses,
    )
    venue_id = next_id(Venue)
    venues = [
        (venue_id + i, f"{place} Recovery Centre", place, "Step-free access; hearing loop.")
        for i, place in enumerate(LOCALITIES)
    ]
    insert(Venue, ["id", "name", "locality", "access_information"], venues)
    progress.done("terms, courses and venues", len(terms) + len(courses) + len(venues))

    # Students: half active with an agreed plan, a few recent ones waiting, the rest imported history.
    identity_ids = dict(Identity.objects.values_list("code", "pk"))
    first_term_start = terms[0][2]
    span = (today - (first_term_start - timedelta(days=365))).days
    student_id = next_id(Student)
    student_rows, identity_rows, plan_rows = [], [], []
    active: list[tuple[date, int]] = []  # (plan agreed on, id) of students who may book
    used_names: set[tuple[str, str, date]] = set()
    plan_id, link_id = (
        next_id(LearningPlan),
        1 + (Student.identities.through.objects.order_by("-pk").values_list("pk", flat=True).first() or 0),
    )
    for n in range(sizes.students):
        sid = student_id + n
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
        postcode = f"{rng.choice(['BH', 'DT'])}{rng.randint(1, 25)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
        consent_at = aware(registered, clock(10, rng.randint(0, 59)))
        student_rows.append(
            (
                sid,
                f"REC-{sid:06d}",
                first,
                last,
                None if no_date else born,
                no_date,
                gender,
                "Genderqueer" if gender == "self_describe" else "",
                _weighted(rng, ETHNICITIES),
                f"{first.lower()}.{last.lower().replace(chr(39), '')}.{sid}@example.org",
                f"07700 {rng.randint(100000, 999999)}",
                f"{rng.randint(1, 120)} High Street, {locality}",
                postcode,
                rng.choice(["email"] * 7 + ["phone", "text", "post"]),
                True,
                "2026-1",
                consent_at,
                rng.random() < 0.8,
                rng.random() < 0.4,
                {"waiting": "awaiting_plan", "active": "active", "historic": "awaiting_plan"}[kind],
                registered,
                kind == "historic",
                consent_at,
                consent_at,
            )
        )
        for code in _weighted(rng, IDENTITY_CHOICES):
            identity_rows.append((link_id, sid, identity_ids[code]))
            link_id += 1
        if kind == "active":
            agreed = min(today, registered + timedelta(days=rng.randint(5, 30)))
            plan_rows.append(
                (
                    plan_id,
                    sid,
                    rng.choice(HOPES),
                    "Good listener",
                    agreed + timedelta(days=180),
                    agreed,
                    rng.choice(built.tutor_ids),
                    now,
                    now,
                )
            )
            plan_id += 1
            active.append((agreed, sid))
    student_columns = ["id", "registration_number", "first_name", "last_name", "date_of_birth"]
    student_columns += ["confirmed_over_18", "gender", "gender_self_description", "ethnicity", "email"]
    student_columns += ["phone", "address", "postcode", "contact_method", "consent_to_hold_data"]
    student_columns += [
        "privacy_notice_version",
        "consent_given_at",
        "consent_to_contact",
        "consent_to_quote",
    ]
    student_columns += ["status", "registered_on", "is_historic", "created_at", "updated_at"]
    progress.done("students", insert(Student, student_columns, student_rows))
    del student_rows, used_names
    through = Student.identities.through
    progress.done("identities ticked", insert(through, ["id", "student_id", "identity_id"], identity_rows))
    plan_columns = ["id", "student_id", "hopes_and_goals", "strengths", "review_date", "agreed_on"]
    plan_columns += ["agreed_by_id", "created_at", "updated_at"]
    progress.done("learning plans", insert(LearningPlan, plan_columns, plan_rows))
    active.sort()
    active_dates = [agreed for agreed, _ in active]

    # Learning Plan Reviews: one per active student, a few months after the plan; most coded.
    categories = dict(OutcomeCategory.objects.values_list("code", "pk"))
    weights = [
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
    review_id = next_id(LearningPlanReview)
    review_link_id = 1 + (
        LearningPlanReview.categories.through.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )
    review_rows, review_links = [], []
    for agreed, sid in active:
        held = min(today, agreed + timedelta(days=rng.randint(60, 400)))
        coded = rng.random() < 0.93
        tutor = rng.choice(built.tutor_ids)
        stamp = aware(held, clock(14, 0))
        review_rows.append(
            (
                review_id,
                sid,
                held,
                "",
                rng.choice(REVIEW_WORDS),
                stamp if coded else None,
                tutor if coded else None,
                "",
                rng.random() < 0.5,
                tutor,
                False,
                "",
                stamp,
                stamp,
            )
        )
        if coded:
            if rng.random() < 0.18:
                chosen = ["no-change"]
            else:
                chosen = [_weighted(rng, weights)]
                if rng.random() < 0.5:
                    other = _weighted(rng, weights)
                    if other not in chosen:
                        chosen.append(other)
            for code in chosen:
                review_links.append((review_link_id, review_id, categories[code]))
                review_link_id += 1
        review_id += 1
    review_columns = ["id", "student_id", "review_date", "courses_attended", "changes", "coded_at"]
    review_columns += [
        "coded_by_id",
        "next_steps",
        "quote_consent",
        "held_by_id",
        "is_historic",
        "import_key",
    ]
    review_columns += ["created_at", "updated_at"]
    progress.done("learning plan reviews", insert(LearningPlanReview, review_columns, review_rows))
    review_through = LearningPlanReview.categories.through
    insert(review_through, ["id", "learningplanreview_id", "outcomecategory_id"], review_links)

    # Course runs, trainers and sessions -----------------------------------------------------------
    run_id, assignment_id, session_id = next_id(CourseRun), next_id(CourseRunTrainer), next_id(Session)
    run_rows, assignment_rows, session_rows = [], [], []
    runs: list[tuple[int, int, date, int, list[tuple[int, date, clock]]]] = []  # id, places, term start, ...
    for term in terms:
        term_pk, _, starts, _, _ = term
        # Small centres (tests) have fewer students than a big run has places: keep a waiting list.
        eligible = max(20, bisect.bisect_right(active_dates, starts - timedelta(days=1)))
        for _ in range(sizes.runs_per_term):
            places = min(rng.randint(130, 160), max(4, int(eligible * 0.7)))
            run_rows.append(
                (
                    run_id,
                    rng.choice(courses)[0],
                    term_pk,
                    places,
                    aware(starts - timedelta(days=45), clock(9)),
                    aware(starts + timedelta(days=28), clock(17)),
                    "published",
                    now,
                    now,
                )
            )
            peer, pro = rng.choice(built.peer_ids), rng.choice(built.professional_ids)
            assignment_rows += [(assignment_id, run_id, peer), (assignment_id + 1, run_id, pro)]
            assignment_id += 2
            first_day = starts + timedelta(days=rng.randint(0, 40))
            at, until = rng.choice(START_TIMES)
            venue = None if rng.random() < 0.1 else rng.choice(venues)[0]
            sessions = []
            for week in range(rng.randint(4, 8)):
                day = first_day + timedelta(weeks=week)
                session_rows.append((session_id, run_id, day, at, until, venue, venue is None, "Room 1"))
                sessions.append((session_id, day, at))
                session_id += 1
            runs.append((run_id, places, starts, peer, sessions))
            run_id += 1
    run_columns = ["id", "course_id", "term_id", "places", "booking_opens_at", "booking_closes_at"]
    run_columns += ["status", "created_at", "updated_at"]
    progress.done("course runs", insert(CourseRun, run_columns, run_rows))
    progress.done(
        "trainer assignments",
        insert(CourseRunTrainer, ["id", "course_run_id", "trainer_id"], assignment_rows),
    )
    session_columns = ["id", "course_run_id", "date", "starts_at", "ends_at", "venue_id", "is_online", "room"]
    progress.done("sessions", insert(Session, session_columns, session_rows))

    # Bookings, attendance and feedback ------------------------------------------------------------
    booking_id, mark_id, change_id = next_id(Booking), next_id(Attendance), next_id(AttendanceChange)
    response_id, answer_id, feedback_link_id = (
        next_id(FeedbackResponse),
        next_id(Answer),
        next_id(FeedbackLink),
    )
    questions = dict(FeedbackQuestion.objects.values_list("code", "pk"))
    booking_rows: list[tuple] = []
    mark_rows: list[tuple] = []
    change_rows: list[tuple] = []
    response_rows: list[tuple] = []
    answer_rows: list[tuple] = []
    feedback_link_rows: list[tuple] = []
    for run_pk, places, term_start, peer, sessions in runs:
        eligible = bisect.bisect_right(active_dates, term_start - timedelta(days=1))
        pool = active[:eligible] if eligible >= 20 else active[:20]
        demand = min(len(pool), int(places * rng.uniform(0.88, 1.3)))
        chosen = rng.sample(range(len(pool)), demand)
        booked_at = aware(term_start - timedelta(days=30), clock(9))
        started = [s for s in sessions if s[1] < today]
        last_day = sessions[-1][1]
        link_made = False
        for position, index in enumerate(chosen):
            student_pk = pool[index][1]
            created = booked_at + timedelta(minutes=position * 7)
            roll = rng.random()
            if position < places and roll < 0.06:
                status = "cancelled"
            elif position < places:
                status = "booked"
            else:
                status = "waiting"
            booking_rows.append(
                (
                    booking_id,
                    student_pk,
                    run_pk,
                    status,
                    created,
                    created,
                    created if status == "cancelled" else None,
                    "Can no longer come" if status == "cancelled" else "",
                )
            )
            if status == "booked" and started:
                keen = rng.choice([0.95, 0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.35])
                present_any = False
                for session_pk, day, at in started:
                    r = rng.random()
                    mark = "present" if r < keen else ("apologies" if r < keen + (1 - keen) / 3 else "absent")
                    present_any = present_any or mark == "present"
                    marked_at = aware(day, at) + timedelta(minutes=5)
                    mark_rows.append((mark_id, booking_id, session_pk, mark, peer, marked_at))
                    change_rows.append((change_id, mark_id, "", mark, peer, marked_at))
                    mark_id += 1
                    change_id += 1
                if present_any and last_day < today and rng.random() < 0.46:
                    source = _weighted(rng, [("portal", 60), ("link", 25), ("paper", 15)])
                    if source == "link" and not link_made:
                        feedback_link_rows.append(
                            (feedback_link_id, run_pk, f"bench-{run_pk}-{rng.getrandbits(64):x}", 200, 0, now)
                        )
                        link_made = True
                        feedback_link_id += 1
                    again = _weighted(rng, [("yes", 96), ("no", 1), ("not_sure", 3)])
                    rating = _weighted(rng, [(5, 55), (4, 30), (3, 10), (2, 3), (1, 2)])
                    response_rows.append(
                        (
                            response_id,
                            run_pk,
                            student_pk if source == "portal" else None,
                            source,
                            feedback_link_id - 1 if source == "link" else None,
                            last_day,
                            now,
                            rng.random() < 0.5,
                            again,
                            rating,
                        )
                    )
                    answer_rows.append((answer_id, response_id, questions["would_attend_again"], again, None))
                    answer_rows.append((answer_id + 1, response_id, questions["rating"], "", rating))
                    helped = rng.choice(HELPED)
                    if helped:
                        answer_rows.append((answer_id + 2, response_id, questions["helped"], helped, None))
                    answer_id += 3
                    response_id += 1
            booking_id += 1
    booking_columns = ["id", "student_id", "course_run_id", "status", "created_at", "updated_at"]
    booking_columns += ["cancelled_at", "cancel_reason"]
    progress.done("bookings", insert(Booking, booking_columns, booking_rows))
    booked_count = sum(1 for row in booking_rows if row[3] == "booked")
    bookings_count = len(booking_rows)
    del booking_rows
    mark_columns = ["id", "booking_id", "session_id", "mark", "marked_by_id", "marked_at"]
    progress.done("attendance marks", insert(Attendance, mark_columns, mark_rows))
    marks_count = len(mark_rows)
    del mark_rows
    change_columns = ["id", "attendance_id", "old_mark", "new_mark", "changed_by_id", "changed_at"]
    progress.done("attendance changes", insert(AttendanceChange, change_columns, change_rows))
    del change_rows
    # A link records how many forms were sent through it.
    uses: dict[int, int] = {}
    for row in response_rows:
        if row[4] is not None:
            uses[row[4]] = uses.get(row[4], 0) + 1
    insert(
        FeedbackLink,
        ["id", "course_run_id", "token", "uses_allowed", "uses_made", "created_at"],
        [
            (pk, run, token, allowed, uses.get(pk, 0), made)
            for pk, run, token, allowed, _, made in feedback_link_rows
        ],
    )
    response_columns = ["id", "course_run_id", "student_id", "source", "link_id", "submitted_on"]
    response_columns += ["created_at", "quote_consent", "would_attend_again", "rating"]
    progress.done("feedback responses", insert(FeedbackResponse, response_columns, response_rows))
    progress.done(
        "feedback answers",
        insert(Answer, ["id", "response_id", "question_id", "text", "rating"], answer_rows),
    )

    # Teams and TRIP rounds --------------------------------------------------------------------------
    team_id, round_id, response_pk, score_id, work_id = (
        next_id(Team),
        next_id(TripRound),
        next_id(TripResponse),
        next_id(TripScore),
        next_id(WorkItem),
    )
    criteria = list(TripCriterion.objects.values_list("pk", flat=True))
    team_rows, lead_rows, round_rows, trip_response_rows, score_rows, work_rows = [], [], [], [], [], []
    leads_through = Team.leads.through
    lead_link = 1 + (leads_through.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    for n in range(sizes.teams):
        tid = team_id + n
        team_rows.append((tid, f"Bench team {n + 1}", rng.choice(TEAM_KINDS), rng.choice(LOCALITIES), now))
        lead_rows.append((lead_link + n, tid, team_lead_ids[n]))
        work_rows.append((work_id, tid, "skills_workshops", "active", "Weekly skills workshops", now))
        work_rows.append((work_id + 1, tid, "peer_workers", "development", "Peer worker posts", now))
        work_id += 2
        held = today - timedelta(days=rng.randint(10, 900))
        for _ in range(rng.randint(0, 6)):
            if held > today:
                break
            review = held + relativedelta(months=3)
            round_rows.append((round_id, tid, held, review, "", now))
            for _ in range(rng.randint(5, 12)):
                perspective = rng.choice(["person", "carer", "staff"])
                trip_response_rows.append((response_pk, round_id, perspective, "paper", now))
                for criterion in criteria:
                    score_rows.append((score_id, response_pk, criterion, rng.randint(0, 5)))
                    score_id += 1
                response_pk += 1
            round_id += 1
            held = review + timedelta(days=rng.randint(-10, 30))
    insert(Team, ["id", "name", "kind", "locality", "created_at"], team_rows)
    insert(leads_through, ["id", "team_id", "user_id"], lead_rows)
    insert(WorkItem, ["id", "team_id", "kind", "state", "summary", "updated_at"], work_rows)
    insert(TripRound, ["id", "team_id", "held_on", "next_review_on", "notes", "created_at"], round_rows)
    insert(TripResponse, ["id", "round_id", "perspective", "source", "created_at"], trip_response_rows)
    progress.done(
        "TRIP scores", insert(TripScore, ["id", "response_id", "criterion_id", "score"], score_rows)
    )

    reset_sequences(
        [
            User,
            Term,
            Course,
            Venue,
            Student,
            through,
            LearningPlan,
            LearningPlanReview,
            review_through,
            CourseRun,
            CourseRunTrainer,
            Session,
            Booking,
            Attendance,
            AttendanceChange,
            FeedbackLink,
            FeedbackResponse,
            Answer,
            Team,
            leads_through,
            WorkItem,
            TripRound,
            TripResponse,
            TripScore,
        ]
    )
    built.counts = {
        "students": sizes.students,
        "learning plans": len(plan_rows),
        "learning plan reviews": len(review_rows),
        "terms": len(terms),
        "course runs": len(run_rows),
        "sessions": len(session_rows),
        "bookings": bookings_count,
        "booked": booked_count,
        "attendance marks": marks_count,
        "feedback responses": len(response_rows),
        "teams": len(team_rows),
        "TRIP rounds": len(round_rows),
    }
    return built


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
