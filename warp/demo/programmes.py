"""People and programmes: peer workers placed in the demo's teams with their training and supervision, a
mentoring programme for psychiatrists, the staff network's numbers and last year's and this year's awards.
Every person is invented."""

from datetime import timedelta

from warp.accounts.models import User
from warp.programmes.access import the_network
from warp.programmes.models import AwardCategory, EvaluationQuestion, NomineeConsent, PeerRole, QuestionKind
from warp.programmes.services import awards, mentoring, network, workforce
from warp.teams.models import Team

PEER_WORKERS = [
    # first name, last name, team, role, started (days ago), ended (days ago) or None
    ("Callum", "Rowe", "Hillside Ward", "Peer specialist", 900, None),
    ("Ffion", "Davies", "Hillside Ward", "Peer support worker", 400, None),
    ("Tariq", "Hussain", "Seaview Ward", "Peer specialist", 1100, 300),
    ("Lena", "Voss", "Seaview Ward", "Peer specialist", 250, None),
    ("Morwenna", "Pascoe", "Poole Community Mental Health Team", "Peer specialist", 700, None),
    ("Ade", "Bankole", "Poole Community Mental Health Team", "Peer carer", 500, None),
    ("Hattie", "Greenslade", "Crisis Resolution and Home Treatment", "Peer support worker", 1300, None),
    ("Imran", "Qureshi", "Recovery House", "Peer support worker", 600, None),
    ("Sorcha", "Nolan", "Early Intervention in Psychosis", "Peer specialist", 1000, None),
    ("Piotr", "Nowak", "Learning and Development", "Peer trainer", 800, None),
    ("Gwen", "Tremayne", "Christchurch Community Mental Health Team", "Peer specialist", 1500, 700),
]
COURSES = [
    ("Peer support training (ten days)", "Peer support certificate"),
    ("Using your lived experience safely", ""),
    ("Co-delivering recovery education", "Co-trainer accreditation"),
]
SUPERVISORS = ["Dr Elin Hart", "Sam Okonjo", "Rachel Penrose"]

MENTORS = [
    ("Bryony Kellow", "Peer trainer"),
    ("Declan Moss", "Peer specialist"),
    ("Yusuf Amari", "Peer trainer"),
]
MENTEES = [
    ("Dr Harriet Lowe", "Consultant psychiatrist"),
    ("Dr Kwame Mensah", "Specialty doctor"),
    ("Dr Isla Fenwick", "Psychiatry trainee"),
    ("Dr Omar Farouk", "Psychiatry trainee"),
    ("Dr Petra Lindgren", "Consultant psychiatrist"),
]
WORDS = [
    "Hearing how small things on the ward felt from the other side changed how I start conversations.",
    "Time to ask questions I would never ask in clinic.",
    "I now think about hope as part of the treatment plan.",
]

NOMINEES = [
    ("Strength", "Elsie Marchant", "Kept coming to courses through a very hard year and never gave up."),
    ("Courage", "Jonah Reddy", "Spoke at a staff conference about his own recovery for the first time."),
    ("Courage", "Maisie Thorne", "Went back to college after years away."),
    ("Compassion", "Arthur Gwynn", "Sits with new people on the ward and makes them feel welcome."),
    ("Kindness", "Priyanka Shah", "Started a weekly walking group that anyone can join."),
    ("Inspiration", "Noel Fairweather", "Became a peer trainer and now co-delivers three courses."),
    ("Inspiration", "Tilly Evershed", "Wrote and shared her recovery story to help others."),
]


def _people(ctx) -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(email__endswith="@example.org")}


def build(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    people = _people(ctx)
    teams = {team.name: team for team in Team.objects.all()}
    roles = {role.name: role for role in PeerRole.objects.all()}
    partnership = people.get("partnership.lead@example.org")

    # Peer workforce
    for first, last, team_name, role_name, started, ended in PEER_WORKERS:
        if team_name not in teams:
            continue
        worker = workforce.peer_worker_create(
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@example.org",
            by=partnership,
        )
        workforce.placement_create(
            worker=worker,
            team=teams[team_name],
            role=roles[role_name],
            started_on=today - timedelta(days=started),
            ended_on=today - timedelta(days=ended) if ended else None,
            by=partnership,
        )
        course, accreditation = COURSES[rng.randrange(len(COURSES))]
        workforce.training_record(
            worker=worker,
            course=course,
            taken_on=today - timedelta(days=started + 30),
            passed=True,
            accreditation=accreditation,
            by=partnership,
        )
        last_day = today - timedelta(days=ended) if ended else today
        for month in range(1, 5):
            held_on = last_day - timedelta(days=28 * month + rng.randint(0, 6))
            if held_on > today - timedelta(days=started):
                workforce.supervision_record(
                    worker=worker, held_on=held_on, supervisor=rng.choice(SUPERVISORS), by=partnership
                )

    # Lived-experience mentoring
    mentors = [mentoring.mentor_create(name=n, role=r, email=_email(n)) for n, r in MENTORS]
    mentees = [mentoring.mentee_create(name=n, role=r, email=_email(n)) for n, r in MENTEES]
    questions = list(EvaluationQuestion.objects.filter(active=True))
    for index, mentee in enumerate(mentees):
        started = today - timedelta(days=420 - 70 * index)
        pairing = mentoring.pairing_create(
            mentor=mentors[index % len(mentors)], mentee=mentee, started_on=started
        )
        ended = index < 3
        for meeting in range(rng.randint(4, 7)):
            held_on = started + timedelta(days=14 + 21 * meeting)
            if held_on >= today or (ended and meeting > 5):
                break
            mentoring.meeting_record(pairing=pairing, held_on=held_on, minutes=rng.choice([45, 60, 60, 90]))
        if ended:
            end = started + timedelta(days=160)
            mentoring.pairing_end(pairing=pairing, ended_on=end)
            answers: dict[int, int | str | None] = {
                q.pk: (rng.randint(3, 5) if q.kind == QuestionKind.SCORE else WORDS[index % len(WORDS)])
                for q in questions
            }
            mentoring.evaluation_record(
                pairing=pairing,
                given_on=end + timedelta(days=7),
                answers=answers,
                consent_to_quote=index != 1,
            )

    # The staff network: coordinators named by the administrator; members join themselves.
    the = the_network()
    admin = people.get("admin@example.org")
    coordinator = people.get("peer.trainer@example.org")
    if admin and coordinator:
        network.coordinators_set(network=the, users=[coordinator], by=admin)
    staff = [u for u in people.values() if u.role not in ("student", "commissioner")]
    joined = []
    for user in sorted(staff, key=lambda u: u.email)[::3]:
        joined.append(
            network.network_join(network=the, user=user, on=today - timedelta(days=rng.randint(20, 300)))
        )
    if len(joined) >= 2:
        network.buddy_pair_create(
            network=the, first=joined[0], second=joined[1], on=today - timedelta(days=15)
        )
    for user in [m.user for m in joined[-2:]]:
        network.network_leave(network=the, user=user)  # two have left: only the count stays
    for month in range(1, 7):
        network.network_meeting_record(
            network=the, held_on=today - timedelta(days=30 * month), attendance=rng.randint(5, 14)
        )
    for action, owner, state in [
        ("Write a short guide to telling your manager", "Coordinators", "done"),
        ("Offer a buddy to every new member", "Coordinators", "under_way"),
        ("Run a session for managers on supporting staff with lived experience", "Partnership lead", "to_do"),
    ]:
        network.network_action_create(network=the, action=action, owner=owner, state=state)

    # The awards: last year's, judged and celebrated; this year's, open for nominations.
    categories = {c.name: c for c in AwardCategory.objects.all()}
    last_year = awards.award_year_create(year=today.year - 1)
    judges = [
        awards.judge_add(award_year=last_year, user=people[email])
        for email in ("professional.trainer@example.org", "manager@example.org", "tutor2@example.org")
        if email in people
    ]
    winners_seen: set[str] = set()
    for index, (category, name, why) in enumerate(NOMINEES):
        nomination = awards.nomination_submit(
            award_year=last_year,
            category=categories[category],
            nominee_name=name,
            nominee_contact=_email(name),
            why=why,
            nominator_name=rng.choice(["Ward staff", "A friend", "Her care coordinator", "A fellow student"]),
            nominator_contact=f"nominator{index}@example.org",
            nominator_quote_consent=index % 4 != 1,  # most nominators agree to be quoted; not all
        )
        consent = NomineeConsent.GIVEN if index != 2 else NomineeConsent.REFUSED
        if partnership:
            awards.nominee_consent_record(
                nomination=nomination, consent=consent, on=today - timedelta(days=200), by=partnership
            )
        awards.nomination_shortlist(nomination=nomination, shortlisted=True)
        for judge_index, judge in enumerate(judges):
            if index == 3 and judge_index == 0:
                awards.conflict_declare(judge=judge, nomination=nomination, reason="Works on the same ward")
            else:
                awards.score_give(judge=judge, nomination=nomination, score=rng.randint(5, 10))
        if category not in winners_seen and consent == NomineeConsent.GIVEN:
            awards.winner_choose(nomination=nomination)
            winners_seen.add(category)
    awards.award_year_update(
        award_year=last_year,
        nominations_open=False,
        ceremony_on=today - timedelta(days=180),
        venue="The Lighthouse, Poole",
        attendance=140,
    )
    current = awards.award_year_create(year=today.year)
    for index, (category, name, why) in enumerate(NOMINEES[:3]):
        awards.nomination_submit(
            award_year=current,
            category=categories[category],
            nominee_name=f"{name.split()[0]} {['Hollins', 'Brady', 'Carew'][index]}",
            nominee_contact=f"nominee{index}@example.org",
            why=why,
            nominator_name="A fellow student",
            nominator_contact=f"new.nominator{index}@example.org",
        )


def _email(name: str) -> str:
    return name.lower().replace("dr ", "").replace(" ", ".") + "@example.org"
