"""Learning Plan Reviews at the demo centre: about 130 over the last two years, held by the admissions
tutors with active students registered at least three months ago.

Most are coded into one or two outcome categories in roughly the proportions of the 2014 evaluation (about
one in five "No change"; improving self-management and acceptance / hope the most common; peer support
groups, empathy and employment rare). The twelve most recent wait on the coding screen. About half agreed
to be quoted. Sam Rivers, the demo student, has one coded review. Reads the students the earlier parts
made, so it also runs alone (and then does nothing).
"""

from datetime import timedelta

from warp.accounts.models import Role, User
from warp.prospectus.models import Course
from warp.students.models import OutcomeCategory, Student
from warp.students.seed import NO_CHANGE, seed_outcome_categories
from warp.students.services import review_record

DEMO_STUDENT_EMAIL = "sam.student@example.org"
HOW_MANY = 130
UNCODED = 12
SHARE_NO_CHANGE = 0.18
SHARE_TWO_CATEGORIES = 0.45
SHARE_QUOTE_CONSENT = 0.5

# How often each category is the fitting one, among reviews that describe a change.
WEIGHTS = {
    "self-management": 28,
    "acceptance-hope": 24,
    "relationships": 12,
    "participation": 14,
    "self-esteem": 14,
    "access-to-support": 10,
    "peer-support-group": 3,
    "self-discovery": 10,
    "empathy": 3,
    "employment": 3,
}

# Invented answers, in the words a student might use, one list per category.
ANSWERS = {
    "self-management": [
        "I've written my own plan for when things start to slip, and I used it last month.",
        "I notice my early warning signs now and I do something about them sooner.",
        "I've got a routine again: I get up, I eat properly, I go for a walk.",
        "I use the breathing exercise when I feel panic coming on, and it works most of the time.",
    ],
    "acceptance-hope": [
        "For the first time in years I think things can get better.",
        "I've stopped blaming myself for being ill. It's part of me, not all of me.",
        "Hearing the trainers' stories gave me hope that I can have a good life too.",
        "I feel hopeful. I'm making plans for next year, which I never used to do.",
    ],
    "relationships": [
        "I talk to my daughter about how I'm feeling instead of shutting her out.",
        "My partner and I argue less because I can explain what's going on for me.",
        "I've got back in touch with an old friend I'd lost contact with.",
    ],
    "participation": [
        "I've joined a walking group and I go every Saturday.",
        "I get the bus into town on my own now, which I couldn't do a year ago.",
        "I go to the library reading group. I even said something last week.",
        "I've started going to the community garden on Tuesdays.",
    ],
    "self-esteem": [
        "I feel more confident. I spoke up in a meeting at the GP surgery.",
        "I like myself a bit more. I don't put myself down all the time.",
        "I realised I'm good at listening, and people value that.",
    ],
    "access-to-support": [
        "I asked my GP for help, which I'd never have done before.",
        "I know where to go now when I need support, and I'm not scared to ask.",
        "I see my care coordinator less often because I'm managing better.",
    ],
    "peer-support-group": [
        "Three of us from the course meet up every fortnight to support each other.",
        "I've started a small support group for carers in my village.",
    ],
    "self-discovery": [
        "I've learned what helps me and what doesn't. I know myself better.",
        "I understand my experiences differently now. They make more sense.",
        "I found out I love writing. I keep a journal every day.",
    ],
    "empathy": [
        "I understand my son's illness better, so I'm more patient with him.",
        "I'm kinder to other people now; everyone has their own struggles.",
    ],
    "employment": [
        "I've started volunteering at the charity shop two mornings a week.",
        "I went back to work part-time in March, with some adjustments agreed.",
    ],
    NO_CHANGE: [
        "Honestly, not much has changed yet, but I've enjoyed the courses.",
        "Nothing I can point to yet. It's early days.",
        "I can't say anything has changed. Things have been hard at home.",
        "Not really any change, but I'd like to keep coming.",
    ],
}
NEXT_STEPS = [
    "Book onto Recovery Narratives next term.",
    "Try one of the Peer Support Toolkit sessions.",
    "Look at volunteering opportunities together at the next review.",
    "Keep going with the walking group; review again in six months.",
    "Signposted to the local carers' support group.",
    "Meet again after the next term's courses.",
    "",
]


def _categories(rng) -> list[str]:
    if rng.random() < SHARE_NO_CHANGE:
        return [NO_CHANGE]
    codes = list(WEIGHTS)
    first = rng.choices(codes, weights=[WEIGHTS[c] for c in codes])[0]
    if rng.random() >= SHARE_TWO_CATEGORIES:
        return [first]
    others = [c for c in codes if c != first]
    return [first, rng.choices(others, weights=[WEIGHTS[c] for c in others])[0]]


def _answer(rng, codes: list[str]) -> str:
    return " ".join(rng.choice(ANSWERS[code]) for code in codes)


def build(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    seed_outcome_categories(OutcomeCategory)  # `warp demo --reset` empties the seeded data too
    by_code = {category.code: category for category in OutcomeCategory.objects.all()}
    tutors = list(User.objects.filter(role=Role.ADMISSIONS_TUTOR, is_active=True).order_by("pk"))
    courses = list(Course.objects.order_by("pk").values_list("title", flat=True))
    sam = Student.objects.active().filter(user__email=DEMO_STUDENT_EMAIL).first()
    students = list(
        Student.objects.active()
        .filter(registered_on__lte=today - timedelta(days=90))
        .exclude(pk=sam.pk if sam else None)
        .order_by("pk")
    )
    if not students and sam is None:
        return

    # (student, date) pairs: one review each for a sample of students, a second for some of them.
    first_round = rng.sample(students, min(len(students), HOW_MANY * 3 // 4))
    second_round = rng.sample(first_round, min(len(first_round), HOW_MANY - len(first_round)))
    planned = []
    for student in first_round + second_round:
        earliest = max(student.registered_on + timedelta(days=42), today - timedelta(days=730))
        days = max((today - earliest).days - 1, 1)
        planned.append((student, earliest + timedelta(days=rng.randint(0, days))))
    planned.sort(key=lambda pair: (pair[1], pair[0].pk))
    uncoded_from = len(planned) - UNCODED

    for position, (student, review_date) in enumerate(planned):
        codes = _categories(rng)
        review_record(
            student=student,
            review_date=min(review_date, today),
            changes=_answer(rng, codes),
            courses_attended="; ".join(rng.sample(courses, min(len(courses), rng.randint(1, 2)))),
            next_steps=rng.choice(NEXT_STEPS),
            quote_consent=rng.random() < SHARE_QUOTE_CONSENT,
            held_by=rng.choice(tutors) if tutors else None,
            categories=[] if position >= uncoded_from else [by_code[code] for code in codes],
            today=today,
        )

    if sam is not None:
        review_record(
            student=sam,
            review_date=max(sam.registered_on, today - timedelta(days=21)),
            changes="I understand my own experiences better, and I've started going to a carers' group "
            "with someone I met on the course.",
            courses_attended="Recovery Narratives",
            next_steps="Book Supporting Someone's Recovery: An Introduction next term.",
            quote_consent=True,
            held_by=tutors[0] if tutors else None,
            categories=[by_code["self-discovery"], by_code["participation"]],
            today=today,
        )
    ctx.store["reviews"] = len(planned) + (1 if sam else 0)
