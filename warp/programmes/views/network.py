"""The staff network's pages. Names of members appear only on the coordinators' member list, and every
look at that list is written to the audit log."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.accounts.models import Role
from warp.core.disclosure import DisclosureRule, note
from warp.programmes import queries
from warp.programmes.access import (
    NETWORK_COUNT_READERS,
    NETWORK_MEMBERS,
    coordinator_required,
    get_buddy_pair_for,
    get_network_action_for,
    is_coordinator,
    members_for,
    own_buddy_pairs,
    the_network,
)
from warp.programmes.forms import (
    BuddyPairForm,
    CoordinatorsForm,
    GuidanceForm,
    NetworkActionForm,
    NetworkMeetingForm,
)
from warp.programmes.services import network as services
from warp.programmes.views._common import form_page


@role_required(*NETWORK_COUNT_READERS)
@require_safe
def network(request: SignedInRequest) -> HttpResponse:
    """Counts, guidance and the action plan for everyone on staff; your own membership and buddy for you."""
    the = the_network()
    counts = queries.network_counts(the)
    # Commissioners see only suppressed counts, as everywhere: a small network's "4 members" changing to
    # "5" would tell who joined.
    rule = DisclosureRule.from_settings() if request.user.role == Role.COMMISSIONER else None
    context = {
        "network": the,
        "counts": counts,
        "people": {
            "members": rule.count(counts.members) if rule else counts.members,
            "left": rule.count(counts.left) if rule else counts.left,
            "attendance": rule.count(counts.attendance) if rule else counts.attendance,
        },
        "suppression_note": note(rule) if rule else "",
        "actions": the.actions.all(),
        "can_join": request.user.role in NETWORK_MEMBERS,
        "is_member": the.memberships.filter(user=request.user).exists(),
        "my_pairs": own_buddy_pairs(request.user, the),
        "is_coordinator": is_coordinator(request.user, the),
        "is_administrator": request.user.role == Role.ADMINISTRATOR,
    }
    return render(request, "programmes/network.html", context)


@role_required(*NETWORK_MEMBERS)
@require_POST
def network_join(request: SignedInRequest) -> HttpResponse:
    services.network_join(network=the_network(), user=request.user, on=timezone.localdate())
    messages.success(
        request, "You have joined the network. Only its coordinators can see that you are a member."
    )
    return redirect("programmes:network")


@role_required(*NETWORK_MEMBERS)
@require_POST
def network_leave(request: SignedInRequest) -> HttpResponse:
    if services.network_leave(network=the_network(), user=request.user):
        messages.success(
            request, "You have left the network. Your membership is deleted; only a count is kept."
        )
    return redirect("programmes:network")


@coordinator_required
@require_safe
def network_members(request: SignedInRequest) -> HttpResponse:
    the = the_network()
    members = list(members_for(request.user, the))  # 403 unless a coordinator
    services.member_list_looked_at(network=the, request=request, user=request.user)
    pairs = the.buddy_pairs.select_related("first__user", "second__user")
    return render(
        request, "programmes/network_members.html", {"network": the, "members": members, "pairs": pairs}
    )


def _coordinator_form(request: SignedInRequest, form, **kwargs) -> HttpResponse:
    return form_page(request, form, back=reverse("programmes:network"), done="programmes:network", **kwargs)


@coordinator_required
def network_meeting_create(request: SignedInRequest) -> HttpResponse:
    the = the_network()
    return _coordinator_form(
        request,
        NetworkMeetingForm(request.POST or None),
        title="Record a network meeting",
        intro="Record the date and how many came; no names.",
        save=lambda data: services.network_meeting_record(network=the, **data),
        message="The meeting is recorded.",
    )


@coordinator_required
def network_action_create(request: SignedInRequest) -> HttpResponse:
    the = the_network()
    return _coordinator_form(
        request,
        NetworkActionForm(request.POST or None),
        title="Add an action to the action plan",
        save=lambda data: services.network_action_create(network=the, **data),
        message="The action is on the plan.",
    )


@coordinator_required
def network_action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    the = the_network()
    row = get_network_action_for(request.user, the, pk)
    return _coordinator_form(
        request,
        NetworkActionForm(request.POST or None, instance=row),
        title="Change an action",
        save=lambda data: services.network_action_update(row=row, **data),
        message="The action is saved.",
    )


@coordinator_required
def network_guidance(request: SignedInRequest) -> HttpResponse:
    the = the_network()
    return _coordinator_form(
        request,
        GuidanceForm(request.POST or None, initial={"guidance": the.guidance}),
        title="Guidance on safe disclosure",
        save=lambda data: services.network_guidance_update(network=the, **data),
        message="The guidance is saved.",
    )


@coordinator_required
def buddy_create(request: SignedInRequest) -> HttpResponse:
    the = the_network()
    members = members_for(request.user, the)
    form = BuddyPairForm(request.POST or None, members=members)
    return form_page(
        request,
        form,
        title="Pair two members as buddies",
        intro="Only the two buddies and the coordinators will see this pairing.",
        back=reverse("programmes:network-members"),
        save=lambda data: services.buddy_pair_create(network=the, on=timezone.localdate(), **data),
        done="programmes:network-members",
        message="The buddies are paired.",
    )


@coordinator_required
@require_POST
def buddy_end(request: SignedInRequest, pk: int) -> HttpResponse:
    pair = get_buddy_pair_for(request.user, the_network(), pk)
    services.buddy_pair_end(pair=pair)
    messages.success(request, "The buddy pairing is ended.")
    return redirect("programmes:network-members")


@role_required(Role.ADMINISTRATOR)
def network_coordinators(request: SignedInRequest) -> HttpResponse:
    the = the_network()
    form = CoordinatorsForm(request.POST or None, initial={"coordinators": list(the.coordinators.all())})
    return form_page(
        request,
        form,
        title="The network's coordinators",
        intro="Coordinators are the only people who see who is a member of the network, administrators "
        "included. Choose people the members trust.",
        back=reverse("programmes:network"),
        save=lambda data: services.coordinators_set(
            network=the, users=list(data["coordinators"]), by=request.user
        ),
        done="programmes:network",
        message="The coordinators are saved.",
    )
