"""Read side: every number the teams pages, the poster and the summaries show, computed in the database.

Averages are rounded to one decimal by the database. A criterion's overall average is the mean of every
individual score for it in the round (so a perspective with more raters weighs more), not the mean of the
perspective averages. Strongest and for-development lists compare these rounded averages, so criteria that
show the same number are treated as tied and all of them are listed.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import (
    Avg,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Round

from warp.accounts.models import User
from warp.teams.models import (
    CareAssessment,
    CareKind,
    CareRating,
    CareRatingLevel,
    CarerProblem,
    CareStandard,
    Participant,
    ParticipantGroup,
    PartnershipProject,
    Perspective,
    PrioritisationExercise,
    PriorityArea,
    ProgressRating,
    ProjectKind,
    Team,
    TeamKind,
    TripCriterion,
    TripResponse,
    TripRound,
    TripScore,
    WorkItem,
    WorkState,
)

DUE_SOON_DAYS = 14
TOP = 3
PERSPECTIVES = [(value, label) for value, label in Perspective.choices]


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def _avg(field_name: str):
    return Round(Avg(field_name), 1)


def top_with_ties(items: list, key, n: int = TOP, *, highest: bool = True) -> list:
    """The first `n` items by `key`, plus every item tied with the n-th; items whose key is None are left out."""
    scored = [item for item in items if key(item) is not None]
    ordered = sorted(scored, key=key, reverse=highest)
    if len(ordered) <= n:
        return ordered
    cut = key(ordered[n - 1])
    return [item for item in ordered if (key(item) >= cut if highest else key(item) <= cut)]


# The Brief TRIP -------------------------------------------------------------------------------------


@dataclass
class CriterionResult:
    criterion: TripCriterion
    by_perspective: dict[str, Decimal | None]
    overall: Decimal | None

    def perspective_values(self) -> list[Decimal | None]:
        return [self.by_perspective.get(value) for value, _ in PERSPECTIVES]


@dataclass
class RoundResults:
    round: TripRound
    criteria: list[CriterionResult]
    raters: dict[str, int]
    strongest: list[CriterionResult] = field(default_factory=list)
    development: list[CriterionResult] = field(default_factory=list)

    @property
    def total_raters(self) -> int:
        return sum(self.raters.values())

    def rater_counts(self) -> list[tuple[str, int]]:
        return [(label, self.raters.get(value, 0)) for value, label in PERSPECTIVES]

    def overall_by_number(self) -> dict[int, Decimal | None]:
        return {c.criterion.number: c.overall for c in self.criteria}


def results_for_rounds(
    rounds: list[TripRound], criteria: list[TripCriterion] | None = None
) -> dict[int, RoundResults]:
    """Results for several rounds in four queries, however many rounds and responses there are."""
    if criteria is None:
        criteria = list(TripCriterion.objects.all())
    ids = [r.pk for r in rounds]
    per_perspective: dict[tuple[int, int], dict[str, Decimal | None]] = defaultdict(dict)
    rows = (
        TripScore.objects.filter(response__round_id__in=ids)
        .values("response__round_id", "criterion_id", "response__perspective")
        .annotate(avg=_avg("score"))
        .order_by()
    )
    for row in rows:
        key = (row["response__round_id"], row["criterion_id"])
        per_perspective[key][row["response__perspective"]] = _dec(row["avg"])
    overall = {
        (row["response__round_id"], row["criterion_id"]): _dec(row["avg"])
        for row in TripScore.objects.filter(response__round_id__in=ids)
        .values("response__round_id", "criterion_id")
        .annotate(avg=_avg("score"))
        .order_by()
    }
    raters: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        TripResponse.objects.filter(round_id__in=ids)
        .values("round_id", "perspective")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        raters[row["round_id"]][row["perspective"]] = row["n"]
    results = {}
    for trip_round in rounds:
        lines = [
            CriterionResult(
                criterion=c,
                by_perspective=per_perspective.get((trip_round.pk, c.pk), {}),
                overall=overall.get((trip_round.pk, c.pk)),
            )
            for c in criteria
        ]
        results[trip_round.pk] = RoundResults(
            round=trip_round,
            criteria=lines,
            raters=raters.get(trip_round.pk, {}),
            strongest=top_with_ties(lines, lambda line: line.overall, highest=True),
            development=top_with_ties(lines, lambda line: line.overall, highest=False),
        )
    return results


def round_results(trip_round: TripRound) -> RoundResults:
    return results_for_rounds([trip_round])[trip_round.pk]


def baseline_round(team: Team) -> TripRound | None:
    return team.trip_rounds.order_by("held_on", "pk").first()


@dataclass
class HistoryRow:
    criterion: TripCriterion
    values: list[Decimal | None]
    change_from_baseline: Decimal | None
    change_from_previous: Decimal | None


@dataclass
class TeamHistory:
    rounds: list[TripRound]
    results: dict[int, RoundResults]
    rows: list[HistoryRow]


def _change(new: Decimal | None, old: Decimal | None) -> Decimal | None:
    return None if new is None or old is None else new - old


def team_history(team: Team) -> TeamHistory:
    """Every round's overall averages side by side, with the latest's change from baseline and previous."""
    rounds = list(team.trip_rounds.order_by("held_on", "pk"))
    criteria = list(TripCriterion.objects.all())
    results = results_for_rounds(rounds, criteria)
    rows = []
    for index, criterion in enumerate(criteria):
        values = [results[r.pk].criteria[index].overall for r in rounds]
        rows.append(
            HistoryRow(
                criterion=criterion,
                values=values,
                change_from_baseline=_change(values[-1], values[0]) if len(values) > 1 else None,
                change_from_previous=_change(values[-1], values[-2]) if len(values) > 1 else None,
            )
        )
    return TeamHistory(rounds=rounds, results=results, rows=rows)


def _latest_round_field(name: str):
    latest = TripRound.objects.filter(team=OuterRef("pk")).order_by("-held_on", "-pk")
    return Subquery(latest.values(name)[:1])


def teams_with_review_dates(teams):
    """Teams annotated with their latest round's id, date and next review date (None when no round yet) and
    their number of rounds. One query: the latest round is found once per team (one step down the
    trip_round_latest index) and joined, and the rounds are counted in their own subquery."""
    rounds_count = (
        TripRound.objects.filter(team=OuterRef("pk"))
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        teams.alias(
            latest=FilteredRelation("trip_rounds", condition=Q(trip_rounds__pk=_latest_round_field("pk")))
        )
        .annotate(
            latest_round_id=F("latest__pk"),
            latest_round_on=F("latest__held_on"),
            next_review_on=F("latest__next_review_on"),
            rounds_count=Coalesce(Subquery(rounds_count, output_field=IntegerField()), Value(0)),
        )
        .order_by("name")
    )


def lead_names_prefetch() -> Prefetch:
    """Each team's leads with only what their names need (`team.leads.all`, in User's ordering)."""
    return Prefetch("leads", queryset=User.objects.only("first_name", "last_name", "email"))


class DueTeam(NamedTuple):
    """What the reviews-due page shows of a team."""

    pk: int
    name: str
    latest_round_on: date | None
    next_review_on: date | None


@dataclass
class ReviewsDue:
    overdue: list[DueTeam]
    due_soon: list[DueTeam]
    not_started: list[DueTeam]


def reviews_due(teams, *, today: date) -> ReviewsDue:
    """Teams whose review date has passed, falls within 14 days, or who have not yet held a round."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    # Plain rows of what the page shows (names and dates), not Team instances: ~150 teams per visit.
    rows = [
        DueTeam(*values)
        for values in teams_with_review_dates(teams)
        .filter(Q(next_review_on__lte=soon) | Q(latest_round_on__isnull=True))
        .order_by("next_review_on", "name")
        .values_list("pk", "name", "latest_round_on", "next_review_on")
    ]
    return ReviewsDue(
        overdue=[t for t in rows if t.next_review_on and t.next_review_on < today],
        due_soon=[t for t in rows if t.next_review_on and t.next_review_on >= today],
        not_started=[t for t in rows if t.next_review_on is None],
    )


# The work register -----------------------------------------------------------------------------------


@dataclass
class RegisterGroup:
    kind_label: str
    teams: list[tuple[Team, list[WorkItem]]] = field(default_factory=list)
    projects: list[PartnershipProject] = field(default_factory=list)  # a section of projects beyond teams


def work_register(*, today: date | None = None) -> list[RegisterGroup]:
    """The 'Local Impacts' table: teams grouped by kind of service, each with its pieces of work and the
    peer workers in post there today (`team.peer_workers_now`, placements with worker and role), then the
    partnership's projects beyond teams grouped by kind.

    The peer workers come from the peer workforce's records, a higher floor's rows reached through the
    reverse relation `Team.peer_placements` (teams never imports programmes). Four queries."""
    from django.utils import timezone

    today = today or timezone.localdate()
    items = list(WorkItem.objects.select_related("team").order_by("team__name", "kind", "pk"))
    by_team: dict[int, list[WorkItem]] = defaultdict(list)
    for item in items:
        by_team[item.team_id].append(item)
    placement_model: Any = Team._meta.get_field("peer_placements").related_model
    placements = placement_model._default_manager.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
    )
    peers = Prefetch(
        "peer_placements",
        queryset=placements.select_related("worker", "role").order_by(
            "role__order", "worker__last_name", "worker__first_name", "pk"
        ),
        to_attr="peer_workers_now",
    )
    teams = list(
        Team.objects.filter(Q(work_items__isnull=False) | Q(pk__in=placements.values("team")))
        .distinct()
        .prefetch_related(peers)
        .order_by("name")
    )
    groups = []
    for kind, label in TeamKind.choices:
        rows = [(team, by_team[team.pk]) for team in teams if team.kind == kind]
        for team, team_items in rows:
            team.register_rows = len(team_items) + (1 if team.peer_workers_now else 0)  # type: ignore[attr-defined]
        if rows:
            groups.append(RegisterGroup(kind_label=label, teams=rows))
    # Then the partnership's projects that are no team's, a section per kind, in the report's order.
    by_kind: dict[str, list[PartnershipProject]] = defaultdict(list)
    for project in PartnershipProject.objects.order_by("name", "pk"):
        by_kind[project.kind].append(project)
    for kind, label in ProjectKind.choices:
        if by_kind[kind]:
            groups.append(RegisterGroup(kind_label=label, projects=by_kind[kind]))
    return groups


# Summaries for commissioners -------------------------------------------------------------------------

SMALL_NUMBER = 3  # every pooled team summary is shown only when at least this many teams contribute


def enough_teams(teams: int) -> bool:
    """The one small-number rule for figures pooled over teams (TRIP averages, Triangle of Care counts):
    below SMALL_NUMBER contributing teams a pooled figure would describe one or two teams, so it is hidden."""
    return teams >= SMALL_NUMBER


@dataclass
class TeamSummary:
    teams_by_kind: list[tuple[str, int]]
    work_by_state: list[tuple[str, int]]
    rounds_last_year: int
    teams_with_round_last_year: int
    pooled_latest: list[tuple[TripCriterion, Decimal | None]]
    pooled_teams: int
    care: "CareSummary"


def team_summary(*, today: date) -> TeamSummary:
    """Aggregates only: counts by kind and state, and TRIP averages pooled over every team's latest round."""
    kinds = dict(Team.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    states = dict(WorkItem.objects.values_list("state").annotate(n=Count("pk")).order_by())
    year_ago = today - timedelta(days=365)
    recent = TripRound.objects.filter(held_on__gt=year_ago, held_on__lte=today)
    recent_counts = recent.aggregate(rounds=Count("pk"), teams=Count("team", distinct=True))
    latest_ids = (
        Team.objects.annotate(latest=_latest_round_field("pk")).filter(latest__isnull=False).values("latest")
    )
    pooled_teams = TripRound.objects.filter(pk__in=latest_ids).count()
    averages = dict(
        TripScore.objects.filter(response__round_id__in=latest_ids)
        .values_list("criterion_id")
        .annotate(avg=_avg("score"))
        .order_by()
    )
    criteria = list(TripCriterion.objects.all())
    show = enough_teams(pooled_teams)
    return TeamSummary(
        teams_by_kind=[(label, kinds.get(value, 0)) for value, label in TeamKind.choices],
        work_by_state=[(label, states.get(value, 0)) for value, label in WorkState.choices],
        rounds_last_year=recent_counts["rounds"],
        teams_with_round_last_year=recent_counts["teams"],
        pooled_latest=[(c, _dec(averages.get(c.pk)) if show else None) for c in criteria],
        pooled_teams=pooled_teams,
        care=care_summary(year=today.year),
    )


# Triangle of Care ------------------------------------------------------------------------------------


@dataclass
class CareSummary:
    year: int
    assessed_teams: int
    rows: list[tuple[CareStandard, list[int]]]  # counts in the order of CareRatingLevel; empty below 3 teams
    levels: list[str]

    @property
    def shown(self) -> bool:
        return enough_teams(self.assessed_teams)


def care_summary(*, year: int) -> CareSummary:
    """How many teams rated each standard not / partly / fully in place in their self-assessment this
    year. Never ranks teams."""
    mine = CareRating.objects.filter(assessment__year=year, assessment__kind=CareKind.SELF)
    counts = Counter(
        {
            (row["standard_id"], row["rating"]): row["n"]
            for row in mine.values("standard_id", "rating").annotate(n=Count("pk")).order_by()
        }
    )
    assessed = mine.aggregate(n=Count("assessment__team", distinct=True))
    standards = list(CareStandard.objects.all())
    show = enough_teams(assessed["n"])
    return CareSummary(
        year=year,
        assessed_teams=assessed["n"],
        rows=[(s, [counts[(s.pk, level)] for level in CareRatingLevel.values]) for s in standards if show],
        levels=[label for _, label in CareRatingLevel.choices],
    )


LEVEL_STEPS = {level: step for step, level in enumerate(CareRatingLevel.values)}  # not 0, partly 1, fully 2


@dataclass
class CareComparisonRow:
    standard: CareStandard
    self_rating: str | None  # the level's label, or None when not rated
    audit_rating: str | None
    difference: (
        int | None
    )  # audit minus self-assessment, in steps (not, partly, fully); None if either is missing

    @property
    def in_words(self) -> str:
        if self.difference is None:
            return "Not both rated yet"
        if self.difference == 0:
            return "The audit agrees"
        steps = "one step" if abs(self.difference) == 1 else "two steps"
        return f"The audit rated it {steps} {'higher' if self.difference > 0 else 'lower'}"


def care_comparison(*, team: Team, year: int) -> list[CareComparisonRow]:
    """A team's self-assessment and its audit for a year, side by side per standard. Two queries."""
    ratings: dict[tuple[int, str], str] = {
        (standard_id, kind): rating
        for standard_id, kind, rating in CareRating.objects.filter(
            assessment__team=team, assessment__year=year
        ).values_list("standard_id", "assessment__kind", "rating")
    }
    labels = dict(CareRatingLevel.choices)
    rows = []
    for standard in CareStandard.objects.all():
        mine, audit = ratings.get((standard.pk, CareKind.SELF)), ratings.get((standard.pk, CareKind.AUDIT))
        difference = None if mine is None or audit is None else LEVEL_STEPS[audit] - LEVEL_STEPS[mine]
        rows.append(
            CareComparisonRow(
                standard=standard,
                self_rating=labels.get(mine) if mine else None,
                audit_rating=labels.get(audit) if audit else None,
                difference=difference,
            )
        )
    return rows


@dataclass
class CareProgressRow:
    standard: CareStandard
    cells: list[
        tuple[int, int] | None
    ]  # per year: (teams fully in place, teams assessed); None below 3 teams
    audit_agreement: tuple[int, int, int] | None  # this year's audits: (rated lower, agreed, rated higher)


@dataclass
class CareProgress:
    years: list[int]
    audited_teams: int
    rows: list[CareProgressRow]


def care_progress(*, year: int, years: int = 4) -> CareProgress:
    """The trust's progress per standard over the last `years` years (self-assessments, fully in place out
    of teams assessed), and how this year's audits compare with the self-assessments they sit beside. Never
    names or ranks a team; a figure over fewer than 3 teams is hidden (`enough_teams`). Three queries."""
    span = list(range(year - years + 1, year + 1))
    per_year = {
        (row["standard_id"], row["assessment__year"]): (row["fully"], row["n"])
        for row in CareRating.objects.filter(assessment__kind=CareKind.SELF, assessment__year__in=span)
        .values("standard_id", "assessment__year")
        .annotate(n=Count("pk"), fully=Count("pk", filter=Q(rating=CareRatingLevel.FULLY)))
        .order_by()
    }
    pairs = CareRating.objects.filter(
        assessment__kind=CareKind.AUDIT,
        assessment__year=year,
        assessment__team__care_assessments__year=year,
        assessment__team__care_assessments__kind=CareKind.SELF,
        assessment__team__care_assessments__ratings__standard=F("standard"),
    ).values_list("standard_id", "rating", "assessment__team__care_assessments__ratings__rating")
    agreement: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for standard_id, audit, mine in pairs:
        difference = LEVEL_STEPS[audit] - LEVEL_STEPS[mine]
        agreement[standard_id][0 if difference < 0 else 1 if difference == 0 else 2] += 1
    # Teams with both this year: an audit compared with their own self-assessment.
    audited_teams = (
        CareAssessment.objects.filter(kind=CareKind.AUDIT, year=year)
        .filter(team__care_assessments__kind=CareKind.SELF, team__care_assessments__year=year)
        .values("team")
        .distinct()
        .count()
    )
    rows = []
    for standard in CareStandard.objects.all():
        cells: list[tuple[int, int] | None] = []
        for y in span:
            cell = per_year.get((standard.pk, y))
            cells.append(cell if cell and enough_teams(cell[1]) else None)
        counts = agreement.get(standard.pk)
        shown = tuple(counts) if counts and enough_teams(audited_teams) else None
        rows.append(CareProgressRow(standard=standard, cells=cells, audit_agreement=shown))  # type: ignore[arg-type]
    return CareProgress(years=span, audited_teams=audited_teams, rows=rows)


# Carers' needs prioritisation ------------------------------------------------------------------------


@dataclass
class ProblemRank:
    problem: CarerProblem
    votes: int
    rank: int  # equal votes share a rank ("=2")
    tied: bool


def _ranked(votes: dict[int, int], problems: list[CarerProblem]) -> list[ProblemRank]:
    rows = sorted(
        ((p, votes.get(p.pk, 0)) for p in problems if votes.get(p.pk)), key=lambda r: (-r[1], r[0].name)
    )
    tally = Counter(v for _, v in rows)
    ranked, rank = [], 0
    for index, (problem, n) in enumerate(rows):
        if index == 0 or n != rows[index - 1][1]:
            rank = index + 1
        ranked.append(ProblemRank(problem=problem, votes=n, rank=rank, tied=tally[n] > 1))
    return ranked


@dataclass
class AreaProgress:
    name: str
    average: Decimal | None
    ratings: int
    pk: int = 0
    came_from: list[str] = field(default_factory=list)  # the problems the area was condensed from


@dataclass
class PerspectiveRow:
    """One problem's picks by each perspective, in ParticipantGroup order, and in all."""

    problem: CarerProblem
    counts: list[int]
    total: int


@dataclass
class ExerciseResults:
    exercise: PrioritisationExercise
    participants_by_group: list[tuple[str, int]]
    overall: list[ProblemRank]
    by_group: list[tuple[str, list[ProblemRank]]]
    areas: list[AreaProgress]
    average_progress: Decimal | None
    lowest: list[AreaProgress]
    highest: list[AreaProgress]
    perspectives: list[str] = field(default_factory=list)
    comparison: list[PerspectiveRow] = field(default_factory=list)
    top_three: list[CarerProblem] = field(default_factory=list)
    problem_list: list[CarerProblem] = field(default_factory=list)
    lowest_rating: int | None = None
    highest_rating: int | None = None
    strongest: AreaProgress | None = None
    weakest: AreaProgress | None = None
    most_important: AreaProgress | None = None


def exercise_results(exercise: PrioritisationExercise) -> ExerciseResults:
    """Picks per problem per perspective and overall (ties share a rank), the group's top three, then
    progress per priority area (report lines 757-775).

    Queries: picks per perspective and problem, the exercise's problems, participants per perspective,
    areas with their averages, the areas' problems, and the overall average, lowest and highest rating."""
    picks = Participant.picks.through.objects.filter(participant__exercise=exercise)
    per_group: dict[str, dict[int, int]] = defaultdict(dict)
    overall: dict[int, int] = defaultdict(int)
    for row in picks.values("participant__group", "carerproblem_id").annotate(n=Count("pk")).order_by():
        per_group[row["participant__group"]][row["carerproblem_id"]] = row["n"]
        overall[row["carerproblem_id"]] += row["n"]
    problem_list = list(CarerProblem.objects.filter(exercise=exercise).order_by("name"))
    groups = dict(exercise.participants.values_list("group").annotate(n=Count("pk")).order_by())
    areas = [
        AreaProgress(name=a.name, average=_dec(a.avg), ratings=a.n, pk=a.pk)
        for a in exercise.areas.annotate(avg=_avg("ratings__percent"), n=Count("ratings")).order_by("pk")
    ]
    by_pk = {a.pk: a for a in areas}
    links = PriorityArea.problems.through.objects.filter(priorityarea__exercise=exercise)
    for area_pk, name in links.values_list("priorityarea_id", "carerproblem__name").order_by(
        "carerproblem__name"
    ):
        by_pk[area_pk].came_from.append(name)
    everything = ProgressRating.objects.filter(area__exercise=exercise).aggregate(
        avg=_avg("percent"), low=Min("percent"), high=Max("percent")
    )
    rated = [a for a in areas if a.average is not None]
    averages = [a.average for a in rated if a.average is not None]
    low = min(averages, default=None)
    high = max(averages, default=None)
    comparison = [
        PerspectiveRow(
            problem=p,
            counts=[per_group.get(value, {}).get(p.pk, 0) for value in ParticipantGroup.values],
            total=overall[p.pk],
        )
        for p in sorted(
            (p for p in problem_list if overall.get(p.pk)), key=lambda p: (-overall[p.pk], p.name)
        )
    ]
    return ExerciseResults(
        exercise=exercise,
        participants_by_group=[(label, groups.get(value, 0)) for value, label in ParticipantGroup.choices],
        overall=_ranked(overall, problem_list),
        by_group=[
            (label, _ranked(per_group.get(value, {}), problem_list))
            for value, label in ParticipantGroup.choices
        ],
        areas=areas,
        average_progress=_dec(everything["avg"]),
        lowest=[a for a in rated if a.average == low],
        highest=[a for a in rated if a.average == high],
        perspectives=list(ParticipantGroup.labels),
        comparison=comparison,
        top_three=sorted((p for p in problem_list if p.group_rank), key=lambda p: p.group_rank or 0),
        problem_list=problem_list,
        lowest_rating=everything["low"],
        highest_rating=everything["high"],
        strongest=by_pk.get(exercise.strongest_area_id or 0),
        weakest=by_pk.get(exercise.weakest_area_id or 0),
        most_important=by_pk.get(exercise.most_important_area_id or 0),
    )
