"""The teams app's data, one module per tool: teams and the work register, the Brief TRIP, the Triangle
of Care, carers' priorities and the strategy."""

from warp.teams.models.care import (
    MAX_PICKS,
    CareAssessment,
    CareKind,
    CareRating,
    CareRatingLevel,
    CarerProblem,
    CareStandard,
    Participant,
    ParticipantGroup,
    PrioritisationExercise,
    PriorityArea,
    ProgressRating,
)
from warp.teams.models.projects import PartnershipProject, ProjectKind
from warp.teams.models.strategy import ActionState, Challenge, ChallengeAction
from warp.teams.models.team import Team, TeamKind, WorkItem, WorkKind, WorkState
from warp.teams.models.trip import (
    FocusArea,
    PdsaAction,
    PdsaState,
    Perspective,
    RaterLink,
    ResponseSource,
    TripCriterion,
    TripResponse,
    TripRound,
    TripScore,
    TripScoreKey,
)

__all__ = [
    "ActionState",
    "CareAssessment",
    "CareKind",
    "CareRating",
    "CareRatingLevel",
    "CareStandard",
    "CarerProblem",
    "MAX_PICKS",
    "Challenge",
    "ChallengeAction",
    "FocusArea",
    "Participant",
    "ParticipantGroup",
    "PartnershipProject",
    "PdsaAction",
    "PdsaState",
    "Perspective",
    "PrioritisationExercise",
    "PriorityArea",
    "ProgressRating",
    "ProjectKind",
    "RaterLink",
    "ResponseSource",
    "Team",
    "TeamKind",
    "TripCriterion",
    "TripResponse",
    "TripRound",
    "TripScore",
    "TripScoreKey",
    "WorkItem",
    "WorkKind",
    "WorkState",
]
