"""A dozen teams the partnership works with: TRIP rounds, action plans, the work register, Triangle of Care
self-assessments and one carers' prioritisation exercise. All invented."""

from datetime import timedelta

from warp.accounts.models import User
from warp.teams import seeds, services
from warp.teams.models import CareStandard, Perspective, PriorityArea, TeamKind, TripCriterion

TEAMS = [
    ("Hillside Ward", TeamKind.INPATIENT_WARD, "Bournemouth", "Adult mental health"),
    ("Seaview Ward", TeamKind.INPATIENT_WARD, "Weymouth", "Adult mental health"),
    ("Poole Community Mental Health Team", TeamKind.COMMUNITY_TEAM, "Poole", "Adult mental health"),
    (
        "Christchurch Community Mental Health Team",
        TeamKind.COMMUNITY_TEAM,
        "Christchurch",
        "Adult mental health",
    ),
    ("Blandford Community Mental Health Team", TeamKind.COMMUNITY_TEAM, "Blandford", "Adult mental health"),
    ("Crisis Resolution and Home Treatment", TeamKind.CRISIS_SERVICE, "East Dorset", "Adult mental health"),
    ("Recovery House", TeamKind.CRISIS_SERVICE, "West Dorset", "Adult mental health"),
    ("Early Intervention in Psychosis", TeamKind.SPECIALIST_SERVICE, "County-wide", "Adult mental health"),
    ("Perinatal Mental Health Service", TeamKind.SPECIALIST_SERVICE, "County-wide", "Specialist services"),
    ("Learning and Development", TeamKind.LEARNING_AND_DEVELOPMENT, "County-wide", "Corporate"),
    ("Bournemouth University", TeamKind.EDUCATION_PARTNER, "Bournemouth", ""),
    ("Older People's Mental Health Team", TeamKind.OTHER, "Purbeck", "Older people"),
]

WORK = [
    ("project_plan", "Project plan agreed with the team"),
    ("skills_workshops", "Weekly recovery skills workshops"),
    ("peer_workers", "Peer workers joining the team"),
    ("co_delivered_training", "Co-delivered recovery training for staff"),
    ("co_production", "Co-production workshop with people who use the service"),
]
STATES = ["initial_discussions", "development", "active", "active", "on_hold", "complete"]

ACTIONS = [
    ("Ask people what they want from care plan meetings", "Ward manager"),
    ("Invite a peer specialist to the team meeting", "Team lead"),
    ("Put recovery stories on the noticeboard", "Occupational therapist"),
    ("Add a wellbeing check-in to supervision", "Deputy manager"),
]


def _lead(ctx):
    lead = ctx.store.get("staff", {}).get("team.lead@example.org")
    return lead or User.objects.filter(email="team.lead@example.org").first()


def _clamp(value: float) -> int:
    return max(0, min(5, round(value)))


def build(ctx) -> None:
    rng = ctx.rng
    lead = _lead(ctx)
    criteria = list(TripCriterion.objects.order_by("number"))
    teams = []
    for index, (name, kind, locality, directorate) in enumerate(TEAMS):
        leads = [lead] if lead and index in (0, 2) else []
        teams.append(
            services.team_create(
                name=name, kind=kind, locality=locality, directorate=directorate, leads=leads
            )
        )

    perspectives = [Perspective.PERSON, Perspective.CARER, Perspective.STAFF]
    for index, team in enumerate(teams[:9]):
        rounds = 3 if index % 3 != 2 else 2
        # Rounds every three months, the latest one 1-4 months ago, so some reviews are due or overdue.
        latest = ctx.today - timedelta(days=30 + 25 * (index % 4))
        base_levels = [rng.uniform(1.0, 3.2) for _ in criteria]
        for number in range(rounds):
            held_on = latest - timedelta(days=91 * (rounds - 1 - number))
            trip_round = services.trip_round_create(team=team, held_on=held_on, created_by=lead)
            lift = 0.55 * number
            for _ in range(rng.randint(6, 15)):
                perspective = rng.choices(perspectives, weights=[4, 2, 5])[0]
                tilt = {"person": -0.3, "carer": -0.5, "staff": 0.3}[perspective]
                scores = {
                    c.pk: _clamp(level + lift + tilt + rng.gauss(0, 0.8))
                    for c, level in zip(criteria, base_levels, strict=True)
                }
                services.trip_response_record(round=trip_round, perspective=perspective, scores=scores)
            if number == 0:
                weakest = sorted(zip(base_levels, criteria, strict=True), key=lambda pair: pair[0])[:2]
                for _, criterion in weakest:
                    area = services.focus_area_create(
                        round=trip_round,
                        criterion=criterion,
                        aim=f"Make {criterion.short_name.lower()} part of every week.",
                    )
                    for title, owner in rng.sample(ACTIONS, 2):
                        services.pdsa_action_create(
                            focus_area=area,
                            title=title,
                            owner=owner,
                            due_on=held_on + timedelta(days=60),
                            state=rng.choice(["planned", "in_progress", "done"]),
                            plan="Try it for a month and ask people how it felt.",
                            do="Started in the second week." if rng.random() < 0.7 else "",
                            study="People said they felt more listened to." if rng.random() < 0.4 else "",
                        )
        if index == 0:
            services.rater_links_create(round=trip_round, count=3)

    for team in teams:
        for kind, summary in rng.sample(WORK, rng.randint(1, 3)):
            started = ctx.today - timedelta(days=rng.randint(60, 700))
            state = rng.choice(STATES)
            services.work_item_create(
                team=team,
                kind=kind,
                state=state,
                summary=summary,
                started_on=started,
                ended_on=started + timedelta(days=rng.randint(30, 300)) if state == "complete" else None,
            )

    standards = list(CareStandard.objects.all())
    for team in teams[:8]:
        ratings = {
            s.pk: services.CareRatingInput(
                rating=rng.choices(["not", "partly", "fully"], weights=[2, 5, 3])[0],
                evidence="Discussed at the team meeting; examples from recent reviews.",
                actions="Add carers' contact details to the first assessment." if rng.random() < 0.5 else "",
                owner="Team lead",
                due_on=ctx.today + timedelta(days=rng.randint(30, 180)),
            )
            for s in standards
        }
        services.care_assessment_save(team=team, year=ctx.today.year, ratings=ratings)

    exercise = services.exercise_create(
        title="Carers' needs workshop",
        held_on=ctx.today - timedelta(days=rng.randint(40, 120)),
        start_from_report=True,
    )
    for name in [
        "Clear information about medication",
        "Knowing who to call in a crisis",
        "A break from caring",
    ]:
        services.carer_problem_create(exercise=exercise, name=name)
    problems = list(exercise.problems.order_by("pk"))
    by_name = {p.name: p for p in problems}
    favourites = problems[:4]
    participants = []
    groups = ["carers"] * 8 + ["professionals"] * 6 + ["people"] * 4 + ["third_sector"] * 2
    for number, group in enumerate(groups, start=1):
        picks = set(rng.sample(favourites, 2)) | set(rng.sample(problems, 3))
        participants.append(
            services.participant_add(
                exercise=exercise,
                label=f"Participant {number}",
                group=group,
                picks=sorted(picks, key=lambda p: p.pk)[:5],
            )
        )
    report = seeds.REPORT_PROBLEMS
    services.group_top_three_record(
        exercise=exercise, problems=[by_name[report[3]], by_name[report[4]], by_name[report[5]]]
    )
    # Progress around 35% on average, from about 20% to about 49%.
    targets = {
        "Rapport with the care team": (49, [report[2], report[4], report[6]]),
        "Rebuilding self-esteem, pride and confidence": (36, [report[3]]),
        "An open, trusting partnership": (38, [report[5]]),
        "Self-reliant skills": (20, [report[7]]),
        "Clear information about medication": (32, ["Clear information about medication"]),
    }
    areas: dict[PriorityArea, int] = {}
    for name, (target, came_from) in targets.items():
        priority_area = services.priority_area_create(
            exercise=exercise, name=name, problems=[by_name[n] for n in came_from]
        )
        areas[priority_area] = target
    for person in participants[:12]:
        services.progress_ratings_record(
            participant=person,
            ratings={area: max(0, min(100, round(rng.gauss(target, 6)))) for area, target in areas.items()},
        )
    named = {a.name: a for a in areas}
    services.exercise_conclusions_record(
        exercise=exercise,
        strongest=named["Rapport with the care team"],
        weakest=named["Self-reliant skills"],
        most_important=named["Rebuilding self-esteem, pride and confidence"],
    )

    # The strategy's actions under each challenge come seeded (teams migration 0004).
