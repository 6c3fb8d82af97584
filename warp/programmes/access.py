"""Who may see what in programmes. Every view fetches programmes' records only through these getters.

- Peer workforce: the partnership lead and administrators see and manage every team's peer workers; a
  team lead sees (and records supervision for) the peer workers placed in the teams they lead, and gets
  404 for anyone else; centre managers read.
- Mentoring and the awards: the partnership lead and administrators manage; centre managers read.
- The staff network: only its coordinators see who is a member (and every look is audited); every other
  role, administrators included, sees counts. A buddy pair is seen by the two buddies and the coordinators.
- Judging: a judge sees the shortlisted nominations of the years whose panel they sit on.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from warp.accounts.access import role_required
from warp.accounts.models import STAFF_ROLES, Role, User
from warp.programmes.models import (
    AwardYear,
    BuddyPair,
    Judge,
    Membership,
    Network,
    NetworkAction,
    Nomination,
    Pairing,
    PeerWorker,
    Placement,
)
from warp.programmes.models.workforce import PlacementQuerySet

MANAGERS = (Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)
READERS = (*MANAGERS, Role.CENTRE_MANAGER)
WORKFORCE_READERS = (*READERS, Role.TEAM_LEAD)
SUPERVISION_RECORDERS = (*MANAGERS, Role.TEAM_LEAD)
NETWORK_MEMBERS = tuple(sorted(STAFF_ROLES))  # staff join the staff network
NETWORK_COUNT_READERS = (*NETWORK_MEMBERS, Role.COMMISSIONER)
JUDGES = NETWORK_MEMBERS  # any member of staff may sit on a panel


# Peer workforce --------------------------------------------------------------------------------------


def _worker_q(user: User, path: str = "") -> Q:
    if user.role == Role.TEAM_LEAD:
        return Q(**{f"{path}placements__team__leads": user})
    if user.role in READERS:
        return Q()
    return Q(pk__in=[])


def visible_workers(user: User) -> QuerySet[PeerWorker]:
    return PeerWorker.objects.filter(_worker_q(user)).distinct()


def visible_placements(user: User) -> PlacementQuerySet:
    if user.role == Role.TEAM_LEAD:
        return Placement.objects.filter(team__leads=user)
    if user.role in READERS:
        return Placement.objects.all()
    return Placement.objects.none()


def get_worker_for(user: User, pk: int) -> PeerWorker:
    return get_object_or_404(visible_workers(user), pk=pk)


def get_placement_for(user: User, pk: int) -> Placement:
    return get_object_or_404(visible_placements(user).select_related("worker", "team", "role"), pk=pk)


# Mentoring -------------------------------------------------------------------------------------------


def get_pairing_for(user: User, pk: int) -> Pairing:
    rows = (
        Pairing.objects.select_related("mentor", "mentee") if user.role in READERS else Pairing.objects.none()
    )
    return get_object_or_404(rows, pk=pk)


# The staff network -----------------------------------------------------------------------------------


def the_network() -> Network:
    """The centre's staff network (seeded; created here if someone removed it)."""
    network, _ = Network.objects.get_or_create(name="Hidden Talents")
    return network


def is_coordinator(user: User, network: Network) -> bool:
    return network.coordinators.filter(pk=user.pk).exists()


def require_coordinator(user: User, network: Network) -> None:
    """Only coordinators go further; administrators included, everyone else gets 403."""
    if not is_coordinator(user, network):
        raise PermissionDenied


def coordinator_required(view: Callable) -> Callable:
    """`role_required` for members of staff, then only the network's coordinators (a flag on the network,
    given by an administrator, not a role): everyone else, administrators included, gets 403 before
    anything else is looked at."""
    inner = role_required(*NETWORK_MEMBERS)(view)

    @wraps(inner)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.role in NETWORK_MEMBERS and not is_coordinator(user, the_network()):
            raise PermissionDenied
        return inner(request, *args, **kwargs)

    return wrapper


def members_for(user: User, network: Network) -> QuerySet[Membership]:
    """Who is a member: for coordinators only (403 for anyone else). The caller audits the look."""
    require_coordinator(user, network)
    return network.memberships.select_related("user").order_by("user__last_name", "user__first_name", "pk")


def get_membership_for(user: User, network: Network, pk: int) -> Membership:
    require_coordinator(user, network)
    return get_object_or_404(network.memberships.select_related("user"), pk=pk)


def own_buddy_pairs(user: User, network: Network) -> QuerySet[BuddyPair]:
    """The buddy pairs this person is half of: the only pairs a member who is not a coordinator sees."""
    return network.buddy_pairs.filter(Q(first__user=user) | Q(second__user=user)).select_related(
        "first__user", "second__user"
    )


def get_buddy_pair_for(user: User, network: Network, pk: int) -> BuddyPair:
    require_coordinator(user, network)
    return get_object_or_404(network.buddy_pairs, pk=pk)


def get_network_action_for(user: User, network: Network, pk: int) -> NetworkAction:
    require_coordinator(user, network)
    return get_object_or_404(network.actions, pk=pk)


# The awards ------------------------------------------------------------------------------------------


def get_award_year_for(user: User, pk: int) -> AwardYear:
    rows = AwardYear.objects.all() if user.role in READERS else AwardYear.objects.none()
    return get_object_or_404(rows, pk=pk)


def get_nomination_for(user: User, pk: int) -> Nomination:
    rows = Nomination.objects.all() if user.role in READERS else Nomination.objects.none()
    return get_object_or_404(rows.select_related("award_year", "category", "student"), pk=pk)


def judge_seats(user: User) -> QuerySet[Judge]:
    return Judge.objects.filter(user=user).select_related("award_year")


def get_judged_nomination_for(user: User, pk: int) -> tuple[Judge, Nomination]:
    """A shortlisted nomination of a year whose panel this person sits on, with their seat; 404 otherwise."""
    nomination = get_object_or_404(
        Nomination.objects.select_related("award_year", "category").filter(
            shortlisted=True, award_year__judges__user=user
        ),
        pk=pk,
    )
    return Judge.objects.get(award_year=nomination.award_year, user=user), nomination
