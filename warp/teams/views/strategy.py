from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from warp.accounts.access import SignedInRequest, role_required
from warp.teams import services
from warp.teams.access import ALL_TEAMS_MANAGERS, PARTNERSHIP_READERS
from warp.teams.forms import ChallengeActionForm
from warp.teams.models import Challenge, ChallengeAction

_FIELDS = ["title", "owner", "state", "starts_on", "due_on", "notes"]


@role_required(*PARTNERSHIP_READERS)
@require_safe
def strategy(request: SignedInRequest) -> HttpResponse:
    challenges = Challenge.objects.prefetch_related(
        Prefetch("actions", queryset=ChallengeAction.objects.order_by("pk"))
    )
    return render(
        request,
        "teams/strategy.html",
        {"challenges": challenges, "can_manage": request.user.role in ALL_TEAMS_MANAGERS},
    )


@role_required(*ALL_TEAMS_MANAGERS)
def challenge_action_create(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge, pk=pk)
    form = ChallengeActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.challenge_action_create(challenge=challenge, **{n: form.cleaned_data[n] for n in _FIELDS})
        messages.success(request, "Action added to the strategy.")
        return redirect("teams:strategy")
    return render(request, "teams/challenge_action_form.html", {"form": form, "challenge": challenge})


@role_required(*ALL_TEAMS_MANAGERS)
def challenge_action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(ChallengeAction.objects.select_related("challenge"), pk=pk)
    form = ChallengeActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.challenge_action_update(action=action, **{n: form.cleaned_data[n] for n in _FIELDS})
        messages.success(request, "Action saved.")
        return redirect("teams:strategy")
    return render(
        request,
        "teams/challenge_action_form.html",
        {"form": form, "challenge": action.challenge, "action": action},
    )
