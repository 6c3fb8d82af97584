"""Skills workshops on wards and in crisis services over the last year, and two open-access groups.
Headcounts only: no one who came is named. All invented."""

from datetime import timedelta

from warp.bookings.models import Booking, BookingStatus, Referral, ReferralRoute
from warp.bookings.services import referring_team_feedback_save
from warp.outreach import services
from warp.outreach.models import ActivityKind
from warp.prospectus.models import Level
from warp.teams.models import Team, TeamKind

# The workshop library: short workshops for wards and crisis services (never course runs).
LIBRARY = [
    ("Introduction to Recovery", "What recovery can mean, hope, and taking back control.", 45),
    ("Self-Discovery", "Finding out what matters to you and what you are good at.", 45),
    (
        "Distress Tolerance and Emotion Management",
        "Quick, practical skills for getting through intense feelings without making things worse.",
        45,
    ),
    (
        "Ward Community Workshop",
        "A space on the ward for patients and staff to talk together about living well on the ward.",
        40,
    ),
]
CO_PRODUCERS = ("Dr Priya Nair, Tom Ellery (occupational therapist)", "Jess Marlow, Kwame Osei")
SETTINGS = ["Hillside Ward", "Seaview Ward", "Recovery House", "Crisis Resolution and Home Treatment"]
COMMENTS = [
    ("It was good to hear from someone who has been where I am.", True),
    ("The breathing exercise helped me get through the evening.", True),
    ("I would like it to be longer.", False),
    ("Made the ward feel less lonely for an hour.", True),
    ("Hard to concentrate, but the handout was useful later.", False),
]
GROUPS = [
    (
        "Hearing Voices Peer Support Group",
        ActivityKind.PEER_SUPPORT_GROUP,
        "Fortnightly, led by peer workers.",
    ),
    (
        "Friday Drop-in at the Wellbeing Café",
        ActivityKind.DROP_IN,
        "Weekly, open to anyone; no need to book.",
    ),
]


TEAM_FEEDBACK = [
    "Much more settled since starting the course, and talking about joining a walking group.",
    "Still finding mornings hard, but comes to appointments with ideas from the sessions.",
    "Has started to plan the week with their care coordinator, using the course's workbook.",
]
REASONS = [
    "Finding it hard to get going since leaving hospital; wants to rebuild routines.",
    "Would like to understand their moods and meet others living with the same diagnosis.",
    "Low confidence and self-esteem; ready for a small, supportive group.",
]


def _cohort_referrals(ctx) -> None:
    """The two latest intensive runs become referred cohorts: each place held came by a referral from a
    community team, with the person's agreement (the demo's bookings were made in bulk before)."""
    rng = ctx.rng
    teams = list(Team.objects.filter(kind=TeamKind.COMMUNITY_TEAM).order_by("name"))
    if not teams:
        return
    led = [team for team in teams if team.leads.exists()]
    bookings = Booking.objects.filter(
        course_run__course__level=Level.INTENSIVE, status=BookingStatus.BOOKED
    ).select_related("course_run__term")
    runs = sorted({b.course_run for b in bookings}, key=lambda run: (run.term.starts_on, run.pk))[-2:]
    referrals = []
    for index, booking in enumerate(bookings.filter(course_run__in=runs).order_by("pk")):
        referral = Referral(
            student_id=booking.student_id,
            course_run_id=booking.course_run_id,
            route=ReferralRoute.REFERRAL if rng.random() < 0.85 else ReferralRoute.INVITATION,
            referred_on=booking.created_at.date(),
            reason=rng.choice(REASONS),
            person_agreed=True,
            share_progress_with_team=rng.random() < 0.6,
        )
        if referral.route == ReferralRoute.REFERRAL:
            referral.referring_team = rng.choice(teams)
            referral.referred_by = "Their care coordinator"
            referral.team_feedback_consent = index % 3 == 0  # some agree the team may tell us how it went
            if referral.team_feedback_consent and led:
                # Referred by a team with a lead, so the demo's team lead can give the team's feedback.
                referral.referring_team = led[index % len(led)]
        referral.full_clean(validate_constraints=False)
        referrals.append(referral)
    Referral.objects.bulk_create(referrals)
    # What a few of the referring teams said afterwards, through the service (only with agreement).
    agreed = (
        Referral.objects.filter(team_feedback_consent=True).select_related("referring_team").order_by("pk")
    )
    for index, referral in enumerate(agreed):
        lead = referral.referring_team.leads.first() if referral.referring_team else None
        if lead is not None and index % 2 == 0:
            referring_team_feedback_save(
                referral=referral, text=TEAM_FEEDBACK[index % len(TEAM_FEEDBACK)], by=lead
            )


def build(ctx) -> None:
    _cohort_referrals(ctx)
    rng = ctx.rng
    library = [
        services.workshop_create(
            title=title,
            aims=aims,
            minutes=minutes,
            clinical_co_producers=CO_PRODUCERS[0],
            peer_co_producers=CO_PRODUCERS[1],
        )
        for title, aims, minutes in sorted(LIBRARY)
    ]
    wards = list(Team.objects.filter(name__in=SETTINGS).order_by("name"))
    if library and wards:
        for ward_number, ward in enumerate(wards):
            day = ctx.today - timedelta(days=360 - 3 * ward_number)
            while day <= ctx.today - timedelta(days=2):
                workshop = rng.choice(library)
                held = services.held_workshop_record(
                    team=ward,
                    workshop=workshop,
                    held_on=day,
                    minutes=rng.choice([30, 40, 45, 45]),
                    attendees=rng.randint(2, 11),
                    peer_facilitators=rng.choice([1, 1, 1, 2, 0]),
                    clinical_facilitators=rng.choice([1, 1, 1, 0]),
                )
                if rng.random() < 0.25:
                    text, may_quote = rng.choice(COMMENTS)
                    services.workshop_comment_add(held=held, text=text, may_quote=may_quote)
                day += timedelta(days=rng.choice([14, 14, 21, 28]))
    for index, (name, kind, description) in enumerate(GROUPS):
        activity = services.activity_create(name=name, kind=kind, description=description)
        every = 14 if index == 0 else 7
        day = ctx.today - timedelta(days=180)
        while day <= ctx.today - timedelta(days=1):
            services.activity_meeting_record(
                activity=activity,
                met_on=day,
                attendees=rng.randint(4, 15),
                facilitators=rng.choice([1, 2]),
            )
            day += timedelta(days=every)
