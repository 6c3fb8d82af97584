"""What people do with teams: every write in this app goes through one of these functions."""

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from warp.accounts.models import User
from warp.teams import seeds
from warp.teams.models import (
    MAX_PICKS,
    ActionState,
    CareAssessment,
    CareKind,
    CareRating,
    CarerProblem,
    CareStandard,
    Challenge,
    ChallengeAction,
    FocusArea,
    Participant,
    PartnershipProject,
    PdsaAction,
    PdsaState,
    Perspective,
    PrioritisationExercise,
    PriorityArea,
    ProgressRating,
    RaterLink,
    ResponseSource,
    Team,
    TripCriterion,
    TripResponse,
    TripRound,
    TripScore,
    WorkItem,
    WorkState,
)
from warp.teams.models.trip import latest_review_date

M = TypeVar("M", bound=models.Model)  # the model a helper saves, handed back


class LinkAlreadyUsed(Exception):
    """The rater link has already been used to send a response."""


def _save(instance: M) -> M:
    instance.full_clean()
    instance.save()
    return instance


# Teams -----------------------------------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    name: str,
    kind: str,
    locality: str = "",
    directorate: str = "",
    leads: Iterable[User] = (),
    is_imported: bool = False,
) -> Team:
    team = _save(
        Team(name=name, kind=kind, locality=locality, directorate=directorate, is_imported=is_imported)
    )
    team.leads.set(list(leads))
    return team


@transaction.atomic
def team_update(
    *, team: Team, name: str, kind: str, locality: str, directorate: str, leads: Iterable[User]
) -> Team:
    team.name, team.kind, team.locality, team.directorate = name, kind, locality, directorate
    _save(team)
    team.leads.set(list(leads))
    return team


# The Brief TRIP -------------------------------------------------------------------------------------


@transaction.atomic
def trip_round_create(
    *,
    team: Team,
    held_on: date,
    next_review_on: date | None = None,
    notes: str = "",
    created_by: User | None = None,
) -> TripRound:
    """Open a round. The next review defaults to exactly three months on; later than that is refused."""
    return _save(
        TripRound(
            team=team,
            held_on=held_on,
            next_review_on=next_review_on or latest_review_date(held_on),
            notes=notes,
            created_by=created_by,
        )
    )


@transaction.atomic
def trip_round_update(*, round: TripRound, held_on: date, next_review_on: date, notes: str) -> TripRound:
    round.held_on, round.next_review_on, round.notes = held_on, next_review_on, notes
    return _save(round)


def _check_scores(scores: Mapping[int, int]) -> None:
    wanted = set(TripCriterion.objects.values_list("pk", flat=True))
    if set(scores) != wanted:
        raise ValidationError("Give a score from 0 to 5 for every one of the criteria.")
    if any(not (0 <= int(value) <= 5) for value in scores.values()):
        raise ValidationError("Each score must be a whole number from 0 to 5.")


def _record(round: TripRound, perspective: str, scores: Mapping[int, int], source: str) -> TripResponse:
    _check_scores(scores)
    response = _save(TripResponse(round=round, perspective=perspective, source=source))
    TripScore.objects.bulk_create(
        TripScore(response=response, criterion_id=criterion_id, score=int(score))
        for criterion_id, score in scores.items()
    )
    return response


@transaction.atomic
def trip_response_record(*, round: TripRound, perspective: str, scores: Mapping[int, int]) -> TripResponse:
    """A facilitator types in one paper form: a perspective and a 0-5 score for every criterion."""
    if perspective not in Perspective.values:
        raise ValidationError("Choose whose view this form gives.")
    return _record(round, perspective, scores, ResponseSource.PAPER)


@transaction.atomic
def rater_links_create(*, round: TripRound, count: int) -> list[RaterLink]:
    """Single-use links, each with its own unguessable token."""
    if not 1 <= count <= 50:
        raise ValidationError("Make between 1 and 50 links at a time.")
    return [_save(RaterLink(round=round, token=secrets.token_urlsafe(32))) for _ in range(count)]


@transaction.atomic
def rater_link_respond(*, token: str, perspective: str, scores: Mapping[int, int]) -> TripResponse:
    """Record a rater's response through their link, once. The row lock stops two tabs both using it."""
    link = RaterLink.objects.select_for_update().select_related("round").get(token=token)
    if link.is_used:
        raise LinkAlreadyUsed
    if perspective not in Perspective.values:
        raise ValidationError("Choose which of these best describes you.")
    response = _record(link.round, perspective, scores, ResponseSource.LINK)
    link.used_at = timezone.now()
    link.response = response
    _save(link)
    return response


@transaction.atomic
def focus_area_create(*, round: TripRound, criterion: TripCriterion, aim: str = "") -> FocusArea:
    if FocusArea.objects.filter(round=round, criterion=criterion).exists():
        raise ValidationError({"criterion": "This criterion is already a focus area for this round."})
    return _save(FocusArea(round=round, criterion=criterion, aim=aim))


@transaction.atomic
def pdsa_action_create(
    *,
    focus_area: FocusArea,
    title: str,
    owner: str,
    due_on: date,
    state: str = PdsaState.PLANNED,
    plan: str = "",
    do: str = "",
    study: str = "",
    act: str = "",
) -> PdsaAction:
    return _save(
        PdsaAction(
            focus_area=focus_area,
            title=title,
            owner=owner,
            due_on=due_on,
            state=state,
            plan=plan,
            do=do,
            study=study,
            act=act,
        )
    )


@transaction.atomic
def pdsa_action_update(
    *,
    action: PdsaAction,
    title: str,
    owner: str,
    due_on: date,
    state: str,
    plan: str,
    do: str,
    study: str,
    act: str,
) -> PdsaAction:
    """Change an action; it takes every field, as its form does."""
    action.title, action.owner, action.due_on, action.state = title, owner, due_on, state
    action.plan, action.do, action.study, action.act = plan, do, study, act
    return _save(action)


# The work register -----------------------------------------------------------------------------------


@transaction.atomic
def work_item_create(
    *,
    team: Team,
    kind: str,
    summary: str,
    state: str = WorkState.INITIAL_DISCUSSIONS,
    started_on: date | None = None,
    ended_on: date | None = None,
    notes: str = "",
) -> WorkItem:
    return _save(
        WorkItem(
            team=team,
            kind=kind,
            summary=summary,
            state=state,
            started_on=started_on,
            ended_on=ended_on,
            notes=notes,
        )
    )


@transaction.atomic
def work_item_update(
    *,
    item: WorkItem,
    team: Team,
    kind: str,
    summary: str,
    state: str,
    started_on: date | None,
    ended_on: date | None,
    notes: str,
) -> WorkItem:
    """Change a register entry (it may move to another team); it takes every field, as its form does."""
    item.team, item.kind, item.summary, item.state = team, kind, summary, state
    item.started_on, item.ended_on, item.notes = started_on, ended_on, notes
    return _save(item)


# Partnership projects beyond teams -----------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    name: str,
    kind: str,
    summary: str,
    partners: str = "",
    state: str = WorkState.INITIAL_DISCUSSIONS,
    started_on: date | None = None,
    ended_on: date | None = None,
    notes: str = "",
) -> PartnershipProject:
    return _save(
        PartnershipProject(
            name=name,
            kind=kind,
            summary=summary,
            partners=partners,
            state=state,
            started_on=started_on,
            ended_on=ended_on,
            notes=notes,
        )
    )


@transaction.atomic
def project_update(
    *,
    project: PartnershipProject,
    name: str,
    kind: str,
    summary: str,
    partners: str,
    state: str,
    started_on: date | None,
    ended_on: date | None,
    notes: str,
) -> PartnershipProject:
    """Change a project; it takes every field, as its form does."""
    project.name, project.kind, project.summary, project.partners = name, kind, summary, partners
    project.state, project.started_on, project.ended_on, project.notes = state, started_on, ended_on, notes
    return _save(project)


# Triangle of Care ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CareRatingInput:
    """One standard's rating in a Triangle of Care assessment, with its evidence and the action agreed."""

    rating: str
    evidence: str = ""
    actions: str = ""
    owner: str = ""
    due_on: date | None = None


@transaction.atomic
def care_assessment_save(
    *,
    team: Team,
    year: int,
    ratings: Mapping[int, CareRatingInput],
    assessment: CareAssessment | None = None,
    kind: str = CareKind.SELF,
    audited_by: str = "",
) -> CareAssessment:
    """Create (or, given `assessment`, update) a team's self-assessment for a year, or (`kind` audit) the
    audit beside it by `audited_by`, someone from outside the team: one rating per standard.

    `ratings` maps a standard's pk to what was said of it.
    """
    standards = list(CareStandard.objects.all())
    if {s.pk for s in standards} != set(ratings):
        raise ValidationError("Rate every one of the six standards.")
    kind = assessment.kind if assessment is not None else kind
    audited_by = " ".join(audited_by.split())
    if kind == CareKind.AUDIT and not audited_by:
        raise ValidationError(
            {
                "audited_by": "Say who audited: someone from outside the team, for example 'Carers' lead, the forum'."
            }
        )
    if assessment is None:
        if CareAssessment.objects.filter(team=team, year=year, kind=kind).exists():
            what = "audit" if kind == CareKind.AUDIT else "assessment"
            raise ValidationError(
                {
                    "year": f"{team} already has a Triangle of Care {what} for {year}. Your answers are "
                    "still below: choose another year, or open that one (the link above) and add them there."
                }
            )
        assessment = _save(CareAssessment(team=team, year=year, kind=kind, audited_by=audited_by))
    elif kind == CareKind.AUDIT and assessment.audited_by != audited_by:
        assessment.audited_by = audited_by
        _save(assessment)
    existing = {r.standard_id: r for r in assessment.ratings.all()}
    for standard in standards:
        row = existing.get(standard.pk) or CareRating(assessment=assessment, standard=standard)
        given = ratings[standard.pk]
        row.rating, row.evidence, row.actions = given.rating, given.evidence, given.actions
        row.owner, row.due_on = given.owner, given.due_on
        _save(row)
    return assessment


# Carers' needs prioritisation ------------------------------------------------------------------------


@transaction.atomic
def carer_problem_create(*, exercise: PrioritisationExercise, name: str) -> CarerProblem:
    """Add a problem to an exercise's own list."""
    name = name.strip()
    if CarerProblem.objects.filter(exercise=exercise, name__iexact=name).exists():
        raise ValidationError({"name": "This problem is already on the exercise's list."})
    return _save(CarerProblem(exercise=exercise, name=name))


@transaction.atomic
def carer_problem_update(*, problem: CarerProblem, name: str, active: bool) -> CarerProblem:
    problem.name, problem.active = name, active
    return _save(problem)


@transaction.atomic
def exercise_create(*, title: str, held_on: date, start_from_report: bool = False) -> PrioritisationExercise:
    """A new exercise; its list of problems is typed in, optionally starting from the report's named ones."""
    exercise = _save(PrioritisationExercise(title=title, held_on=held_on))
    if start_from_report:
        for name in seeds.REPORT_PROBLEMS:
            _save(CarerProblem(exercise=exercise, name=name))
    return exercise


@transaction.atomic
def participant_add(
    *, exercise: PrioritisationExercise, label: str, group: str, picks: Iterable[CarerProblem]
) -> Participant:
    """Add a participant, their perspective and the problems they chose from the exercise's list: the five
    that matter most to them (report line 757), or fewer if they chose fewer."""
    picks = list(picks)
    if len(picks) > MAX_PICKS:
        raise ValidationError(
            {
                "picks": f"Choose up to {MAX_PICKS} problems: you chose {len(picks)}. Untick some and try again."
            }
        )
    if any(p.exercise_id != exercise.pk for p in picks):
        raise ValidationError({"picks": "One of the chosen problems is on another exercise's list."})
    if any(not p.active for p in picks):
        raise ValidationError({"picks": "One of the chosen problems is no longer on the list."})
    if Participant.objects.filter(exercise=exercise, label=label).exists():
        raise ValidationError({"label": "There is already a participant with this label: use another."})
    participant = _save(Participant(exercise=exercise, label=label, group=group))
    participant.picks.set(picks)
    return participant


@transaction.atomic
def group_top_three_record(*, exercise: PrioritisationExercise, problems: Sequence[CarerProblem]) -> None:
    """The mixed group's top three, first to third (report lines 761-765)."""
    if len(problems) != 3 or len({p.pk for p in problems}) != 3:
        raise ValidationError("Choose three different problems: a first, a second and a third.")
    if any(p.exercise_id != exercise.pk for p in problems):
        raise ValidationError("One of the chosen problems is on another exercise's list.")
    exercise.problems.update(group_rank=None)
    for rank, problem in enumerate(problems, start=1):
        problem.group_rank = rank
        _save(problem)


@transaction.atomic
def priority_area_create(
    *, exercise: PrioritisationExercise, name: str, problems: Iterable[CarerProblem] = ()
) -> PriorityArea:
    """A priority area condensed from the problems it came from (report line 767: "rapport with care team
    included being treated as an equal partner and being listened to")."""
    problems = list(problems)
    if any(p.exercise_id != exercise.pk for p in problems):
        raise ValidationError({"problems": "One of the chosen problems is on another exercise's list."})
    if PriorityArea.objects.filter(exercise=exercise, name__iexact=name.strip()).exists():
        raise ValidationError({"name": "There is already a priority area with this name: use another."})
    area = _save(PriorityArea(exercise=exercise, name=name.strip()))
    area.problems.set(problems)
    return area


@transaction.atomic
def progress_ratings_record(*, participant: Participant, ratings: Mapping[PriorityArea, int | None]) -> None:
    """A participant's progress ratings in percent; None leaves an area unrated (removing any old one)."""
    for area, percent in ratings.items():
        if area.exercise_id != participant.exercise_id:
            raise ValidationError("That priority area belongs to another exercise.")
        ProgressRating.objects.filter(area=area, participant=participant).delete()
        if percent is not None:
            _save(ProgressRating(area=area, participant=participant, percent=percent))


@transaction.atomic
def exercise_conclusions_record(
    *,
    exercise: PrioritisationExercise,
    strongest: PriorityArea | None,
    weakest: PriorityArea | None,
    most_important: PriorityArea | None,
) -> PrioritisationExercise:
    """The areas the group names to build on: its strongest, its weakest and the most important (report
    lines 767-775)."""
    for area in (strongest, weakest, most_important):
        if area is not None and area.exercise_id != exercise.pk:
            raise ValidationError("That priority area belongs to another exercise.")
    exercise.strongest_area, exercise.weakest_area, exercise.most_important_area = (
        strongest,
        weakest,
        most_important,
    )
    return _save(exercise)


# Strategy --------------------------------------------------------------------------------------------


@transaction.atomic
def challenge_action_create(
    *,
    challenge: Challenge,
    title: str,
    owner: str,
    state: str = ActionState.NOT_STARTED,
    starts_on: date | None = None,
    due_on: date | None = None,
    notes: str = "",
) -> ChallengeAction:
    return _save(
        ChallengeAction(
            challenge=challenge,
            title=title,
            owner=owner,
            state=state,
            starts_on=starts_on,
            due_on=due_on,
            notes=notes,
        )
    )


@transaction.atomic
def challenge_action_update(
    *,
    action: ChallengeAction,
    title: str,
    owner: str,
    state: str,
    starts_on: date | None,
    due_on: date | None,
    notes: str,
) -> ChallengeAction:
    """Change a strategy action; it takes every field, as its form does."""
    action.title, action.owner, action.state = title, owner, state
    action.starts_on, action.due_on, action.notes = starts_on, due_on, notes
    return _save(action)
