"""About 400 invented students across Dorset, registered over the last three years.

Most have an agreed learning plan; about 25 recent ones are still waiting. Sam Rivers, the demo student
whose login is printed, has an account and an agreed plan. Bulk-created: the demo must build in seconds.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from warp.accounts.models import Role, User
from warp.students.eligibility import age_on
from warp.students.models import (
    ContactMethod,
    Ethnicity,
    Gender,
    Identity,
    LearningPlan,
    PostcodeDistrict,
    Student,
    StudentStatus,
)
from warp.students.seed import seed
from warp.students.services import (
    learning_plan_agree,
    registration_number_for,
    student_register,
    temporary_registration_number,
)

HOW_MANY = 400
WAITING = 25

FIRST_NAMES = (
    "Amelia Olivia Isla Ava Mia Grace Lily Freya Evie Ruby Sophie Chloe Ella Emily Poppy Hannah Megan Holly "
    "Jasmine Leah Zara Aisha Priya Mei Ngozi Agnieszka Siobhan Carys Morag Janet Susan Linda Margaret Pauline "
    "Oliver Jack Harry George Noah Charlie Jacob Thomas Oscar William James Daniel Ryan Liam Kieran Callum "
    "Owen Rhys Mohammed Arjun Tomasz Kwame Sean Graham Keith Trevor Colin Derek Alex Sam Jordan Robin Charlie"
).split()
LAST_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts "
    "Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis Rodriguez Cox "
    "Alexander Morden Cooper Ward Hughes Kowalski Okonkwo Nguyen Chen Murphy O'Brien MacLeod Pritchard Trevelyan "
    "Hardy Barnes Dorsett Purbeck Chesil Frome Stour Wessex Portland Kimmeridge Studland Hengist Tolpuddle"
).split()

# Outward codes across the county, weighted towards the towns, with a locality for the street names.
DISTRICTS = [
    ("BH1", 6),
    ("BH2", 3),
    ("BH5", 3),
    ("BH6", 3),
    ("BH7", 3),
    ("BH8", 5),
    ("BH9", 5),
    ("BH10", 3),
    ("BH11", 4),
    ("BH12", 5),
    ("BH13", 2),
    ("BH14", 4),
    ("BH15", 5),
    ("BH16", 2),
    ("BH17", 3),
    ("BH18", 2),
    ("BH19", 2),
    ("BH20", 3),
    ("BH21", 4),
    ("BH22", 3),
    ("BH23", 4),
    ("BH31", 2),
    ("DT1", 5),
    ("DT2", 3),
    ("DT3", 3),
    ("DT4", 5),
    ("DT5", 2),
    ("DT6", 4),
    ("DT7", 1),
    ("DT8", 1),
    ("DT9", 3),
    ("DT10", 2),
    ("DT11", 3),
]
STREETS = (
    "High Street|Station Road|Church Lane|Mill Road|Park Avenue|Victoria Road|Manor Close|Harbour View".split(
        "|"
    )
)

# Identities roughly in the proportions of the report's Table 1: most single, a few multiple, a few none.
SINGLE_IDENTITIES = [
    ("secondary-care", 36),
    ("primary-care", 14),
    ("carer", 16),
    ("trust-staff", 14),
    ("charity-staff", 3),
    ("other", 5),
]
PAIRS = [
    ("secondary-care", "carer"),
    ("carer", "trust-staff"),
    ("primary-care", "carer"),
    ("secondary-care", "trust-staff"),
]

GENDERS = [
    (Gender.WOMAN, 50),
    (Gender.MAN, 42),
    (Gender.NON_BINARY, 2),
    (Gender.SELF_DESCRIBE, 1),
    (Gender.PREFER_NOT_TO_SAY, 2),
    (Gender.NOT_PROVIDED, 3),
]
ETHNICITIES = [
    (Ethnicity.WHITE_BRITISH, 80),
    (Ethnicity.WHITE_OTHER, 5),
    (Ethnicity.MIXED_WHITE_ASIAN, 1),
    (Ethnicity.ASIAN_INDIAN, 1),
    (Ethnicity.BLACK_AFRICAN, 1),
    (Ethnicity.OTHER_ANY, 1),
    (Ethnicity.PREFER_NOT_TO_SAY, 3),
    (Ethnicity.NOT_PROVIDED, 8),
]

HOPES = [
    "Understand my diagnosis and feel less alone with it.",
    "Build my confidence to be in groups again.",
    "Learn ways to notice my early warning signs.",
    "Support my partner's recovery without burning out.",
    "Bring what I learn back to my team at work.",
    "Meet people who understand, and maybe volunteer one day.",
    "Find a routine that helps me through the week.",
    "Tell my own recovery story in my own words.",
]
STRENGTHS = [
    "Good listener",
    "Determined",
    "Creative",
    "Sense of humour",
    "Years of caring experience",
    "Curious",
]
COURSES = [
    "Understanding Depression and Anxiety",
    "Recovery Narratives",
    "Early Warning Signs",
    "Peer Support Toolkit",
    "Supporting Someone's Recovery: An Introduction",
    "Understanding Unusual Experiences",
]
SUPPORT = [
    "",
    "",
    "",
    "A seat near the door, please.",
    "Large print handouts.",
    "Step-free access.",
    "May need to step out for a break.",
    "Prefers afternoon sessions.",
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _identity_codes(rng) -> list[str]:
    roll = rng.random()
    if roll < 0.05:
        return []
    if roll < 0.14:
        return list(rng.choice(PAIRS))
    return [_weighted(rng, SINGLE_IDENTITIES)]


def _postcode(rng) -> str:
    outward = _weighted(rng, DISTRICTS)
    return f"{outward} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def build(ctx) -> None:
    from warp.demo import DEMO_PASSWORD

    rng, today = ctx.rng, ctx.today
    tutors = [ctx.store["staff"]["tutor@example.org"], ctx.store["staff"]["tutor2@example.org"]]
    tz = timezone.get_current_timezone()
    seed(Identity, PostcodeDistrict)  # `warp demo --reset` empties the database, seed data included
    identities = {identity.code: identity.pk for identity in Identity.objects.all()}

    # The named demo student, through the real services.
    sam_user = User.objects.create_user(
        "sam.student@example.org", DEMO_PASSWORD, first_name="Sam", last_name="Rivers", role=Role.STUDENT
    )
    sam = student_register(
        first_name="Sam",
        last_name="Rivers",
        date_of_birth=date(1983, 9, 12),
        postcode="DT1 1AB",
        email="sam.student@example.org",
        phone="07700 900001",
        contact_method=ContactMethod.EMAIL,
        gender=Gender.NON_BINARY,
        identities=[identities["secondary-care"], identities["carer"]],
        support_needs="Sometimes needs to leave early for the bus.",
        consent_to_hold_data=True,
        consent_to_contact=True,
        consent_to_quote=True,
        user=sam_user,
        registered_by=tutors[0],
        today=today - timedelta(days=200),
    )
    learning_plan_agree(
        student=sam,
        agreed_by=tutors[0],
        hopes_and_goals="Understand my own experiences better and help others who care for someone.",
        strengths="Honest, patient, good at noticing how others feel.",
        courses_of_interest="Recovery Narratives; Supporting Someone's Recovery: An Introduction",
        signposting="Local carers' support group.",
        review_date=today + timedelta(days=60),
        today=today - timedelta(days=190),
    )

    # A professional trainer who registered herself as a student, with the same sign-in.
    sian_user = ctx.store["staff"]["trainer.student@example.org"]
    sian = student_register(
        first_name="Sian",
        last_name="Treloar",
        date_of_birth=date(1979, 4, 23),
        postcode="DT1 2AB",
        email="sian.home@example.org",
        contact_method=ContactMethod.EMAIL,
        identities=[identities["secondary-care"]],
        consent_to_hold_data=True,
        consent_to_contact=True,
        user=sian_user,
        today=today - timedelta(days=120),
    )
    learning_plan_agree(
        student=sian,
        agreed_by=tutors[1],
        hopes_and_goals="Learn alongside others, as a student, about my own recovery.",
        today=today - timedelta(days=110),
    )

    students: list[Student] = []
    codes_for: list[list[str]] = []
    used_names: set[tuple[str, str, date]] = set()
    for n in range(HOW_MANY - 2):  # Sam and Sian are the other two
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        waiting = n < WAITING
        registered = today - timedelta(days=rng.randint(0, 40) if waiting else rng.randint(41, 3 * 365))
        years_ago = (today - registered).days // 365
        age_then = round(rng.triangular(18, 83 - years_ago, 32))
        born = registered - timedelta(days=int((age_then + rng.random()) * 365.25))
        while age_on(born, registered) < 18:
            born -= timedelta(days=7)
        while (first.lower(), last.lower(), born) in used_names:
            born -= timedelta(days=1)
        used_names.add((first.lower(), last.lower(), born))
        no_date = rng.random() < 0.04
        email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{n}@example.org"
        gender = _weighted(rng, GENDERS)
        method = _weighted(
            rng,
            [
                (ContactMethod.EMAIL, 70),
                (ContactMethod.PHONE, 15),
                (ContactMethod.TEXT, 12),
                (ContactMethod.POST, 3),
            ],
        )
        students.append(
            Student(
                registration_number=temporary_registration_number(),
                first_name=first,
                last_name=last,
                date_of_birth=None if no_date else born,
                confirmed_over_18=no_date,
                gender=gender,
                gender_self_description="Genderqueer" if gender == Gender.SELF_DESCRIBE else "",
                ethnicity=_weighted(rng, ETHNICITIES),
                email=email,
                phone=f"07700 900{rng.randint(100, 999)}",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
                if method == ContactMethod.POST
                else "",
                postcode=_postcode(rng),
                contact_method=method,
                support_needs=rng.choice(SUPPORT),
                consent_to_hold_data=True,
                privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                consent_given_at=datetime.combine(registered, time(10, rng.randint(0, 59)), tzinfo=tz),
                consent_to_contact=rng.random() < 0.8,
                consent_to_quote=rng.random() < 0.4,
                status=StudentStatus.AWAITING_PLAN if waiting else StudentStatus.ACTIVE,
                registered_on=registered,
                registered_by=rng.choice(tutors) if rng.random() < 0.3 else None,
            )
        )
        codes_for.append(_identity_codes(rng))

    Student.objects.bulk_create(students, batch_size=500)
    taken = set(Student.objects.values_list("registration_number", flat=True))
    for student in students:
        student.registration_number = registration_number_for(student.pk, taken)
        taken.add(student.registration_number)
    Student.objects.bulk_update(students, ["registration_number"], batch_size=500)

    through = Student.identities.through
    through.objects.bulk_create(
        [
            through(student_id=student.pk, identity_id=identities[code])
            for student, codes in zip(students, codes_for, strict=True)
            for code in codes
        ]
    )
    plans = []
    for student in students:
        if student.status != StudentStatus.ACTIVE:
            continue
        agreed = min(today, student.registered_on + timedelta(days=rng.randint(5, 30)))
        plans.append(
            LearningPlan(
                student=student,
                hopes_and_goals=rng.choice(HOPES),
                strengths=", ".join(rng.sample(STRENGTHS, 2)),
                support_needs=student.support_needs,
                courses_of_interest="; ".join(rng.sample(COURSES, rng.randint(1, 3))),
                signposting=rng.choice(
                    ["", "", "Local Mind drop-in.", "Carers' support group.", "Walking group."]
                ),
                review_date=agreed + timedelta(days=180),
                agreed_on=agreed,
                agreed_by=rng.choice(tutors),
            )
        )
    LearningPlan.objects.bulk_create(plans, batch_size=500)
    ctx.store["students"] = [sam, sian, *students]
    ctx.store["sam"] = sam
