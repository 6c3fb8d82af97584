"""The staff lived-experience network. Membership is a disclosure: members join and leave themselves, only
coordinators see who is a member, and every look at the member list is written to the audit log."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from warp import audit
from warp.accounts.models import User
from warp.programmes.models import ActionState, BuddyPair, Membership, Network, NetworkAction, NetworkMeeting


@transaction.atomic
def network_join(*, network: Network, user: User, on: date) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        network=network, user=user, defaults={"joined_on": on}
    )
    return membership


@transaction.atomic
def network_leave(*, network: Network, user: User) -> bool:
    """Delete the membership (and any buddy pairing with it); only the count of leavers is kept."""
    deleted = Membership.objects.filter(network=network, user=user).delete()[0]
    if deleted:
        Network.objects.filter(pk=network.pk).update(left_count=F("left_count") + 1)
    return bool(deleted)


def member_list_looked_at(*, network: Network, request: HttpRequest, user: User) -> None:
    """Every look at who is a member goes in the audit log (the list itself is not copied there)."""
    audit.record(action="view", request=request, user=user, obj=network, note="Looked at the member list")


@transaction.atomic
def coordinators_set(*, network: Network, users: list[User], by: User) -> None:
    """An administrator names the network's coordinators: the only people who see who is a member."""
    before = set(network.coordinators.values_list("pk", flat=True))
    network.coordinators.set(users)
    after = {user.pk for user in users}
    if before != after:
        audit.record(action="change", obj=network, user=by, note=f"Coordinators changed ({len(after)} now)")


@transaction.atomic
def network_meeting_record(*, network: Network, held_on: date, attendance: int) -> NetworkMeeting:
    meeting = NetworkMeeting(network=network, held_on=held_on, attendance=attendance)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def network_action_create(
    *, network: Network, action: str, owner: str, state: str = ActionState.TO_DO
) -> NetworkAction:
    row = NetworkAction(network=network, action=action.strip(), owner=owner.strip(), state=state)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def network_action_update(*, row: NetworkAction, action: str, owner: str, state: str) -> NetworkAction:
    row.action, row.owner, row.state = action.strip(), owner.strip(), state
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def network_guidance_update(*, network: Network, guidance: str) -> Network:
    network.guidance = guidance.strip()
    network.full_clean()
    network.save(update_fields=["guidance"])
    return network


@transaction.atomic
def buddy_pair_create(*, network: Network, first: Membership, second: Membership, on: date) -> BuddyPair:
    if first.pk == second.pk:
        raise ValidationError({"second": "Choose two different members."})
    if first.network_id != network.pk or second.network_id != network.pk:
        raise ValidationError("Both buddies must be members of the network.")
    pair = BuddyPair(network=network, first=first, second=second, paired_on=on)
    pair.full_clean()
    pair.save()
    return pair


@transaction.atomic
def buddy_pair_end(*, pair: BuddyPair) -> None:
    pair.delete()
