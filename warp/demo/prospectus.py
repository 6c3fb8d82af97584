"""The demo term plan: 35 co-produced courses, venues across Dorset, and three terms of course runs.

The previous term, the current term (containing today) and the next one, each with published runs
co-delivered by a peer and a professional trainer, totalling about 140 sessions a term. The next term's
booking window is open. Stores ctx.store["terms"] ([previous, current, next]), ctx.store["current_term"],
ctx.store["previous_term"], ctx.store["next_term"], ctx.store["runs"] (every run) and ctx.store["venues"].
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from warp.accounts.models import Role, TrainerKind, User
from warp.prospectus import services
from warp.prospectus.models import (
    CourseRun,
    CourseRunTrainer,
    CourseTheme,
    Level,
    Perspective,
    Session,
    Term,
    theme_key,
)

UNDERSTANDING = "Understanding mental health"
LIVING_WELL = "Living well"
RECOVERY = "Recovery and hope"
CARERS = "Carers and supporters"
PEER = "Peer support"
SKILLS = "Skills for life"

# Skills workshops are not course runs: the demo's are workshops held on wards (warp/demo/outreach.py).
REC, INTENSIVE = Level.REC_COURSE, Level.INTENSIVE

# title, theme, level, usual sessions, minutes per session, summary
COURSES = [
    (
        "Understanding Depression and Anxiety",
        UNDERSTANDING,
        REC,
        4,
        120,
        "What depression and anxiety are, how they can feel from the inside, and the many things people find helpful.",
    ),
    (
        "Understanding Unusual Experiences",
        UNDERSTANDING,
        REC,
        3,
        120,
        "Hearing, seeing or believing things others do not: different ways of making sense of these experiences.",
    ),
    (
        "Recovery Narratives",
        RECOVERY,
        REC,
        4,
        120,
        "Telling your own story of recovery, in your own words and at your own pace, and hearing others' stories.",
    ),
    (
        "Early Warning Signs",
        RECOVERY,
        REC,
        3,
        120,
        "Noticing the first signs that things are getting harder, and making a plan for what helps when they appear.",
    ),
    (
        "Peer Support Toolkit",
        PEER,
        REC,
        5,
        150,
        "The values and skills of supporting one another as equals, for anyone thinking of peer support work.",
    ),
    (
        "Supporting Someone's Recovery: An Introduction",
        CARERS,
        REC,
        4,
        120,
        "For family, friends and supporters: what recovery means and how to look after yourself while you help.",
    ),
    (
        "Supporting Someone's Recovery: Dealing with Challenging Situations",
        CARERS,
        REC,
        3,
        120,
        "Staying calm and connected when things are hard: conversations, boundaries and getting help in a crisis.",
    ),
    (
        "Asperger's",
        UNDERSTANDING,
        REC,
        3,
        120,
        "Autism and Asperger's explained by people who live with it and those who work alongside them.",
    ),
    (
        "Perspectives on Mental Illness",
        UNDERSTANDING,
        REC,
        2,
        120,
        "Medical, social and personal ways of understanding mental distress, and what each can offer.",
    ),
    (
        "Sleep and Wellbeing",
        LIVING_WELL,
        REC,
        2,
        120,
        "Why sleep matters to how we feel, and small practical changes that can bring better nights.",
    ),
    (
        "Managing Anxiety",
        LIVING_WELL,
        REC,
        4,
        120,
        "Practical ways to notice anxiety, calm the body and loosen the grip of worry.",
    ),
    (
        "Building Resilience",
        LIVING_WELL,
        REC,
        3,
        120,
        "Finding and growing the strengths that help us through difficult times.",
    ),
    (
        "Mindfulness for Beginners",
        LIVING_WELL,
        REC,
        4,
        90,
        "Short, gentle practices for paying attention to the present moment, with time to talk about how they felt.",
    ),
    (
        "Hearing Voices: Understanding and Coping",
        UNDERSTANDING,
        REC,
        4,
        120,
        "Ways of living alongside voices, from people who hear them and clinicians who have learnt from them.",
    ),
    (
        "Living with Bipolar",
        UNDERSTANDING,
        INTENSIVE,
        12,
        120,
        "A twelve-week course for people referred by their community team, on understanding moods and staying well.",
    ),
    (
        "Engaging with Life",
        SKILLS,
        INTENSIVE,
        5,
        120,
        "Five weeks on motivation, habits, mind and body, negative thinking and self-esteem, and our surroundings.",
    ),
    (
        "Understanding Psychosis",
        UNDERSTANDING,
        REC,
        3,
        120,
        "What psychosis is, what can help, and stories of recovery from people who have been there.",
    ),
    (
        "Understanding Personality Disorder",
        UNDERSTANDING,
        REC,
        3,
        120,
        "A respectful look at a controversial diagnosis, what lies behind it and what helps.",
    ),
    (
        "Living with Trauma",
        UNDERSTANDING,
        REC,
        4,
        120,
        "How trauma can affect the mind and body, and ways people find safety and recover.",
    ),
    (
        "Understanding Eating Difficulties",
        UNDERSTANDING,
        REC,
        3,
        120,
        "Eating difficulties explained without judgement, for people affected and those who support them.",
    ),
    (
        "Medication: Making Informed Choices",
        UNDERSTANDING,
        REC,
        2,
        120,
        "How mental health medicines work, their side effects, and how to talk with prescribers about choices.",
    ),
    (
        "Wellness Recovery Action Planning",
        RECOVERY,
        REC,
        6,
        120,
        "Making your own plan for staying well, noticing triggers and deciding what support you want.",
    ),
    (
        "Hope and Recovery",
        RECOVERY,
        REC,
        2,
        120,
        "What recovery means to different people, and keeping hope alive when it feels out of reach.",
    ),
    (
        "Getting Back to Work or Volunteering",
        SKILLS,
        REC,
        4,
        120,
        "Thinking about work or volunteering: confidence, disclosure, rights and reasonable adjustments.",
    ),
    (
        "Confidence and Self-Esteem",
        SKILLS,
        REC,
        4,
        120,
        "Understanding where low self-esteem comes from and trying out ways to treat yourself more kindly.",
    ),
    ("Assertiveness", SKILLS, REC, 3, 120, "Saying what you need and saying no, calmly and respectfully."),
    (
        "Physical Health and Wellbeing",
        LIVING_WELL,
        REC,
        3,
        120,
        "Food, movement and everyday habits that help both body and mind.",
    ),
    (
        "Creative Writing for Wellbeing",
        LIVING_WELL,
        REC,
        5,
        120,
        "Playful writing exercises for enjoyment and reflection; no experience needed.",
    ),
    (
        "Carers' Wellbeing",
        CARERS,
        REC,
        3,
        120,
        "Looking after yourself while you look after someone else: rest, support and your rights as a carer.",
    ),
    (
        "Navigating Mental Health Services",
        CARERS,
        REC,
        2,
        120,
        "Who does what in local services, how to get heard, and where to turn in a crisis.",
    ),
    (
        "Becoming a Peer Trainer",
        PEER,
        REC,
        6,
        150,
        "For former students who would like to co-deliver courses: using your lived experience safely and well.",
    ),
]

FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Chris",
    "Morgan",
    "Pat",
    "Jamie",
    "Robin",
    "Lee",
    "Kerry",
    "Nicola",
    "Hannah",
    "Imran",
    "Grace",
    "Tomasz",
    "Fiona",
    "Declan",
    "Joy",
    "Amara",
    "Stuart",
]
LAST_NAMES = [
    "Rowe",
    "Keane",
    "Hartley",
    "Adeyemi",
    "Penrose",
    "Sutton",
    "Moss",
    "Whitlock",
    "Carey",
    "Nash",
    "Iqbal",
    "Doyle",
    "Fenwick",
    "Okoro",
    "Lang",
    "Brennan",
    "Yeo",
    "Chaplin",
    "Mistry",
    "Quinn",
]

# name, locality, postcode, access information
VENUES = [
    (
        "Lansdowne Community Centre",
        "Bournemouth",
        "BH1 3NL",
        "Step-free entrance and lift. Hearing loop in both rooms. Accessible toilet. Ten minutes' walk from the station.",
    ),
    (
        "Poole Central Library",
        "Poole",
        "BH15 1QE",
        "Step-free throughout; lift to the first floor. Quiet room available. Bus station opposite.",
    ),
    (
        "Dorchester Learning Centre",
        "Dorchester",
        "DT1 1JS",
        "Ground floor rooms, step-free. Accessible parking bay at the front. Hearing loop.",
    ),
    (
        "Weymouth Fire Station Community Room",
        "Weymouth",
        "DT4 8LT",
        "Ramp at the side door. Accessible toilet. Free parking behind the building.",
    ),
    (
        "Bridport Arts Centre",
        "Bridport",
        "DT6 3NR",
        "Lift to every floor. Large-print handouts on request. Town centre car parks nearby.",
    ),
    (
        "Blandford Corn Exchange",
        "Blandford",
        "DT11 7AW",
        "Step-free via the market place entrance. Accessible toilet. Some rooms echo: ask for the small room.",
    ),
    (
        "Wimborne Community Hub",
        "Wimborne",
        "BH21 1HR",
        "Step-free. Hearing loop. Quiet space available on request. Buses from Poole and Bournemouth.",
    ),
    (
        "Sherborne Digby Hall",
        "Sherborne",
        "DT9 3AA",
        "Ramp entrance; meeting room on the ground floor. Five minutes from the railway station.",
    ),
    (
        "Swanage Mowlem Rooms",
        "Swanage",
        "BH19 1DD",
        "Lift to the first-floor rooms. Accessible toilet. Sea-front car park.",
    ),
    (
        "Shaftesbury Town Hall",
        "Shaftesbury",
        "SP7 8LY",
        "Stair lift to the upper room; please tell us if you need it. Accessible toilet on the ground floor.",
    ),
    (
        "Gillingham Library",
        "Gillingham",
        "SP8 4QR",
        "Step-free and on one level. Hearing loop. Free car park next door.",
    ),
    (
        "Christchurch Priory Hall",
        "Christchurch",
        "BH23 1BU",
        "Step-free via the garden gate. Hearing loop. Parking in the Quay car park.",
    ),
]
ROOMS = ["Room 1", "Room 2", "Main hall", "Garden room", ""]
START_TIMES = [time(10, 0), time(10, 0), time(13, 30), time(13, 30), time(18, 0)]
TERM_SEASONS = [("Spring", 1, 4), ("Summer", 5, 8), ("Autumn", 9, 12)]
SESSIONS_PER_TERM = 140


def _term_dates(year: int, season: int) -> tuple[str, date, date]:
    name, first_month, last_month = TERM_SEASONS[season]
    ends = date(year, last_month + 1, 1) - timedelta(days=1) if last_month < 12 else date(year, 12, 31)
    return f"{name} {year}", date(year, first_month, 1), ends


def _neighbouring_terms(today: date) -> list[tuple[str, date, date]]:
    season = next(i for i, (_, first, last) in enumerate(TERM_SEASONS) if first <= today.month <= last)
    year = today.year
    previous = (year - 1, 2) if season == 0 else (year, season - 1)
    following = (year + 1, 0) if season == 2 else (year, season + 1)
    return [_term_dates(*previous), _term_dates(year, season), _term_dates(*following)]


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _co_producers(ctx) -> list[services.CoProducerInput]:
    rng = ctx.rng
    perspectives = [Perspective.LIVED_MENTAL_HEALTH, Perspective.PROFESSIONAL]
    perspectives += rng.sample(list(Perspective.values), rng.randint(0, 2))
    return [
        services.CoProducerInput(name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", perspective=p)
        for p in perspectives
    ]


def _trainers(ctx) -> tuple[list[User], list[User]]:
    trainers = ctx.store.get("trainers") or list(User.objects.filter(role=Role.TRAINER))
    peers = [t for t in trainers if t.trainer_kind == TrainerKind.PEER]
    professionals = [t for t in trainers if t.trainer_kind == TrainerKind.PROFESSIONAL]
    return peers, professionals


def _plan_term(ctx, term: Term, courses, venues, manager, peers, professionals, booking_opens: datetime):
    """Runs for one term until it holds about 140 sessions; returns them, published."""
    rng = ctx.rng
    order = rng.sample(courses, len(courses))
    order += rng.sample(courses, len(courses))  # popular courses may run twice in a term
    teaching_start = _monday_on_or_after(term.starts_on + timedelta(days=7))
    runs = []
    total = 0
    link_number = 0
    for course in order:
        if total >= SESSIONS_PER_TERM:
            break
        count = course.usual_sessions
        if total + count > SESSIONS_PER_TERM + 4:
            continue
        online = course.level == REC and rng.random() < 0.12
        venue = None if online else rng.choice(venues)
        places = {REC: rng.choice([12, 14, 16, 18]), INTENSIVE: 8}[course.level]
        starts = rng.choice(START_TIMES)
        ends = (
            datetime.combine(term.starts_on, starts) + timedelta(minutes=course.usual_session_minutes)
        ).time()
        latest_week = max(0, 14 - count)
        first = teaching_start + timedelta(
            weeks=rng.randint(0, latest_week), days=rng.choice([0, 1, 2, 3, 4])
        )
        run = services.course_run_create(
            by=manager,
            course=course,
            term=term,
            places=places,
            booking_opens_at=booking_opens,
            booking_closes_at=_aware(first, starts),
        )
        team = [rng.choice(peers), rng.choice(professionals)]
        if rng.random() < 0.2:
            extra = rng.choice(peers)
            if extra not in team:
                team.append(extra)
        CourseRunTrainer.objects.bulk_create(
            CourseRunTrainer(course_run=run, trainer=t, perspective=t.trainer_kind) for t in team
        )
        if online:
            link_number += 1
        room = rng.choice(ROOMS)
        Session.objects.bulk_create(
            Session(
                course_run=run,
                date=first + timedelta(weeks=week),
                starts_at=starts,
                ends_at=ends,
                venue=venue,
                room="" if online else room,
                is_online=online,
                joining_link=f"https://meet.example.org/rec-{term.pk}-{link_number}" if online else "",
            )
            for week in range(count)
        )
        services.course_run_publish(course_run=run, by=manager)
        runs.append(run)
        total += count
    return runs


def build(ctx) -> None:
    rng = ctx.rng
    manager = (
        ctx.store.get("staff", {}).get("manager@example.org")
        or User.objects.filter(role=Role.CENTRE_MANAGER).first()
    )
    assert manager is not None, "The accounts part of the demo makes the centre manager first."
    peers, professionals = _trainers(ctx)

    for theme in sorted({row[1] for row in COURSES if row[1]}):  # the managers' list of themes
        if not CourseTheme.objects.filter(key=theme_key(theme)).exists():
            services.course_theme_add(name=theme, by=manager)
    courses = []
    for title, theme, level, sessions, minutes, summary in COURSES:
        review = ctx.today + timedelta(days=rng.randint(-40, 500))
        courses.append(
            services.course_create(
                by=manager,
                co_producers=_co_producers(ctx),
                title=title,
                theme=theme,
                level=level,
                usual_sessions=sessions,
                usual_session_minutes=minutes,
                summary=summary,
                learning_outcomes="Understand the main ideas of the course\nTry out what helps, with others\n"
                "Leave with ideas for your own recovery or for supporting someone else",
                audience="Anyone 18 or over: people with lived experience, carers and supporters, and staff.",
                review_date=review,
            )
        )

    venues = [
        services.venue_create(
            by=manager, name=name, locality=town, postcode=postcode, access_information=access
        )
        for name, town, postcode, access in VENUES
    ]

    terms = []
    runs: list[CourseRun] = []
    for position, (name, starts, ends) in enumerate(_neighbouring_terms(ctx.today)):
        term = services.term_create(by=manager, name=name, starts_on=starts, ends_on=ends)
        opens = _aware(starts - timedelta(weeks=6), time(9, 0))
        if position == 2:  # the next term: booking is open now
            opens = min(opens, _aware(ctx.today - timedelta(days=3), time(9, 0)))
        runs += _plan_term(ctx, term, courses, venues, manager, peers, professionals, opens)
        terms.append(term)

    ctx.store["courses"] = courses
    ctx.store["venues"] = venues
    ctx.store["terms"] = terms
    ctx.store["previous_term"], ctx.store["current_term"], ctx.store["next_term"] = terms
    ctx.store["runs"] = runs
