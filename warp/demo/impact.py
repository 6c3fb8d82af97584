"""The partnership's impact beyond its teams, all invented: an impact log with entries of every kind, two
co-production workshops with other services and their themed comments, projects beyond teams on the work
register, and a few quotes picked and tagged for the next report."""

from datetime import date, timedelta

from warp.accounts.models import User
from warp.impact import services as impact
from warp.quotes import queries as quote_queries
from warp.quotes import services as quotes
from warp.teams import services as teams

# Presenters and authors: invented staff (the demo's own partnership lead and peer trainer among them).
PEOPLE = ["Tom Whitfield", "Jo Marsh", "Nadia Quinn", "Owen Pryce"]

# (kind, days ago, title, event, place, people, link, status, reference)
ENTRIES = [
    (
        "presentation",
        40,
        "Learning together: a recovery college in its third year",
        "Regional Recovery Network Day",
        "Exeter",
        ["Tom Whitfield", "Jo Marsh"],
        "https://video.example.org/learning-together",
        "",
        "",
    ),
    (
        "presentation",
        220,
        "Peer trainers and professional trainers side by side",
        "Mental Health Nursing Conference",
        "Birmingham",
        ["Nadia Quinn"],
        "",
        "",
        "",
    ),
    (
        "presentation",
        420,
        "What students tell us after a year",
        "Recovery Research Interest Group",
        "Bristol",
        ["Owen Pryce", "Jo Marsh"],
        "",
        "",
        "",
    ),
    (
        "poster",
        150,
        "Staff with lived experience improving practice",
        "Allied Health Professions Poster Event",
        "Dorchester",
        ["Nadia Quinn"],
        "",
        "",
        "",
    ),
    (
        "poster",
        500,
        "Mentoring doctors through lived experience",
        "Refocus on Recovery",
        "Nottingham",
        ["Tom Whitfield"],
        "",
        "",
        "",
    ),
    (
        "training",
        90,
        "Setting up a recovery college: train the trainer",
        "Wessex Community Health Trust",
        "Southampton",
        ["Jo Marsh", "Owen Pryce"],
        "",
        "",
        "",
    ),
    (
        "training",
        330,
        "Recovery principles in occupational therapy",
        "Severn Valley Partnership Trust",
        "Gloucester",
        ["Nadia Quinn"],
        "",
        "",
        "",
    ),
    (
        "consultancy_national",
        60,
        "Learning set on peer workers for four trusts",
        "Midlands Learning Set",
        "Leicester",
        ["Tom Whitfield"],
        "",
        "",
        "",
    ),
    (
        "consultancy_national",
        270,
        "Lived experience in the workforce day",
        "Fenland Mental Health Trust",
        "Ely",
        ["Owen Pryce"],
        "",
        "",
        "",
    ),
    (
        "consultancy_international",
        120,
        "Co-production and partnership working (keynote)",
        "Atlantic Recovery Network",
        "Galway",
        ["Tom Whitfield", "Nadia Quinn"],
        "",
        "",
        "",
    ),
    (
        "consultancy_international",
        380,
        "Peer workers and recovery: a visiting delegation",
        "Nordic study visit",
        "London",
        ["Jo Marsh"],
        "",
        "",
        "",
    ),
    (
        "publication",
        30,
        "Students' and trainers' experiences of a recovery college",
        "Journal of Recovery Education",
        "",
        ["Owen Pryce", "Nadia Quinn"],
        "",
        "submitted",
        "Pryce O., Quinn N. Students' and trainers' experiences of a recovery college. Submitted to the "
        "Journal of Recovery Education.",
    ),
    (
        "publication",
        300,
        "A peer-led wellbeing workshop on wards: an evaluation",
        "Journal of Mental Health Practice",
        "",
        ["Jo Marsh", "Tom Whitfield"],
        "https://journal.example.org/peer-led-wellbeing",
        "published",
        "Marsh J., Whitfield T. A peer-led wellbeing workshop on wards: an evaluation. Journal of Mental Health "
        "Practice 4(2).",
    ),
    (
        "publication",
        10,
        "Supporting the recovery of staff",
        "",
        "",
        ["Nadia Quinn"],
        "",
        "in_preparation",
        "",
    ),
    (
        "film",
        200,
        "Our stories: five journeys of recovery",
        "The partnership",
        "",
        ["Jo Marsh"],
        "https://video.example.org/our-stories",
        "",
        "",
    ),
    ("film", 460, "Living well with memory loss", "With a local dementia charity", "", [], "", "", ""),
]

THEMES = ["Being heard", "Hope", "Learning from lived experience", "How it was run", "Working together"]

WORKSHOPS = [
    # (days ago, service, locality, title, uses services, carers, staff, others, comments)
    (
        260,
        "Persistent Pain Service",
        "Poole",
        "Recovery and co-production for people living with pain",
        9,
        3,
        7,
        1,
        [
            (
                "Hope",
                "I came in tired of being a diagnosis and left thinking about what I can still do.",
                "uses_services",
                True,
            ),
            (
                "Being heard",
                "Nobody talked down to anyone. I felt like my view counted.",
                "uses_services",
                True,
            ),
            (
                "Learning from lived experience",
                "Hearing the peer trainer's story moved me more than any leaflet.",
                "carer",
                True,
            ),
            (
                "Working together",
                "You cannot start with the answer already written: we found that out together.",
                "staff",
                True,
            ),
            ("How it was run", "Well paced, with time to think.", "staff", False),
            ("How it was run", "The room was too warm in the afternoon.", "", False),
        ],
    ),
    (
        75,
        "Young People's Inpatient Unit",
        "Bournemouth",
        "What recovery education could look like here",
        6,
        5,
        8,
        0,
        [
            (
                "Being heard",
                "Parents, young people and staff were all asked the same questions. That was new.",
                "carer",
                True,
            ),
            ("Hope", "It made me think I could teach something one day.", "uses_services", True),
            (
                "Working together",
                "We should work like this more often, not only on away days.",
                "staff",
                True,
            ),
            (
                "Learning from lived experience",
                "So good to know other people have been through it.",
                "uses_services",
                False,
            ),
        ],
    ),
]

PROJECTS = [
    # (name, kind, partners, state, summary, notes)
    (
        "Personal health budgets in mental health",
        "personal_health_budgets",
        "the clinical commissioning group",
        "active",
        "A small demonstrator with one community team, learning how budgets could work here",
        "The partnership records what the project learns; the budgets themselves stay in the NHS systems.",
    ),
    (
        "Care and safety plans made together",
        "shared_decision_making",
        "two community teams and the carers' forum",
        "development",
        "Agreeing standards for shared decision-making in care and safety plans",
        "",
    ),
    (
        "Recovery and wellbeing in Black and minority ethnic communities",
        "community",
        "a community association and a faith forum",
        "initial_discussions",
        "Exploratory workshops with communities across the county",
        "",
    ),
    (
        "Recovery in the nursing degree",
        "university",
        "a local university",
        "active",
        "Co-delivered teaching in all three years of the nursing degree",
        "",
    ),
    (
        "Stories of living with memory loss",
        "older_people",
        "a dementia charity",
        "complete",
        "A book of narratives written with people living with memory loss and their carers",
        "",
    ),
    (
        "Staff lived-experience network",
        "staff_lived_experience",
        "the trust's wellbeing team",
        "active",
        "Monthly meetings and a plan for safe disclosure at work",
        "",
    ),
]


def _on(ctx, days_ago: int) -> date:
    return ctx.today - timedelta(days=days_ago)


def build(ctx) -> None:
    for kind, days, title, event, place, people, link, status, reference in ENTRIES:
        impact.impact_entry_create(
            kind=kind,
            held_on=_on(ctx, days),
            title=title,
            event=event,
            place=place,
            people=people,
            link=link,
            publication_status=status,
            reference=reference,
        )
    themes = {name: impact.workshop_theme_create(name=name) for name in THEMES}
    for days, service, locality, title, uses, carers, staff, others, comments in WORKSHOPS:
        workshop = impact.workshop_create(
            held_on=_on(ctx, days),
            service=service,
            locality=locality,
            title=title,
            uses_services=uses,
            carers=carers,
            staff=staff,
            others=others,
        )
        for theme, text, perspective, consent in comments:
            impact.workshop_comment_add(
                workshop=workshop,
                theme=themes[theme],
                text=text,
                perspective=perspective,
                quote_consent=consent,
            )
    for name, kind, partners, state, summary, notes in PROJECTS:
        teams.project_create(
            name=name, kind=kind, partners=partners, state=state, summary=summary, notes=notes
        )
    _pick_quotes(ctx)


def _pick_quotes(ctx) -> None:
    """The partnership lead picks and tags a few quotes for the next report: one from each source."""
    lead = User.objects.filter(email="partnership.lead@example.org").first()
    if lead is None:
        return
    for source, tags in (
        ("coproduction", ["hope", "co-production"]),
        ("feedback", ["courses"]),
        ("review", ["hope"]),
    ):
        rows = list(quote_queries.library(source=source)[:2])
        for i, row in enumerate(rows):
            quotes.quote_tags_set(source=source, ref=row["quote_ref"], names=tags)
            if i == 0:
                quotes.quote_pick(source=source, ref=row["quote_ref"], by=lead)
