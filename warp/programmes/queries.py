"""Read side of programmes: each list and summary computed in the database, returning one plain object."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Min, Q, QuerySet, Sum

from warp.programmes.models import (
    ActionState,
    AwardYear,
    EvaluationAnswer,
    Mentee,
    Mentor,
    MentoringMeeting,
    Network,
    Nomination,
    NomineeConsent,
    Pairing,
    PairingEvaluation,
    Placement,
    QuestionKind,
)
from warp.programmes.models.workforce import PlacementQuerySet

YEARS_SHOWN = 6  # posts by team over time: this year and the five before it


# Peer workforce --------------------------------------------------------------------------------------


@dataclass
class TeamWorkforce:
    team_name: str
    team_pk: int
    placements: list[Placement]


@dataclass
class Workforce:
    teams: list[TeamWorkforce]
    by_role: list[tuple[str, int]]
    in_post: int
    years: list[int]
    posts_by_team: list[tuple[str, list[int]]]


def _in_post_during(year: int) -> Q:
    return Q(started_on__lte=date(year, 12, 31)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1))
    )


def workforce(placements: PlacementQuerySet, *, today: date) -> Workforce:
    """Peer workers in post today, by team and by role, and posts by team in each of the last years.

    `placements` is what the person may see (every team's, or their own teams'). Four queries, however
    many rows: the placements in post, the count by role, the first start year, posts by team by year."""
    current = placements.current(today)
    rows = list(
        current.select_related("worker", "team", "role").order_by(
            "team__name", "role__order", "worker__last_name", "worker__first_name", "pk"
        )
    )
    teams: list[TeamWorkforce] = []
    for placement in rows:
        if not teams or teams[-1].team_pk != placement.team_id:
            teams.append(TeamWorkforce(placement.team.name, placement.team_id, []))
        teams[-1].placements.append(placement)
    by_role = list(
        current.values_list("role__name").annotate(n=Count("pk")).order_by("role__order", "role__name")
    )
    first = placements.aggregate(first=Min("started_on"))["first"]
    start = max(first.year if first else today.year, today.year - YEARS_SHOWN + 1)
    years = list(range(start, today.year + 1))
    counts = (
        placements.values("team__name")
        .annotate(**{f"y{year}": Count("pk", filter=_in_post_during(year)) for year in years})
        .order_by("team__name")
    )
    posts = [(row["team__name"], [row[f"y{year}"] for year in years]) for row in counts]
    return Workforce(
        teams=teams,
        by_role=[(str(n), c) for n, c in by_role],
        in_post=len(rows),
        years=years,
        posts_by_team=posts,
    )


# Mentoring -------------------------------------------------------------------------------------------


@dataclass
class QuestionSummary:
    text: str
    kind: str
    answered: int
    mean_score: Decimal | None  # scores only; None for words or when nobody answered


@dataclass
class MentoringSummary:
    start: date | None
    end: date | None
    mentors: int
    mentees: int
    pairings: int
    pairings_ended: int
    pairings_running: int
    meetings: int
    hours: Decimal
    meetings_per_pairing: Decimal | None
    evaluations: int
    consented_to_quote: int
    questions: list[QuestionSummary] = field(default_factory=list)


def _one_place(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mentoring_summary(*, start: date | None = None, end: date | None = None) -> MentoringSummary:
    """Counts and evaluation summaries for a period (or all time).

    A pairing counts when it ran during the period (started by its end, not ended before its start);
    it is "ended" when it ended within the period and "running" otherwise. Meetings and evaluations count
    when held or given within the period. Hours are the meetings' minutes over 60, to one decimal place;
    meetings per pairing are over the pairings counted. Five queries."""
    pairings = Pairing.objects.all()
    meetings = MentoringMeeting.objects.all()
    evaluations = PairingEvaluation.objects.all()
    if end is not None:
        pairings = pairings.filter(started_on__lte=end)
        meetings = meetings.filter(held_on__lte=end)
        evaluations = evaluations.filter(given_on__lte=end)
    if start is not None:
        pairings = pairings.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        meetings = meetings.filter(held_on__gte=start)
        evaluations = evaluations.filter(given_on__gte=start)
    ended_q = Q(ended_on__isnull=False) if end is None else Q(ended_on__isnull=False, ended_on__lte=end)
    p = pairings.aggregate(
        pairings=Count("pk"),
        ended=Count("pk", filter=ended_q),
        mentors=Count("mentor", distinct=True),
        mentees=Count("mentee", distinct=True),
    )
    m = meetings.aggregate(meetings=Count("pk"), minutes=Sum("minutes"))
    e = evaluations.aggregate(n=Count("pk"), consented=Count("pk", filter=Q(consent_to_quote=True)))
    answers = (
        EvaluationAnswer.objects.filter(evaluation__in=evaluations)
        .values("question__text", "question__kind", "question__order", "question__pk")
        .annotate(
            answered=Count("pk", filter=Q(score__isnull=False) | ~Q(text="")),
            mean=Avg("score"),
        )
        .order_by("question__order", "question__pk")
    )
    questions = [
        QuestionSummary(
            text=row["question__text"],
            kind=row["question__kind"],
            answered=row["answered"],
            mean_score=_one_place(row["mean"])
            if row["question__kind"] == QuestionKind.SCORE and row["mean"] is not None
            else None,
        )
        for row in answers
    ]
    return MentoringSummary(
        start=start,
        end=end,
        mentors=p["mentors"],
        mentees=p["mentees"],
        pairings=p["pairings"],
        pairings_ended=p["ended"],
        pairings_running=p["pairings"] - p["ended"],
        meetings=m["meetings"],
        hours=_one_place(Decimal(m["minutes"] or 0) / 60),
        meetings_per_pairing=_one_place(Decimal(m["meetings"]) / p["pairings"]) if p["pairings"] else None,
        evaluations=e["n"],
        consented_to_quote=e["consented"],
        questions=questions,
    )


def mentors_and_mentees() -> tuple[QuerySet[Mentor], QuerySet[Mentee]]:
    return (
        Mentor.objects.annotate(pairings_count=Count("pairings")).order_by("name", "pk"),
        Mentee.objects.annotate(pairings_count=Count("pairings")).order_by("name", "pk"),
    )


def pairings_list() -> QuerySet[Pairing]:
    return (
        Pairing.objects.select_related("mentor", "mentee", "evaluation")
        .annotate(meetings_count=Count("meetings"), minutes=Sum("meetings__minutes"))
        .order_by("-started_on", "pk")
    )


# The staff network -----------------------------------------------------------------------------------


@dataclass
class NetworkCounts:
    """What everyone but the coordinators sees: numbers, never names."""

    members: int
    left: int
    meetings: int
    attendance: int
    actions_by_state: list[tuple[str, int]]


def network_counts(network: Network) -> NetworkCounts:
    """Three queries: members, meetings with their attendance, actions by state."""
    members = network.memberships.count()
    meetings = network.meetings.aggregate(n=Count("pk"), people=Sum("attendance"))
    states = dict(network.actions.values_list("state").annotate(n=Count("pk")).order_by())
    return NetworkCounts(
        members=members,
        left=network.left_count,
        meetings=meetings["n"],
        attendance=meetings["people"] or 0,
        actions_by_state=[(label, states.get(value, 0)) for value, label in ActionState.choices],
    )


# The awards ------------------------------------------------------------------------------------------


def award_years() -> QuerySet[AwardYear]:
    return AwardYear.objects.annotate(
        nominations_count=Count("nominations", distinct=True),
        shortlisted_count=Count("nominations", filter=Q(nominations__shortlisted=True), distinct=True),
    ).order_by("-year")


def award_results(award_year: AwardYear) -> QuerySet[Nomination]:
    """Every nomination of the year with its judging so far: the number of scores, the mean score and the
    number of conflicts declared. One query."""
    return (
        award_year.nominations.select_related("category")
        .annotate(
            scores_count=Count("scores", distinct=True),
            mean_score=Avg("scores__score"),
            conflicts_count=Count("conflicts", distinct=True),
        )
        .order_by("category__order", "category__name", "-shortlisted", "pk")
    )


def published_winners(award_year: AwardYear) -> QuerySet[Nomination]:
    """The winners that may be published: only those whose nominee has agreed. One query."""
    return (
        award_year.nominations.filter(winner=True, nominee_consent=NomineeConsent.GIVEN)
        .select_related("category")
        .order_by("category__order", "category__name")
    )


def panel_nominations(award_year: AwardYear, judge_pk: int) -> QuerySet[Nomination]:
    """A judge's list: the year's shortlist, each with this judge's own score and whether they declared a
    conflict. One query."""
    return (
        award_year.nominations.filter(shortlisted=True)
        .select_related("category")
        .annotate(
            my_score=Min("scores__score", filter=Q(scores__judge=judge_pk)),
            my_conflict=Count("conflicts", filter=Q(conflicts__judge=judge_pk), distinct=True),
        )
        .order_by("category__order", "pk")
    )
