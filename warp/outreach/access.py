"""Who may see and record workshops and activities. Views fetch records only through these getters.

- Team leads record and read the workshops held on the teams they lead; another team's answer 404.
- Centre managers, the partnership lead and administrators record and read every team's workshops, keep
  the workshop library and record the open-access groups' meetings.
- Team leads read the library (to use its handouts); everyone else gets 403 in this app. Commissioners
  see workshops only as the evaluation report's suppressed counts.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from warp.accounts.models import Role, User
from warp.outreach.models import Activity, Handout, HeldWorkshop, Workshop
from warp.teams.models import Team

CENTRE_ROLES = (Role.CENTRE_MANAGER, Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)
WORKSHOP_RECORDERS = (Role.TEAM_LEAD, *CENTRE_ROLES)
LIBRARY_READERS = WORKSHOP_RECORDERS
LIBRARY_KEEPERS = CENTRE_ROLES
ACTIVITY_KEEPERS = CENTRE_ROLES


def _team_q(user: User, path: str = "") -> Q:
    if user.role == Role.TEAM_LEAD:
        return Q(**{f"{path}leads": user})
    if user.role in CENTRE_ROLES:
        return Q()
    return Q(pk__in=[])


def recordable_teams(user: User) -> QuerySet[Team]:
    """The wards and services this person may record workshops for."""
    return Team.objects.filter(_team_q(user)).distinct()


def visible_held(user: User) -> QuerySet[HeldWorkshop]:
    if user.role == Role.TEAM_LEAD:
        return HeldWorkshop.objects.filter(team__in=Team.objects.filter(leads=user).values("pk"))
    if user.role in CENTRE_ROLES:
        return HeldWorkshop.objects.all()
    return HeldWorkshop.objects.none()


def get_held_for(user: User, pk: int) -> HeldWorkshop:
    return get_object_or_404(visible_held(user).select_related("team", "workshop"), pk=pk)


def get_workshop_for(user: User, pk: int) -> Workshop:
    rows = Workshop.objects.all() if user.role in LIBRARY_READERS else Workshop.objects.none()
    return get_object_or_404(rows, pk=pk)


def get_handout_for(user: User, pk: int) -> Handout:
    rows = Handout.objects.all() if user.role in LIBRARY_READERS else Handout.objects.none()
    return get_object_or_404(rows, pk=pk)


def get_activity_for(user: User, pk: int) -> Activity:
    rows = Activity.objects.all() if user.role in ACTIVITY_KEEPERS else Activity.objects.none()
    return get_object_or_404(rows, pk=pk)
