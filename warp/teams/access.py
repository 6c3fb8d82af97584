"""Who may see which team's records. Every view fetches teams' records only through these getters.

- Team leads see and manage only the teams they lead; another team's pages answer 404.
- The partnership lead and administrators see and manage every team.
- Centre managers may read every team's pages but change nothing (the views' role lists say so).
- Commissioners see only the team summaries page (aggregates); every team page answers 403.
- Students, trainers and admissions tutors get 403 everywhere in this app, except a rater link, which
  anyone holding it may use once, signed in or not.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from warp.accounts.models import Role
from warp.teams.models import (
    CareAssessment,
    FocusArea,
    PartnershipProject,
    PdsaAction,
    PrioritisationExercise,
    Team,
    TripRound,
    WorkItem,
)

ALL_TEAMS_MANAGERS = (Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)
TEAM_EDITORS = (Role.TEAM_LEAD, *ALL_TEAMS_MANAGERS)
TEAM_READERS = (*TEAM_EDITORS, Role.CENTRE_MANAGER)
PARTNERSHIP_READERS = (*ALL_TEAMS_MANAGERS, Role.CENTRE_MANAGER)
SUMMARY_READERS = (Role.COMMISSIONER, *PARTNERSHIP_READERS)


def _team_q(user, path: str = "") -> Q:
    """The rows belonging to teams this person may see; `path` leads from the row to its team."""
    if user.role == Role.TEAM_LEAD:
        return Q(**{f"{path}leads": user})
    if user.role in TEAM_READERS:
        return Q()
    return Q(pk__in=[])


def visible_teams(user) -> QuerySet[Team]:
    return Team.objects.filter(_team_q(user)).distinct()


def get_team_for(user, pk: int) -> Team:
    return get_object_or_404(visible_teams(user), pk=pk)


def get_round_for(user, pk: int) -> TripRound:
    return get_object_or_404(TripRound.objects.select_related("team").filter(_team_q(user, "team__")), pk=pk)


def get_focus_area_for(user, pk: int) -> FocusArea:
    rows = FocusArea.objects.select_related("round__team", "criterion").filter(_team_q(user, "round__team__"))
    return get_object_or_404(rows, pk=pk)


def get_action_for(user, pk: int) -> PdsaAction:
    rows = PdsaAction.objects.select_related("focus_area__round__team", "focus_area__criterion")
    return get_object_or_404(rows.filter(_team_q(user, "focus_area__round__team__")), pk=pk)


def get_work_item_for(user, pk: int) -> WorkItem:
    return get_object_or_404(WorkItem.objects.select_related("team").filter(_team_q(user, "team__")), pk=pk)


def get_care_assessment_for(user, pk: int) -> CareAssessment:
    rows = CareAssessment.objects.select_related("team").filter(_team_q(user, "team__"))
    return get_object_or_404(rows, pk=pk)


def get_exercise_for(user, pk: int) -> PrioritisationExercise:
    if user.role not in PARTNERSHIP_READERS:
        return get_object_or_404(PrioritisationExercise.objects.none(), pk=pk)
    return get_object_or_404(PrioritisationExercise, pk=pk)


def get_project_for(user, pk: int) -> PartnershipProject:
    """A project beyond teams: the partnership's, seen by those who read the whole register."""
    if user.role not in PARTNERSHIP_READERS:
        return get_object_or_404(PartnershipProject.objects.none(), pk=pk)
    return get_object_or_404(PartnershipProject, pk=pk)
